"""One pooled connection per request on PostgreSQL, shared by its sessions in turn."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from crm.db.models import GraphState
from crm.db.session import RequestConnection, request_session_factory
from crm.settings import Settings
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
