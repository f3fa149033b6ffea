"""Bearer tokens checked lately need no statement (crm.security.auth.TokenCache), while
a revocation still takes effect: at once when this process commits it, within
`CRM_TOKEN_CACHE_SECONDS` when another process (or psql) does, and with the response cache
(which follows the machine's data revision) at once when any process of the machine does."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
import psycopg
from sqlalchemy import event, update
from sqlalchemy.ext.asyncio import AsyncEngine

from crm.db import data_revision
from crm.db.data_revision import write_generation
from crm.db.enums import UserRole
from crm.db.models import ApiToken
from crm.db.queries.common import table_of
from crm.db.queries.user import TokenOwner
from crm.db.types import utcnow
from crm.security.auth import TokenCache
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.serving.conftest import serving

ME = "{ me { username } }"


async def _status(client: httpx.AsyncClient, token: str) -> int:
    response = await client.post("/graphql", json={"query": ME}, headers=bearer(token))
    return response.status_code


@contextmanager
def _statements(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def _revoke_from_outside(settings: Settings, user_id: int) -> None:
    """What another process does: a plain driver connection, no engine of this one."""
    sql = "UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP WHERE user_id = {}"
    if settings.is_sqlite:
        with sqlite3.connect(str(settings.sqlite_path)) as connection:
            connection.execute(sql.format("?"), [user_id])
    else:
        url = settings.database_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(url) as connection:
            connection.execute(sql.format("%s"), [user_id])


async def test_a_token_checked_lately_costs_no_statement(settings: Settings) -> None:
    async with serving(settings, response_cache_size=0) as (app, client):
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _status(client, token) == 200  # looked up (and its last use written)
        assert await _status(client, token) == 200
        with _statements(app.state.engine) as seen:
            assert await _status(client, token) == 200
        assert not [s for s in seen if "api_token" in s], seen


async def test_without_the_cache_every_request_reads_its_token(settings: Settings) -> None:
    async with serving(settings, response_cache_size=0, token_cache_seconds=0) as (app, client):
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _status(client, token) == 200
        with _statements(app.state.engine) as seen:
            assert await _status(client, token) == 200
        assert [s for s in seen if "api_token" in s]


async def test_a_revocation_committed_by_this_process_takes_effect_at_once(
    settings: Settings,
) -> None:
    async with serving(settings, response_cache_size=0, token_cache_seconds=600) as (app, c):
        user_id, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _status(c, token) == 200
        assert await _status(c, token) == 200  # from the cache now
        tokens = table_of(ApiToken)
        async with app.state.session_factory() as session, session.begin():
            await session.execute(
                update(tokens).where(tokens.c.user_id == user_id).values(revoked_at=utcnow())
            )
        assert await _status(c, token) == 401


async def test_a_revocation_by_another_process_takes_effect_within_the_bound(
    settings: Settings,
) -> None:
    async with serving(settings, response_cache_size=0, token_cache_seconds=0.5) as (app, c):
        user_id, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _status(c, token) == 200
        assert await _status(c, token) == 200  # kept (the first one wrote its last use)
        _revoke_from_outside(settings, user_id)
        assert await _status(c, token) == 200  # the bound: another process's revocation
        await asyncio.sleep(0.6)
        assert await _status(c, token) == 401


async def test_with_the_response_cache_a_revocation_by_another_worker_takes_effect_at_once(
    settings: Settings,
) -> None:
    """The token cache stays on with the response cache; a write committed by any
    process of the machine (here another worker's engine) moves the known data revision
    (crm/db/revision_listener.py), which every kept viewer depends on."""
    async with serving(settings, token_cache_seconds=600) as (app, c):
        user_id, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _status(c, token) == 200
        assert await _status(c, token) == 200  # kept
        _run_in_another_process(_REVOKE_THROUGH_ENGINE, settings.database_url, str(user_id))
        assert await _status(c, token) == 401


async def test_with_the_response_cache_a_revocation_in_psql_takes_effect_within_the_bound(
    settings: Settings,
) -> None:
    async with serving(settings, token_cache_seconds=0.5) as (app, c):
        user_id, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _status(c, token) == 200
        assert await _status(c, token) == 200  # kept
        _revoke_from_outside(settings, user_id)  # moves no data revision
        assert await _status(c, token) == 200  # the bound
        await asyncio.sleep(0.6)
        assert await _status(c, token) == 401


_REVOKE_THROUGH_ENGINE = """
import asyncio, sys
from sqlalchemy import text
from crm.db.engine import create_engine, create_session_factory
from crm.settings import Settings

async def main() -> None:
    engine = create_engine(Settings(database_url=sys.argv[1]))
    async with create_session_factory(engine)() as session, session.begin():
        await session.execute(
            text("UPDATE api_token SET revoked_at = CURRENT_TIMESTAMP WHERE user_id = :u"),
            {"u": int(sys.argv[2])},
        )
    await engine.dispose()

asyncio.run(main())
"""


def _run_in_another_process(script: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", script, *args], check=True, timeout=120)


def test_an_entry_ends_with_its_token() -> None:
    now = [0.0]
    cache = TokenCache(ttl=60, clock=lambda: now[0])
    owner = TokenOwner(
        1, "app", UserRole.APP, 7, ("Person",), expires_at=utcnow() + timedelta(seconds=5)
    )
    cache.put("hash", owner, write_generation())
    assert cache.get("hash") is not None
    now[0] = 6.0
    assert cache.get("hash") is None


def test_an_entry_looked_up_before_a_write_is_not_kept() -> None:
    cache = TokenCache(ttl=60)
    owner = TokenOwner(1, "app", UserRole.APP, 7, ())
    before = write_generation()
    data_revision._next_generation()  # a commit landed meanwhile
    cache.put("hash", owner, before)
    assert cache.get("hash") is None
