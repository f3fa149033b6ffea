"""Moves the data revision with every committed transaction that wrote anything.

Engine events on every engine `crm.db.engine.create_engine` makes, so no write path
can forget it: any INSERT, UPDATE or DELETE on a
connection marks it, and the transaction's commit bumps `data_state.revision` just
before it is sent, in the same transaction (the row lock orders concurrent writers,
so revisions commit in increasing order); on PostgreSQL the same statement notifies
`REVISION_CHANNEL` with the new revision, which the server delivers at the commit to
every process that listens (crm/db/revision_listener.py). Right after such a COMMIT has
landed, the machine's counter moves too (crm/db/machine_revision.py), so this machine's
other processes learn of the write without asking the database. Bulk loads through the
driver (COPY) move the graph revision in their transaction, and that UPDATE marks it
too. A rollback forgets the mark. A cached response is the answer for as long as the
revision it was computed at is the current one (crm/serving/response_cache.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import Session
from sqlmodel import col

from crm.db.machine_revision import MachineCounter
from crm.db.models import DataState

__all__ = [
    "REVISION_CHANNEL",
    "UNTRACKED",
    "current_data_revision",
    "track_writes",
    "write_generation",
]

#: a connection whose `info` holds this key moves no revision (migrations: the table
#: may not exist yet, and servers start after them anyway)
UNTRACKED = "crm_data_untracked"
_WRITTEN = "crm_data_written"
#: the DBAPI connection's COMMIT under way ends a transaction that wrote
_LANDING = "crm_data_landing"
#: the PostgreSQL notification channel of new data revisions (the payload: the number)
REVISION_CHANNEL = "crm_data_revision"
_BUMP = "UPDATE data_state SET revision = revision + 1 WHERE id = 1"
_BUMP_AND_NOTIFY = (
    "WITH moved AS (UPDATE data_state SET revision = revision + 1 WHERE id = 1 "
    "RETURNING revision) "
    f"SELECT pg_notify('{REVISION_CHANNEL}', CAST(revision AS text)) FROM moved"
)
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


def track_writes(engine: Engine, counter: MachineCounter | None = None) -> None:
    """Move the data revision with every write committed through `engine` (the app's
    engines; migrations run on their own, before the table exists), and `counter` once
    each such COMMIT has landed."""
    event.listen(engine, "after_cursor_execute", _mark_written)
    event.listen(engine, "commit", _bump_before_commit)
    event.listen(engine, "rollback", _forget)
    if counter is not None:
        _count_after_commit(engine.dialect, counter)


def _count_after_commit(dialect: Dialect, counter: MachineCounter) -> None:
    """Wrap the engine's own dialect's COMMIT (SQLAlchemy has no event after it): the
    connection events fire before the COMMIT is sent, and a process that moved the
    counter then could let another keep an answer read before the write landed."""
    commit: Callable[[Any], None] = dialect.do_commit

    def do_commit(dbapi_connection: Any) -> None:
        landing = dbapi_connection.info.pop(_LANDING, False)
        try:
            commit(dbapi_connection)
        finally:  # a failed COMMIT may have landed all the same: one move too many is safe
            if landing:
                counter.bump()

    setattr(dialect, "do_commit", do_commit)  # noqa: B010 (this engine's dialect only)


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
        postgres = connection.dialect.name == "postgresql"
        connection.exec_driver_sql(_BUMP_AND_NOTIFY if postgres else _BUMP)
        connection.info.pop(_WRITTEN, None)  # the bump itself is an UPDATE
        connection.info[_LANDING] = True


def _forget(connection: Connection) -> None:
    connection.info.pop(_WRITTEN, None)
    connection.info.pop(_LANDING, None)
