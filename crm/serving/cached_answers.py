"""Answers from the response cache, given in front of GraphQL: a hit is found from the
request's bytes and viewer alone, before strawberry parses anything.

Pure ASGI middleware, inside `Authenticate` (the viewer and the data revision are in
the scope's state by then) and inside the request guard (the body is JSON and within
its cap). A hit charges its token the operation's cost, as running it would
(`crm.security.limits`); a token over its budget goes on to GraphQL, which refuses it
with RATE_LIMITED. A miss goes on to GraphQL too, and its answer is kept when
`MarkCacheable` said it may be (a query without errors that read no contact channel).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from crm.security.limits import charge_token
from crm.security.request_body import read_body
from crm.security.viewer import Viewer
from crm.serving.compiled.fast import COMPILED_COST
from crm.serving.response_cache import ResponseCache, ServingContext, key_of

__all__ = ["CachedAnswers"]

_HEADERS = [(b"content-type", b"application/json")]


class CachedAnswers:
    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        cache: ResponseCache | None = (
            scope["app"].state.response_cache if scope["type"] == "http" else None
        )
        if cache is None or scope["path"] != self.path or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        state = scope.get("state") or {}
        if not isinstance(state.get("viewer"), Viewer):
            await self.app(scope, receive, send)
            return
        body, receive = await read_body(receive)
        key = key_of(state, body)
        if key is None:
            await self.app(scope, receive, send)
            return
        cached = cache.get(key)
        if cached is not None and _within_budget(scope, state["viewer"], cached.cost):
            headers = [*_HEADERS, (b"content-length", str(len(cached.body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": cached.body})
            return
        status = 0
        chunks: list[bytes] = []

        async def keeping(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keeping)
        served = state.get("crm_context")
        if status == 200 and isinstance(served, ServingContext) and served.cacheable:
            cache.put(key, b"".join(chunks), served.query_cost)
        elif status == 200 and COMPILED_COST in state:  # answered by CompiledAnswers
            cache.put(key, b"".join(chunks), state[COMPILED_COST])


def _within_budget(scope: Scope, viewer: Viewer, cost: int) -> bool:
    if viewer.token_id is None:
        return True
    budget = scope["app"].state.settings.token_budget_per_minute
    return charge_token(viewer.token_id, cost, budget) is None
