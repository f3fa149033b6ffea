"""Counting the SQL statements a request runs (the query's own work)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

#: the bearer token's lookup, one per request before the operation runs
_AUTHENTICATION = "SELECT staff_user.id, staff_user.username, staff_user.role, api_token.id"


@contextmanager
def counting(engine: AsyncEngine, *, selects_only: bool = False) -> Iterator[list[str]]:
    """The statements run on `engine` meanwhile, without transaction control and
    without signing the caller in (`selects_only`: SELECTs alone)."""
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        head = statement.lstrip().upper()
        if head.startswith(("BEGIN", "PRAGMA", "SAVEPOINT")) or statement.lstrip().startswith(
            _AUTHENTICATION
        ):
            return
        if selects_only and not head.startswith("SELECT"):
            return
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
