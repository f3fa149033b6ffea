"""Guards in front of /graphql: JSON POSTs only (a CSRF defence), a body size cap, the
bearer token, and which other origins' browser apps may call it (CORS)."""

from __future__ import annotations

import json
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm.db.session import RequestConnection, request_session_factory
from crm.security.auth import (
    authenticate,
    authenticate_on,
    authenticate_with_revision,
    bearer_token,
)

__all__ = ["Authenticate", "GraphQLRequestGuard", "cors_middleware"]

#: how long a browser may reuse a preflight's answer, in seconds
CORS_MAX_AGE = 600


def cors_middleware(origins: list[str]) -> Middleware:
    """Starlette's CORS middleware for exactly `origins`: a preflight from one of them is
    answered (POST and GET, the Authorization and Content-Type headers), and responses
    carry `Access-Control-Allow-Origin: <that origin>` with credentials allowed; any other
    origin gets no CORS headers, so its browser keeps the response from the page."""
    return Middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        allow_credentials=True,
        max_age=CORS_MAX_AGE,
    )


log = logging.getLogger(__name__)


class GraphQLRequestGuard:
    """Pure ASGI middleware for the GraphQL path.

    A browser can send a cross-site form POST (text/plain, form-encoded) without a
    preflight; requiring `application/json` makes such requests fail. Bodies above
    `max_bytes` are refused before they are read into memory.
    """

    def __init__(self, app: ASGIApp, *, path: str, max_bytes: int) -> None:
        self.app = app
        self.path = path
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            await _refuse(send, 415, "send GraphQL requests as application/json")
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await _refuse(send, 413, f"request body larger than {self.max_bytes} bytes")
            return
        # Read the body here, never more than the cap, then hand it on.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _refuse(send, 413, f"request body larger than {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, message: str, *, code: str | None = None) -> None:
    error: dict[str, object] = {"message": message}
    if code is not None:
        error["extensions"] = {"code": code}
    body = json.dumps({"errors": [error]}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="crm"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Authenticate:
    """Pure ASGI middleware: resolves `Authorization: Bearer …` on the GraphQL path into
    the request's viewer (`scope["state"]["viewer"]`).

    A request without the header goes on anonymously (GraphQL then allows nothing but
    `login`); one with a malformed, unknown, expired or revoked token is refused with
    401 before anything runs. Websockets authenticate in `connection_init` instead.

    On PostgreSQL the request's sessions, this look-up's first, share one pooled
    connection (`crm.db.session`): `scope["state"]["session_factory"]` makes them.
    """

    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        # SQLite has no pool to save on (each session opens the file); see crm.db.session
        if state.settings.is_sqlite or not state.settings.request_connection:
            await self._authenticate(scope, receive, send, state.session_factory, None)
            return
        lease = RequestConnection(state.engine)
        session_factory = request_session_factory(state.engine, lease)
        scope.setdefault("state", {})["session_factory"] = session_factory
        try:
            await self._authenticate(scope, receive, send, session_factory, lease)
        finally:
            await lease.close()

    async def _authenticate(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        session_factory: async_sessionmaker[AsyncSession],
        lease: RequestConnection | None,
    ) -> None:
        header = next(
            (v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"authorization"),
            None,
        )
        if header is not None:
            token = bearer_token(header)
            # The response cache needs the data revision before anything runs: read in
            # the token's statement, it costs no round trip of its own.
            with_revision = scope["app"].state.response_cache is not None
            try:
                viewer, revision = None, None
                if token and lease is not None:  # one round trip, the revision with it
                    viewer, revision = await authenticate_on(lease, session_factory, token)
                elif token and with_revision:
                    viewer, revision = await authenticate_with_revision(session_factory, token)
                elif token:
                    viewer = await authenticate(session_factory, token)
            except Exception:  # the database is down: say so, without details
                log.exception("checking a bearer token failed")
                await _refuse(send, 503, "cannot check the token now", code="SERVICE_UNAVAILABLE")
                return
            if viewer is None:
                await _refuse(
                    send,
                    401,
                    "invalid, expired or revoked token: sign in again",
                    code="UNAUTHENTICATED",
                )
                return
            state = scope.setdefault("state", {})
            state["viewer"] = viewer
            state["data_revision"] = revision
        await self.app(scope, receive, send)
