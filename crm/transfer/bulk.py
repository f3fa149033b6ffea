"""The name keys of a bulk import, and the search indexes they feed, written fast.

Writing a person's name keys row by row (as the ORM's listener does) costs most of an
import's time at 100,000 people, so a large import: derives new people's keys in a
second process while this one inserts the next rows; inserts them through the driver
(COPY on PostgreSQL); fills SQLite's FTS table once per chunk instead of by its per-row
trigger; lets PostgreSQL's trigram index merge its pending list once at the end; and,
into an empty person table, drops the key index and builds it once at the end. Every
one of these is undone or finished in `finish`, inside the import's transaction, so a
failed import leaves the indexes as they were.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models, name_index
from crm.db.name_index import TRIGRAM_INDEX
from crm.db.queries.common import table_of
from crm.processes import child_pool
from crm.transfer.keys import KeyRow, PersonColumns, person_key_rows

__all__ = ["BulkKeys"]

_person = table_of(models.Person)
_KEY_INDEX = "ix_name_key_key"
_INSERT_KEYS = "INSERT INTO name_key (entity, entity_id, key, kind) VALUES (?, ?, ?, ?)"
_FILL_FTS = (
    "INSERT INTO name_key_fts(rowid, key) SELECT id, key FROM name_key "
    "WHERE entity = :entity AND entity_id IN (SELECT value FROM json_each(:ids)) "
    "AND kind IN ('name', 'latin', 'full', 'alias', 'former', 'western')"
)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class BulkKeys:
    """Name keys for one import transaction (see the module docstring)."""

    def __init__(
        self, session: AsyncSession, entity: str, *, bulk_fts: bool, bulk_keys: bool, alone: bool
    ) -> None:
        self.session = session
        self.entity = entity
        self.bulk_fts = bulk_fts
        self.bulk_keys = bulk_keys
        #: the rows name no other records (no look-ups by name during the import)
        self.alone = alone
        self.fts_trigger: str | None = None
        #: derives new people's name keys in a second process on a bulk import
        self.pool: ProcessPoolExecutor | None = None
        self.deferred: list[tuple[asyncio.Future[list[KeyRow]], list[int]]] = []
        #: SQLite: the name keys being inserted on the driver's thread
        self.writing: asyncio.Future[None] | None = None
        #: whether the person table had rows when the import began (else nobody to look up)
        self.people_before = True
        #: PostgreSQL: merge the trigram index's pending list at the end
        self.gin_merge = False
        #: people into an empty table: the key index to build at the end
        self.key_index: str | None = None

    async def begin(self) -> None:
        dialect = (await self.session.connection()).dialect.name
        if self.bulk_fts and dialect == "sqlite":
            # A large page cache for this connection: the key index takes millions of
            # random inserts, and the default 8 MB cache sends most of them to the disk.
            await self.session.execute(text("PRAGMA cache_size = -262144"))
        if self.bulk_keys and self.entity == "person":
            self.pool = child_pool(1)
            count = select(func.count()).select_from(select(_person.c.id).limit(1).subquery())
            self.people_before = bool((await self.session.execute(count)).scalar())
            if dialect == "postgresql":
                # The trigram index takes new keys into its pending list and merges them
                # once, sorted, at the end (finish) instead of every 4 MB.
                await self.session.execute(text("SET LOCAL gin_pending_list_limit = '1GB'"))
                self.gin_merge = True
        if self.bulk_fts and self.entity in ("person", "organization") and dialect == "sqlite":
            await self._drop_fts_trigger()
        if self.pool is not None and self.alone:
            await self._first_load(dialect)

    async def _drop_fts_trigger(self) -> None:
        found = (
            await self.session.execute(
                text(
                    "SELECT sql FROM sqlite_master "
                    "WHERE type = 'trigger' AND name = 'name_key_fts_insert'"
                )
            )
        ).scalar()
        if found:
            # Inside this transaction only (SQLite DDL is transactional, and we hold the
            # write lock): filled per chunk below, restored in finish().
            self.fts_trigger = str(found)
            await self.session.execute(text("DROP TRIGGER name_key_fts_insert"))

    async def _first_load(self, dialect: str) -> None:
        """People into an empty person table: there is nobody to look up by name,
        so the key index is dropped and built once at the end, sorted, instead of taking
        millions of random inserts (as a restore would; undone if the import fails)."""
        if self.people_before:
            return
        definition = (
            # PostgreSQL: DDL is transactional too; the index is gone only for this
            # transaction, and other sessions wait for it (a first load into an empty
            # table has nobody to wait).
            "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
            if dialect == "postgresql"
            else "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
        )
        found = (await self.session.execute(text(definition), {"name": _KEY_INDEX})).scalar()
        if found:
            self.key_index = str(found)
            await self.session.execute(text(f"DROP INDEX {_KEY_INDEX}"))

    async def refresh(self, entity: str, keys: list[int]) -> None:
        """Derive the name keys of these people or organisations anew, as the flush
        listener does (`crm.db.name_index`: with their merge records' former names)."""
        if not keys:
            return
        await self.session.run_sync(
            lambda sync: name_index.refresh_name_keys(sync.connection(), entity, keys)
        )
        await self._fill_fts(entity, keys)

    async def new_people(self, people: list[PersonColumns]) -> None:
        """The name keys of people this import created: they have no merge records, so
        their keys come from their own columns. On a bulk import they are derived in a
        worker process while this one goes on with the next rows, and inserted when ready."""
        if not people:
            return
        ids = [p[0] for p in people]
        if self.pool is None:
            await self._insert_keys(person_key_rows(people), ids)
            return
        future = asyncio.wrap_future(self.pool.submit(person_key_rows, people))
        self.deferred.append((future, ids))
        while self.deferred and (self.deferred[0][0].done() or len(self.deferred) > 2):
            await self._insert_deferred()

    async def _insert_deferred(self) -> None:
        future, ids = self.deferred.pop(0)
        rows = await future
        connection = await self.session.connection()
        if connection.dialect.name != "sqlite":
            await self._insert_keys(rows, ids)
            return
        # On SQLite the driver runs statements on its own thread, in the order they were
        # given: the keys go in there while this thread prepares the next rows.
        raw = (await connection.get_raw_connection()).driver_connection
        self.writing = asyncio.ensure_future(self._sqlite_keys(raw, rows, ids, self.writing))

    async def _sqlite_keys(
        self, raw: Any, rows: list[KeyRow], ids: list[int], previous: asyncio.Future[None] | None
    ) -> None:
        if previous is not None:
            await previous
        await raw.executemany(_INSERT_KEYS, rows)
        if self.fts_trigger is not None:
            await raw.execute(
                _FILL_FTS.replace(":entity", "?").replace(":ids", "?"), ("person", _json_ids(ids))
            )

    async def _insert_keys(self, rows: list[KeyRow], ids: list[int]) -> None:
        """Insert name_key rows straight through the driver: COPY on PostgreSQL, one prepared
        statement on SQLite (the rows are plain tuples; SQLAlchemy would only convert them)."""
        if not rows:
            return
        connection = await self.session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        if connection.dialect.name == "postgresql":
            async with raw.cursor() as cursor:
                statement = "COPY name_key (entity, entity_id, key, kind) FROM STDIN"
                async with cursor.copy(statement) as copy:
                    await copy.write("".join(map(_copy_line, rows)).encode())
        else:
            await raw.executemany(_INSERT_KEYS, rows)
        await self._fill_fts("person", ids)

    async def _fill_fts(self, entity: str, ids: list[int]) -> None:
        if self.fts_trigger is None or not ids:
            return
        await self.session.execute(text(_FILL_FTS), {"entity": entity, "ids": _json_ids(ids)})

    async def finish(self) -> None:
        """Insert the keys still being derived; merge, rebuild or restore the indexes."""
        while self.deferred:
            await self._insert_deferred()
        if self.writing is not None:
            await self.writing
            self.writing = None
        self.close()
        if self.gin_merge:
            await self.session.execute(
                text("SELECT gin_clean_pending_list(CAST(:index AS regclass))"),
                {"index": TRIGRAM_INDEX},
            )
            self.gin_merge = False
        if self.key_index is not None:
            await self.session.execute(text(self.key_index))
            self.key_index = None
        if self.fts_trigger is not None:
            await self.session.execute(text(self.fts_trigger))
            self.fts_trigger = None

    def close(self) -> None:
        if self.writing is not None:
            self.writing.cancel()
            self.writing = None
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


def _copy_line(row: KeyRow) -> str:
    """A row in COPY's text format (one Python string per row, not one await per row)."""
    entity, key, value, kind = row
    return f"{entity}\t{key}\t{value.translate(_COPY_ESCAPES)}\t{kind}\n"


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"
