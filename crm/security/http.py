"""Guards in front of /graphql: JSON POSTs only (a CSRF defence), a body size cap, the
bearer token or the browser session's cookie (from our own origin only), and which other
origins' browser apps may call it (CORS)."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from crm.db.session import RequestConnection, request_session_factory
from crm.security.auth import (
    authenticate,
    authenticate_cached,
    authenticate_on,
    authenticate_with_revision,
    bearer_token,
)
from crm.security.browser import allowed_origin, header, session_cookie
from crm.security.request_body import body_refusal, error_json, replaying, status_code

__all__ = ["Authenticate", "GraphQLRequestGuard", "cors_middleware", "refuse"]

#: how long a browser may reuse a preflight's answer, in seconds
CORS_MAX_AGE = 600


def cors_middleware(origins: list[str]) -> Middleware:
    """Starlette's CORS middleware for exactly `origins`: a preflight from one of them is
    answered (POST, GET and DELETE, the Authorization and Content-Type headers), and responses
    carry `Access-Control-Allow-Origin: <that origin>` with credentials allowed; any other
    origin gets no CORS headers, so its browser keeps the response from the page."""
    return Middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["Authorization", "Content-Type"],
        allow_credentials=True,
        max_age=CORS_MAX_AGE,
    )


log = logging.getLogger(__name__)


class GraphQLRequestGuard:
    """Pure ASGI middleware for the GraphQL path.

    A browser can send a cross-site form POST (text/plain, form-encoded) without a
    preflight; requiring `application/json` makes such requests fail. Bodies above
    `max_bytes` are refused before they are read into memory; a body that is not a
    GraphQL request (`crm.security.request_body`) is refused with 400 before it runs.
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
            await refuse(send, 415, "send GraphQL requests as application/json")
            return
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await refuse(send, 413, f"request body larger than {self.max_bytes} bytes")
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
                await refuse(send, 413, f"request body larger than {self.max_bytes} bytes")
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if (why := body_refusal(body)) is not None:
            await refuse(send, 400, why)
            return
        await self.app(scope, replaying(body, receive), send)


async def refuse(send: Send, status: int, message: str, *, code: str | None = None) -> None:
    body = error_json(message, code or status_code(status))
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="crm"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


#: methods that run nothing on /graphql (GraphiQL's page, preflights): no cookie read
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Authenticate:
    """Pure ASGI middleware: resolves `Authorization: Bearer …` on the GraphQL path, or
    without that header the browser session's cookie (crm.security.browser), into the
    request's viewer (`scope["state"]["viewer"]`).

    A request with neither goes on anonymously (GraphQL then allows nothing but
    `login`); one with a malformed, unknown, expired or revoked token or session is
    refused with 401 before anything runs, and a cookie-authenticated one from another
    origin with 403. A websocket's handshake may carry the cookie (from our origin, or
    the handshake is refused with 403); otherwise it authenticates in `connection_init`.

    On PostgreSQL the request's sessions, this look-up's first, share one pooled
    connection (`crm.db.session`): `scope["state"]["session_factory"]` makes them.
    """

    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"] == self.path:
            await self._websocket(scope, receive, send)
            return
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

    async def _websocket(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The cookie of a websocket's handshake, if it carries one (no lease: the
        connection may stay open for hours)."""
        state = scope["app"].state
        cookie = session_cookie(scope)
        if cookie is not None:
            if not allowed_origin(scope, state.settings.cors_origins):
                await receive()  # websocket.connect
                # closing before accepting answers the handshake with 403
                await send({"type": "websocket.close", "code": 1008})
                return
            try:
                viewer = await authenticate(state.session_factory, cookie)
            except Exception:  # the database is down: connection_init may still work
                log.exception("checking a session cookie failed")
                viewer = None
            if viewer is not None:
                scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)

    async def _authenticate(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        session_factory: async_sessionmaker[AsyncSession],
        lease: RequestConnection | None,
    ) -> None:
        authorization = header(scope, b"authorization")
        token: str | None = None
        from_cookie = False
        if authorization is not None:
            token = bearer_token(authorization)
        elif scope["method"] not in SAFE_METHODS:
            token = session_cookie(scope)
            from_cookie = token is not None
            if from_cookie and not allowed_origin(scope, scope["app"].state.settings.cors_origins):
                await refuse(
                    send,
                    403,
                    "a request signed in by the session cookie must come from this "
                    "application's own pages (Origin)",
                    code="FORBIDDEN",
                )
                return
        if authorization is not None or from_cookie:
            app_state = scope["app"].state
            # The response cache needs the data revision before anything runs: known in
            # memory (crm/db/revision_listener.py), else read in the token's statement.
            with_revision = app_state.response_cache is not None
            known = app_state.known_revision.current() if with_revision else None
            # Then a token checked lately needs no statement at all (TokenCache).
            usable = not with_revision or known is not None
            token_cache = app_state.token_cache if usable else None
            try:
                viewer, revision = None, None
                if token and token_cache is not None:
                    viewer = await authenticate_cached(token_cache, session_factory, token, lease)
                    revision = known
                elif token and lease is not None:  # one round trip, the revision with it
                    viewer, revision = await authenticate_on(lease, session_factory, token)
                elif token and with_revision:
                    viewer, revision = await authenticate_with_revision(session_factory, token)
                elif token:
                    viewer = await authenticate(session_factory, token)
            except Exception as exc:  # the database is down: say so, without details
                # an outage is expected now and then: one line per request, no traceback
                log.warning("checking a bearer token failed: %s", type(exc).__name__)
                await refuse(send, 503, "cannot check the token now", code="SERVICE_UNAVAILABLE")
                return
            if viewer is None:
                message = (
                    "the session has expired or was ended: sign in again"
                    if from_cookie
                    else "invalid, expired or revoked token: sign in again"
                )
                await refuse(send, 401, message, code="UNAUTHENTICATED")
                return
            state = scope.setdefault("state", {})
            state["viewer"] = viewer
            state["data_revision"] = revision
        await self.app(scope, receive, send)
