"""Moves the data revision with every committed transaction that wrote anything.

Engine events on every engine `crm.db.engine.create_engine` makes, so no write path
can forget it: any INSERT, UPDATE or DELETE on a
connection marks it, and the transaction's commit bumps `data_state.revision` just
before it is sent, in the same transaction (the row lock orders concurrent writers,
so revisions commit in increasing order). Bulk loads through the driver (COPY) move
the graph revision in their transaction, and that UPDATE marks it too. A rollback
forgets the mark. A cached response is the answer for as long as the revision it was
computed at is the current one (crm/serving/response_cache.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlmodel import col

from crm.db.models import DataState

__all__ = ["UNTRACKED", "current_data_revision", "track_writes", "write_generation"]

#: a connection whose `info` holds this key moves no revision (migrations: the table
#: may not exist yet, and servers start after them anyway)
UNTRACKED = "crm_data_untracked"
_WRITTEN = "crm_data_written"
_BUMP = "UPDATE data_state SET revision = revision + 1 WHERE id = 1"
_DML = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY", "TRUNCAT")


async def current_data_revision(session: Any) -> int | None:
    """The committed data revision (None if the row is missing: then cache nothing)."""
    result = await session.execute(select(col(DataState.revision)).where(col(DataState.id) == 1))
    value = result.scalar_one_or_none()
    return int(value) if value is not None else None


#: moves with every write this process commits (what it caches about the database, such
#: as the viewers of tokens, is valid only within one generation)
_generation = 0


def write_generation() -> int:
    """This process's write generation: read it before a read whose result is kept, and
    keep the result only while it has not moved."""
    return _generation


def _next_generation(*_args: Any) -> None:
    global _generation
    _generation += 1


# After a session's COMMIT has landed: a read that began before it may have seen the old
# rows, and it began in an older generation. (The engine's `commit` event below fires
# before the COMMIT is sent, which covers writes made without a session.)
event.listen(Session, "after_commit", _next_generation)


def track_writes(engine: Engine) -> None:
    """Move the data revision with every write committed through `engine` (the app's
    engines; migrations run on their own, before the table exists)."""
    event.listen(engine, "after_cursor_execute", _mark_written)
    event.listen(engine, "commit", _bump_before_commit)
    event.listen(engine, "rollback", _forget)


def _mark_written(
    connection: Connection,
    _cursor: Any,
    statement: str,
    _parameters: Any,
    context: Any,
    _executemany: bool,
) -> None:
    wrote = context is not None and (context.isinsert or context.isupdate or context.isdelete)
    # textual statements (`text("DELETE …")`) carry no flags: their first word tells
    wrote = wrote or statement.lstrip()[:7].upper().startswith(_DML)
    if wrote and not connection.info.get(UNTRACKED):
        connection.info[_WRITTEN] = True


def _bump_before_commit(connection: Connection) -> None:
    if connection.info.pop(_WRITTEN, False):
        _next_generation()
        connection.exec_driver_sql(_BUMP)
        connection.info.pop(_WRITTEN, None)  # the bump itself is an UPDATE


def _forget(connection: Connection) -> None:
    connection.info.pop(_WRITTEN, None)
