"""Replacing computed_metric on PostgreSQL without dead rows: load a new table, swap it in.

A 1M-people run stores ~5.6 million rows. Deleting the previous ones and COPYing the new
ones into the same table left that many dead rows per run, which the next runs paid for
until a VACUUM (the store took 59 s into an empty table, 4 min 32 s after three runs back
to back: docs/benchmarks.md). Instead, in the store's one transaction:

1. a new table like computed_metric, with an id sequence of its own (the ids restart at
   each store; the shared integer sequence ran out after ~380 runs of a 1M network);
2. the caller COPYs the new values into it, `FREEZE`d (the table is this transaction's:
   the rows are written frozen and all-visible, no hint bits for readers to set), then
   the rows of the metrics this run did not recompute are copied over from the current
   table (an incremental run keeps the other metrics' values);
3. the current table's primary key, unique constraints and indexes are built on the
   loaded rows (one sort each, not 5.6 million insertions), and the table is ANALYZEd;
4. the swap, catalog updates under ACCESS EXCLUSIVE: drop the current table, rename the
   new one, its constraints, indexes and sequence to the current names. The lock is asked
   for with a short `lock_timeout` and asked again after a pause, so API reads (which
   queue behind a waiting ACCESS EXCLUSIVE request) wait a second at most.

Readers see the old table or the new one, never a mix; a store that fails at any point
rolls back whole and leaves the previous values (and no half-built table behind).
Concurrent stores take turns (a transaction-scoped advisory lock).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Final

from psycopg import errors as pg_errors
from sqlalchemy import bindparam, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

__all__ = ["COLUMNS", "SwapLockTimeoutError", "swap_in"]

TABLE: Final = "computed_metric"
#: the table a store loads, renamed to TABLE when it is swapped in
NEXT: Final = "computed_metric_next"
#: what a store writes; `id` comes from the new table's own sequence
COLUMNS: Final = ("node_type", "node_id", "metric", "value", "graph_revision", "computed_at")
#: how long the swap waits for readers to let go of the table, per attempt
LOCK_TIMEOUT_MS: Final = 1000
#: attempts at the swap's lock, with a pause between them, before the store gives up
SWAP_ATTEMPTS: Final = 30
SWAP_PAUSE_SECONDS: Final = 1.0
#: memory for each index build (the unique index sorts 5.6 million keys at 1M people)
INDEX_MEMORY: Final = "256MB"
#: pg_advisory_xact_lock key of the store ("crm metr" as a 64-bit integer)
_ADVISORY_KEY: Final = 0x63726D206D657472

#: the caller's load: given the COPY statement for the new table, write the new values
#: and return how many rows it wrote
Load = Callable[[str], Awaitable[int]]


class SwapLockTimeoutError(RuntimeError):
    """computed_metric stayed in use through every attempt; the previous values stay."""


async def swap_in(session: AsyncSession, load: Load, *, replaced: Sequence[str]) -> int:
    """Replace the stored values of the metrics `replaced` with what `load` writes,
    keeping every other metric's rows, in the session's transaction (see the module's
    docstring); return how many rows `load` wrote."""
    await _run(session, "SELECT pg_advisory_xact_lock(:key)", key=_ADVISORY_KEY)
    await _create_next(session)
    copy = f"COPY {NEXT} ({', '.join(COLUMNS)}) FROM STDIN (FREEZE)"
    stored = await load(copy)
    await _keep_others(session, replaced)
    renames = await _build_like_current(session)
    await _run(session, f"ANALYZE {NEXT}")
    await _swap(session, renames)
    return stored


async def _run(session: AsyncSession, sql: str, **params: Any) -> Any:
    return await session.execute(text(sql), params)


async def _create_next(session: AsyncSession) -> None:
    """The new table: the current one's columns, NOT NULLs and defaults, no rows, no
    indexes yet, and a sequence of its own for `id`."""
    await _run(session, f"CREATE TABLE {NEXT} (LIKE {TABLE} INCLUDING DEFAULTS)")
    await _run(session, f"CREATE SEQUENCE {NEXT}_id_seq AS integer OWNED BY {NEXT}.id")
    await _run(session, f"ALTER TABLE {NEXT} ALTER COLUMN id SET DEFAULT nextval('{NEXT}_id_seq')")


async def _keep_others(session: AsyncSession, replaced: Sequence[str]) -> None:
    """The current rows of every metric not `replaced`, copied into the new table."""
    columns = ", ".join(COLUMNS)
    statement = text(
        f"INSERT INTO {NEXT} ({columns}) SELECT {columns} FROM {TABLE} "
        "WHERE metric NOT IN :replaced"
    ).bindparams(bindparam("replaced", expanding=True))
    await session.execute(statement, {"replaced": list(replaced)})


async def _build_like_current(session: AsyncSession) -> list[str]:
    """The current table's constraints and indexes, built on the new table under
    temporary names; returns the statements that give them the current names."""
    await _run(session, f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY}'")
    renames = [
        f"ALTER TABLE {NEXT} RENAME TO {TABLE}",
        f"ALTER SEQUENCE {NEXT}_id_seq RENAME TO {TABLE}_id_seq",
    ]
    constraints = await _run(
        session,
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = CAST(:t AS regclass) AND contype IN ('p', 'u') ORDER BY conname",
        t=TABLE,
    )
    for name, definition in constraints.all():
        await _run(session, f"ALTER TABLE {NEXT} ADD CONSTRAINT {name}_next {definition}")
        renames.append(f"ALTER TABLE {TABLE} RENAME CONSTRAINT {name}_next TO {name}")
    for name, definition in await _plain_indexes(session):
        await _run(session, _index_on_next(name, definition))
        renames.append(f"ALTER INDEX {name}_next RENAME TO {name}")
    return renames


async def _plain_indexes(session: AsyncSession) -> list[tuple[str, str]]:
    """The current table's indexes that no constraint owns: (name, CREATE INDEX …)."""
    found = await _run(
        session,
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = CAST(:t AS regclass) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
        "ORDER BY c.relname",
        t=TABLE,
    )
    return [(str(name), str(definition)) for name, definition in found.all()]


_INDEX_DEF: Final = re.compile(r"^CREATE (UNIQUE )?INDEX (\S+) ON (\S+) (.*)$", re.S)


def _index_on_next(name: str, definition: str) -> str:
    """`CREATE INDEX name ON public.computed_metric USING …` for the new table."""
    matched = _INDEX_DEF.match(definition)
    if matched is None:
        raise ValueError(f"unexpected definition of index {name}: {definition}")
    unique, _, _, rest = matched.groups()
    return f"CREATE {unique or ''}INDEX {name}_next ON {NEXT} {rest}"


async def _swap(session: AsyncSession, renames: list[str]) -> None:
    """Drop the current table and give the new one its names, under ACCESS EXCLUSIVE,
    asked for with `lock_timeout` and again after a pause while readers hold it."""
    for _ in range(SWAP_ATTEMPTS):
        try:
            async with session.begin_nested():
                await _run(session, f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
                await _run(session, f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
                await _run(session, f"DROP TABLE {TABLE}")
                for statement in renames:
                    await _run(session, statement)
            return
        except OperationalError as exc:
            if not isinstance(exc.orig, pg_errors.LockNotAvailable):
                raise
            await asyncio.sleep(SWAP_PAUSE_SECONDS)
    raise SwapLockTimeoutError(
        f"{TABLE} stayed in use through {SWAP_ATTEMPTS} attempts to swap in the new "
        "metrics; the previous values are kept"
    )
