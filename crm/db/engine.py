"""The async engine and session factory for SQLite (aiosqlite) and PostgreSQL (psycopg)."""

from __future__ import annotations

import time
from typing import Any

import orjson
from sqlalchemy import event, text
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

# Every session of every engine keeps the data and graph revisions, the stage histories, the
# name keys and the people's next contact due times, and announces its changes.
import crm.db.audit
import crm.db.follow_ups
import crm.db.history
import crm.db.name_index
import crm.db.notify
import crm.db.revision  # noqa: F401
from crm.db.data_revision import track_writes
from crm.db.machine_revision import machine_counter
from crm.settings import Settings

#: execution options of a transaction that reads and then writes: on SQLite it takes the
#: write lock when it begins (BEGIN IMMEDIATE), so a concurrent writer waits for it (up to
#: the busy timeout) and then reads what it committed, instead of failing with "database
#: is locked" when its stale snapshot tries to write. Ignored on PostgreSQL, whose row
#: locks and version checks already serialise writers.
WRITE_TRANSACTION = {"crm_write": True}


def create_engine(settings: Settings) -> AsyncEngine:
    """An engine configured for the database in `settings.database_url`."""
    if settings.is_sqlite:
        path = settings.sqlite_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            settings.database_url,
            # SQLite has one writer at a time; a pool only adds lock contention.
            poolclass=NullPool,
            connect_args={"timeout": settings.sqlite_busy_timeout_ms / 1000},
        )
        _configure_sqlite(engine, settings.sqlite_busy_timeout_ms)
        track_writes(engine.sync_engine, machine_counter(settings.data_revision_file))
        return engine
    engine = create_async_engine(
        settings.database_url,
        pool_size=settings.pool_size,
        max_overflow=settings.pool_size,
        pool_pre_ping=settings.pool_pre_ping,
        # JSON columns (expertise, honours, languages …) of every row read
        json_deserializer=orjson.loads,
        # A runaway query is cancelled by the server instead of holding a connection.
        # No JIT: compiling a plan costs 5–50 ms, more than the short queries of an API
        # ever run; it only pays on long analytical scans, which this server does not do.
        connect_args={
            "options": f"-c statement_timeout={int(settings.statement_timeout_ms)} -c jit=off"
            # Timestamps in UTC: psycopg then hands back datetimes whose tzinfo is
            # datetime.UTC itself, which UTCDateTime passes through unconverted
            # (converting from a ZoneInfo costs ~1 µs per value, 500 per page).
            " -c timezone=UTC"
        },
    )
    track_writes(engine.sync_engine, machine_counter(settings.data_revision_file))
    if settings.pool_ping_idle_seconds > 0 and not settings.pool_pre_ping:
        _ping_idle_connections(engine, settings.pool_ping_idle_seconds)
    return engine


def _ping_idle_connections(engine: AsyncEngine, idle_seconds: float) -> None:
    """Test a pooled connection before use only when it sat unused for `idle_seconds`:
    under load connections are never idle, so no request pays a ping; after a quiet
    spell (a database restarted at night) the dead ones are replaced before a request
    meets them. A connection that dies while in use is caught by the request's retry
    (crm/db/session.py) and SQLAlchemy then replaces every older pooled connection."""
    dialect = engine.sync_engine.dialect

    @event.listens_for(engine.sync_engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info[_CHECKED_IN] = time.monotonic()

    @event.listens_for(engine.sync_engine.pool, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_CHECKED_IN)
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:  # the driver's (psycopg's) errors
            if not dialect.is_disconnect(exc, dbapi_connection, None):
                raise
            alive = False
        if not alive:
            # the pool discards this connection and checks out (or opens) another
            raise DisconnectionError("a pooled connection died while idle")


_CHECKED_IN = "crm_checked_in_at"


async def refresh_statistics(engine: AsyncEngine) -> None:
    """ANALYZE after a bulk load on PostgreSQL: until autovacuum gets to it, the planner
    would take the freshly filled tables for empty ones. (SQLite's planner runs without
    statistics; the search's index hints are written for that.)"""
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            await connection.execute(text("ANALYZE"))
            await connection.commit()


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: resolvers return them to the schema layer.
    return async_sessionmaker(engine, expire_on_commit=False)


def _configure_sqlite(engine: AsyncEngine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from pysqlite (it would skip BEGIN before
        # SELECTs, so reads would not see one snapshot); SQLAlchemy emits BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        writes = connection.get_execution_options().get("crm_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")
