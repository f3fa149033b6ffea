"""Loading empty PostgreSQL tables fast: their secondary indexes and constraints are
dropped for the load and built once at the end, in the same transaction.

A COPY into a table with five indexes and two foreign keys updates every index and runs
two lookups per row (6M relationships: ~6 minutes); building an index over the loaded
table is one sort, and adding a foreign key validates the whole table in one join. The
definitions are read from the catalogue first, so the tables end exactly as migrated.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

__all__ = ["without_indexes"]


@asynccontextmanager
async def without_indexes(
    cursor: Any, tables: Sequence[str], seconds: dict[str, float]
) -> AsyncIterator[None]:
    """Drop the tables' foreign keys, unique constraints and secondary indexes (not the
    primary keys), run the body, then restore them all; `seconds` gets "indexes"."""
    await cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
        "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u') "
        "ORDER BY contype DESC",
        (list(tables),),
    )
    constraints = await cursor.fetchall()
    await cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.tablename = ANY(%s) AND i.schemaname = current_schema() AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        (list(tables),),
    )
    indexes = await cursor.fetchall()
    for table, name, _, _ in constraints:
        await cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        await cursor.execute(f'DROP INDEX "{name}"')
    yield
    started = time.perf_counter()
    for _, definition in indexes:
        await cursor.execute(definition)
    # unique constraints first ('u' sorts after 'f', so reverse), then the foreign keys
    for table, name, definition, _ in reversed(constraints):
        await cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    seconds["indexes"] = time.perf_counter() - started
