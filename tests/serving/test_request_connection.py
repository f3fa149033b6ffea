"""One pooled connection per request on PostgreSQL, shared by its sessions in turn."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from crm.db.models import GraphState
from crm.db.session import RequestConnection, request_session_factory
from crm.settings import Settings
from tests.conftest import postgres_admin_url
from tests.serving.conftest import serving


@pytest.fixture
def postgresql_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite keeps no pool: each session opens the file")


async def test_sessions_in_turn_share_one_connection_and_overlapping_ones_do_not(
    settings: Settings, postgresql_only: None
) -> None:
    async with serving(settings) as (app, _client):
        engine = app.state.engine
        lease = RequestConnection(engine)
        factory = request_session_factory(engine, lease)
        for _ in range(3):
            async with factory() as session:
                await session.execute(select(GraphState))

        async def overlapping() -> None:
            async with factory() as session:
                await session.execute(select(GraphState))
                await asyncio.sleep(0.05)

        await asyncio.gather(overlapping(), overlapping())
        await lease.close()
        assert (lease.shared, lease.separate) == (4, 1)


async def test_a_session_that_outlives_its_request_returns_the_connection(
    settings: Settings, postgresql_only: None
) -> None:
    async with serving(settings) as (app, _client):
        engine = app.state.engine
        lease = RequestConnection(engine)
        factory = request_session_factory(engine, lease)
        checked_out = engine.pool.checkedout()
        async with factory() as session:
            await session.execute(select(GraphState))
            await lease.close()  # the request ends first
            assert engine.pool.checkedout() == checked_out + 1
        assert engine.pool.checkedout() == checked_out


async def _kill_pooled_connections(engine: Any) -> None:
    """End every server process of the pool's idle connections (a database restart, as
    the pool sees it)."""
    async with engine.connect() as connection:
        database = (await connection.execute(text("SELECT current_database()"))).scalar_one()
        mine = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    with psycopg.connect(postgres_admin_url(), autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [database],
        )
    assert mine  # the connection that asked is among those ended


async def test_a_read_on_a_dead_pooled_connection_runs_again_on_a_fresh_one(
    settings: Settings, postgresql_only: None
) -> None:
    async with serving(settings, pool_pre_ping=False, pool_ping_idle_seconds=0) as (app, _c):
        engine = app.state.engine
        await _kill_pooled_connections(engine)
        lease = RequestConnection(engine)
        row = await lease.read(select(GraphState.id).limit(1))  # type: ignore[arg-type]
        await lease.close()
        assert lease.retried == 1
        assert row is None or row[0] is not None
        # SQLAlchemy replaced the pool's other connections too: the next read is clean
        lease = RequestConnection(engine)
        await lease.read(select(GraphState.id).limit(1))  # type: ignore[arg-type]
        await lease.close()
        assert lease.retried == 0


async def test_a_connection_idle_in_the_pool_is_tested_before_a_session_uses_it(
    settings: Settings, postgresql_only: None
) -> None:
    async with serving(settings, pool_pre_ping=False, pool_ping_idle_seconds=0.05) as (app, _c):
        engine = app.state.engine
        await _kill_pooled_connections(engine)
        await asyncio.sleep(0.1)
        async with app.state.session_factory() as session:  # no retry here: the ping saves it
            await session.execute(select(GraphState))


async def test_without_the_idle_test_a_session_meets_the_dead_connection(
    settings: Settings, postgresql_only: None
) -> None:
    """What the idle test above is for (and that killing the connections works)."""
    async with serving(settings, pool_pre_ping=False, pool_ping_idle_seconds=0) as (app, _c):
        engine = app.state.engine
        await _kill_pooled_connections(engine)
        with pytest.raises(Exception) as raised:  # noqa: PT011 (the cause is checked)
            async with app.state.session_factory() as session:
                await session.execute(select(GraphState))
        error: BaseException | None = raised.value
        while error is not None and not isinstance(error, DBAPIError):
            error = error.__context__
        assert isinstance(error, DBAPIError)
        assert error.connection_invalidated
