"""Idempotency keys: a create (or an import) retried with the same key is done once.

A client that lost the answer to a create cannot tell whether it happened; sending the
same `idempotencyKey` again is safe. Per user and key, for 24 hours:

- the first request claims the key (its own small transaction), runs, and keeps what
  it answered; if it was refused (UserErrors) or failed, the claim is dropped, since
  nothing changed, and the key may be used again;
- the same key with the same operation and input answers the first result again (the
  record as it is now), without running anything; a retry that arrives while the first
  is still running waits for it (a few seconds, then CONFLICT: try again);
- the same key with another operation or input is a CONFLICT on `idempotencyKey`.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

import orjson
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from crm.db.models import IdempotencyKey
from crm.db.types import utcnow
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers.context import Context

__all__ = ["KEY_LIFETIME", "idempotent", "request_hash"]

T = TypeVar("T")

#: how long a key answers for its first request
KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 100
#: how long a retry waits for the first request with its key to finish (seconds)
WAIT_SECONDS = 10.0
_POLL_SECONDS = 0.05
FIELD = ("idempotencyKey",)
_BUSY = "the first request with this idempotency key is still running: try again"


def request_hash(operation: str, values: Mapping[str, Any]) -> str:
    """A SHA-256 of the operation and its input as plain values (keys sorted)."""
    text = orjson.dumps(
        {"operation": operation, "input": values},
        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS,
        default=_plain,
    )
    return hashlib.sha256(text).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | set | frozenset):
        return str(value) if isinstance(value, Decimal) else sorted(map(str, value))
    return str(value)


async def idempotent(
    context: Context,
    key: str | None,
    operation: str,
    values: Mapping[str, Any],
    run: Callable[[], Awaitable[T]],
    *,
    remember: Callable[[T], dict[str, Any]],
    replay: Callable[[dict[str, Any]], Awaitable[T]],
) -> T:
    """`run()` once per key: the first time, keep `remember(result)`; on a retry answer
    `replay(what was kept)`. Without a key, just `run()`."""
    if key is None:
        return await run()
    user_id = context.signed_in.user_id
    if user_id is None:  # the command line: nothing is retried over a network
        return await run()
    key = _checked(key)
    digest = request_hash(operation, values)
    claim = None
    for _ in range(3):  # a first request that was refused lets the key go: take it then
        claim = await _claim(context, user_id, key, operation, digest)
        if claim is not None:
            break
        kept = await _first_result(context, user_id, key, operation, digest)
        if kept is not None:
            return await replay(kept)
    if claim is None:
        raise UserErrors.one(UserErrorCode.CONFLICT, _BUSY, FIELD)
    try:
        result = await run()
    except BaseException:
        await _release(context, claim)  # nothing changed: the key may be used again
        raise
    async with context.session_factory() as session, session.begin():
        table = IdempotencyKey.__table__  # type: ignore[attr-defined]
        await session.execute(
            update(table).where(table.c.id == claim).values(result=remember(result))
        )
    return result


def _checked(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise UserErrors.one(
            UserErrorCode.VALIDATION,
            f"an idempotency key has 1 to {MAX_KEY_LENGTH} characters",
            FIELD,
        )
    return key


async def _claim(
    context: Context, user_id: int, key: str, operation: str, digest: str
) -> int | None:
    """The new claim's row id, or None if the key is taken (an expired one is freed)."""
    table = IdempotencyKey.__table__  # type: ignore[attr-defined]
    for _ in range(2):
        try:
            async with context.session_factory() as session, session.begin():
                row = IdempotencyKey(
                    user_id=user_id, key=key, operation=operation, request_hash=digest
                )
                session.add(row)
                await session.flush()
                return row.id
        except IntegrityError:
            pass
        # taken: by an expired claim? Free it and claim again, once.
        async with context.session_factory() as session, session.begin():
            freed = await session.execute(
                delete(table).where(
                    table.c.user_id == user_id,
                    table.c.key == key,
                    table.c.created_at < utcnow() - KEY_LIFETIME,
                )
            )
        if not getattr(freed, "rowcount", 0):
            return None
    return None


async def _first_result(
    context: Context, user_id: int, key: str, operation: str, digest: str
) -> dict[str, Any] | None:
    """What the first request with this key answered (waiting while it runs); None if
    it let the key go."""
    table = IdempotencyKey.__table__  # type: ignore[attr-defined]
    query = select(table.c.operation, table.c.request_hash, table.c.result).where(
        table.c.user_id == user_id, table.c.key == key
    )
    waited = 0.0
    while True:
        async with context.session_factory() as session:
            found = (await session.execute(query)).first()
        if found is None:
            return None  # the first request was refused and let the key go
        if found.operation != operation or found.request_hash != digest:
            raise UserErrors.one(
                UserErrorCode.CONFLICT,
                "this idempotency key was used for another request in the last 24 hours: "
                "use a new key for a new request",
                FIELD,
            )
        if found.result is not None:
            result: dict[str, Any] = found.result
            return result
        if waited >= WAIT_SECONDS:
            raise UserErrors.one(UserErrorCode.CONFLICT, _BUSY, FIELD)
        await asyncio.sleep(_POLL_SECONDS)
        waited += _POLL_SECONDS


async def _release(context: Context, claim: int) -> None:
    table = IdempotencyKey.__table__  # type: ignore[attr-defined]
    async with context.session_factory() as session, session.begin():
        await session.execute(delete(table).where(table.c.id == claim))
