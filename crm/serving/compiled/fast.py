"""Compiled reads answered in front of GraphQL: a request whose operation the whole
pipeline has let through before, and the compiled read path answered, skips strawberry.

What the pipeline decided for an operation depends only on what the key holds: the
document, the operation name, the variables, the viewer's role and scopes, the page
size cap and the database (parsing, validation, the depth, alias and token limits, the
operation's name, the text rules of `ForbiddenText`, the access gate's refusals, the
cost limit, the compiled plan). `CompiledReads` keeps a *verdict* (the prepared
operation and its cost) once it has answered an operation; `CompiledAnswers`, pure ASGI
middleware inside `CachedAnswers`, then answers the same key at once: it charges the
token's budget as the cost limit would, runs the prepared statements on the request's
connection and writes `{"data": …}` with orjson, the bytes strawberry's view would have
written. Whatever is not simple goes on to GraphQL: bodies with `extensions` (persisted
documents), a token over its budget (GraphQL refuses it with RATE_LIMITED), a `node` ID
without a row, any error of the compiled path (in those two rare cases the token is
charged twice for the request: here and by the cost limit).

The compiled path reads no contact channel (fields with their own resolver fall back),
so no audit entry is skipped; its answers may be kept by the response cache.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Receive, Scope, Send

from crm.db.session import lease_of
from crm.security.limits import charge_token
from crm.security.request_body import read_body
from crm.security.viewer import Viewer
from crm.serving.compiled.answer import NodeNotFoundError, Prepared, answer

__all__ = [
    "COMPILED_COST",
    "CompiledAnswers",
    "Verdict",
    "Verdicts",
    "operation_key",
    "statement_reader",
]

log = logging.getLogger(__name__)

#: the scope's state holds the cost of an operation `CompiledAnswers` answered
COMPILED_COST = "compiled_cost"
_HEADERS = (b"content-type", b"application/json")


@dataclass(frozen=True)
class Verdict:
    """An operation the pipeline let through and the compiled path answered."""

    prepared: Prepared
    #: its cost as the cost limit measured it (charged to the token's budget)
    cost: int


class Verdicts:
    """Verdicts by `operation_key`, least recently used forgotten first (one per app:
    the limits they were reached under are the app's settings)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[Any, ...], Verdict] = OrderedDict()
        #: requests answered here, in front of GraphQL, and those where the compiled
        #: path raised and GraphQL answered (tests read them)
        self.answered = 0
        self.failed = 0

    def get(self, key: tuple[Any, ...]) -> Verdict | None:
        verdict = self._entries.get(key)
        if verdict is not None:
            self._entries.move_to_end(key)
        return verdict

    def put(self, key: tuple[Any, ...], verdict: Verdict) -> None:
        self._entries[key] = verdict
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)


def operation_key(
    query: str,
    operation_name: str | None,
    variables: bytes,
    viewer: Viewer,
    max_page_size: int,
    dialect: str,
) -> tuple[Any, ...]:
    """What decides an operation's plan and verdict (`variables`: orjson, sorted keys)."""
    return (query, operation_name, variables, viewer.role, viewer.scopes, max_page_size, dialect)


class CompiledAnswers:
    def __init__(self, app: ASGIApp, *, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != self.path or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        app_state = scope["app"].state
        verdicts: Verdicts | None = getattr(app_state, "compiled_verdicts", None)
        state = scope.get("state") or {}
        viewer = state.get("viewer")
        if verdicts is None or not isinstance(viewer, Viewer):
            await self.app(scope, receive, send)
            return
        body, receive = await read_body(receive)
        settings = app_state.settings
        factory = state.get("session_factory", app_state.session_factory)
        key = _key_of(body, viewer, settings.max_page_size, factory.kw["bind"].dialect.name)
        verdict = verdicts.get(key) if key is not None else None
        if verdict is None or not _within_budget(viewer, verdict.cost, settings):
            await self.app(scope, receive, send)
            return
        read = statement_reader(factory)
        try:
            data = await answer(verdict.prepared, read, sql_json=settings.compiled_json)
        except NodeNotFoundError:
            await self.app(scope, receive, send)  # GraphQL looks for a merged record
            return
        except Exception:  # a bug or an outage: GraphQL answers (with the error's shape)
            log.exception("the compiled read path failed in front of GraphQL")
            verdicts.failed += 1
            await self.app(scope, receive, send)
            return
        verdicts.answered += 1
        state[COMPILED_COST] = verdict.cost  # CachedAnswers keeps the answer
        encoded = orjson.dumps({"data": data})
        headers = [_HEADERS, (b"content-length", str(len(encoded)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": encoded})


def statement_reader(
    factory: async_sessionmaker[AsyncSession],
) -> Callable[[Select[Any]], Awaitable[list[Row[Any]]]]:
    """Runs a compiled statement on the request's connection outside a transaction (one
    statement, one snapshot: no BEGIN and ROLLBACK round trips), or in a session of
    `factory` when there is no such connection or another session holds it."""
    lease = lease_of(factory)

    async def read(statement: Select[Any]) -> list[Row[Any]]:
        rows = await lease.read_all(statement) if lease is not None else None
        if rows is None:
            async with factory() as session:
                rows = list((await session.execute(statement)).all())
        return rows

    return read


def _key_of(
    body: bytes, viewer: Viewer, max_page_size: int, dialect: str
) -> tuple[Any, ...] | None:
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(parsed, dict) or parsed.keys() - {"query", "variables", "operationName"}:
        return None  # extensions (a persisted document): GraphQL resolves them
    query, name = parsed.get("query"), parsed.get("operationName")
    variables = parsed.get("variables") or {}
    if not isinstance(query, str) or not isinstance(name, str | None):
        return None
    if not isinstance(variables, dict):
        return None
    encoded = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    return operation_key(query, name, encoded, viewer, max_page_size, dialect)


def _within_budget(viewer: Viewer, cost: int, settings: Any) -> bool:
    """Charge the token as the cost limit would; False: GraphQL refuses it."""
    if viewer.token_id is None:
        return True
    return charge_token(viewer.token_id, cost, settings.token_budget_per_minute) is None
