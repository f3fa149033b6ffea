"""The data revision known without a round trip (crm/db/machine_revision.py,
crm/db/revision_listener.py): the machine's counter moves once a write's COMMIT has
landed, in whichever process committed it; cache hits then send no statement; writes
announced only by the database are followed from its notifications."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from crm.db.data_revision import REVISION_CHANNEL
from crm.db.engine import create_engine, create_session_factory
from crm.db.enums import UserRole
from crm.db.machine_revision import MachineCounter, machine_counter
from crm.db.revision_listener import KnownRevision
from crm.serving.response_cache import ResponseCache
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.conftest import _empty_tables
from tests.serving.conftest import serving

NAMES = "query Names { people(first: 100) { totalCount edges { node { name } } } }"
CREATE = """mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id } errors { message } }
}"""

#: another process of this machine writes through the application's engine
_WRITE_THROUGH_ENGINE = """
import asyncio, sys
from sqlalchemy import text
from crm.db.engine import create_engine, create_session_factory
from crm.settings import Settings

async def main() -> None:
    engine = create_engine(Settings(database_url=sys.argv[1]))
    async with create_session_factory(engine)() as session, session.begin():
        await session.execute(text("UPDATE graph_state SET revision = revision WHERE id = 1"))
    await engine.dispose()

asyncio.run(main())
"""

#: another worker process answers a mutation (its own app, its own caches)
_MUTATE_THROUGH_APP = """
import asyncio, sys
import httpx
from crm.app import create_app
from crm.settings import Settings

async def main() -> None:
    app = create_app(Settings(database_url=sys.argv[1]))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as c:
            response = await c.post(
                "/graphql",
                json={"query": sys.argv[3], "variables": {"input": {"name": "另一个进程"}}},
                headers={"Authorization": "Bearer " + sys.argv[2]},
            )
    assert response.status_code == 200 and "errors" not in response.json(), response.text

asyncio.run(main())
"""


def _run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", script, *args], check=True, timeout=120)


def _plain(settings: Settings) -> str:
    return settings.database_url.replace("postgresql+psycopg://", "postgresql://")


def _committed_revision(settings: Settings) -> int:
    """The data revision as a connection of no engine of ours sees it."""
    if settings.is_sqlite:
        with sqlite3.connect(str(settings.sqlite_path)) as connection:
            row = connection.execute("SELECT revision FROM data_state WHERE id = 1").fetchone()
    else:
        with psycopg.connect(_plain(settings)) as connection:
            row = connection.execute("SELECT revision FROM data_state WHERE id = 1").fetchone()
    assert row is not None
    return int(row[0])


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


async def _post(client: httpx.AsyncClient, token: str, query: str, **variables: Any) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_the_counter_is_shared_by_the_processes_that_map_it(tmp_path: Path) -> None:
    counter = MachineCounter(tmp_path / "revision")
    assert counter.value == 0
    bump = "import sys; from pathlib import Path; from crm.db.machine_revision import "
    bump += "MachineCounter; MachineCounter(Path(sys.argv[1])).bump()"
    _run(bump, str(tmp_path / "revision"))
    _run(bump, str(tmp_path / "revision"))
    assert counter.value == 2
    assert counter.bump() == 3


async def test_a_write_by_another_process_moves_the_known_revision_at_once(
    settings: Settings,
) -> None:
    """No await between the other process's exit and the look: a notification cannot
    have been read meanwhile, so only the machine's counter can have moved it."""
    async with serving(settings) as (app, _client):
        known: KnownRevision = app.state.known_revision
        before = known.current()
        assert before is not None
        _run(_WRITE_THROUGH_ENGINE, settings.database_url)
        after = known.current()
        assert after is not None
        assert after[0] > before[0]


async def test_the_counter_moves_only_once_the_commit_has_landed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with serving(settings) as (app, _client):
        seen: list[int] = []
        bump = MachineCounter.bump

        def checking(counter: MachineCounter) -> int:
            seen.append(_committed_revision(settings))  # another connection's view
            return bump(counter)

        monkeypatch.setattr(MachineCounter, "bump", checking)
        before = _committed_revision(settings)
        async with app.state.session_factory() as session, session.begin():
            await session.execute(text("UPDATE graph_state SET revision = revision WHERE id = 1"))
        assert seen == [before + 1]


async def test_reads_and_rollbacks_leave_the_counter(settings: Settings) -> None:
    async with serving(settings) as (app, _client):
        counter = machine_counter(settings.data_revision_file)
        before = counter.value
        async with app.state.session_factory() as session, session.begin():
            await session.execute(text("SELECT revision FROM graph_state"))
        async with app.state.session_factory() as session, session.begin():
            await session.execute(text("UPDATE graph_state SET revision = revision"))
            await session.rollback()
        assert counter.value == before


async def test_a_cache_hit_sends_no_statement(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        cache: ResponseCache = app.state.response_cache
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        first = await _post(client, token, NAMES)  # its token's last use written: a write
        assert await _post(client, token, NAMES) == first
        hits = cache.hits
        with _statements(app.state.engine) as seen:
            assert await _post(client, token, NAMES) == first
        assert cache.hits == hits + 1
        assert seen == []


async def test_a_write_through_another_worker_process_is_seen_by_the_next_read(
    settings: Settings,
) -> None:
    # Long lifetimes: only the write itself may end the kept answer and token (starting
    # the other process takes seconds on a loaded machine).
    lifetimes = {"response_cache_seconds": 3600, "token_cache_seconds": 3600}
    async with serving(settings, **lifetimes) as (app, client):
        cache: ResponseCache = app.state.response_cache
        _, token = await make_user(app.state.session_factory, UserRole.ADMIN)
        await _post(client, token, NAMES)
        before = await _post(client, token, NAMES)
        hits = cache.hits
        assert await _post(client, token, NAMES) == before
        assert cache.hits == hits + 1  # kept in this worker
        _run(_MUTATE_THROUGH_APP, settings.database_url, token, CREATE)
        after = await _post(client, token, NAMES)
        assert after["people"]["totalCount"] == before["people"]["totalCount"] + 1


async def test_without_the_listener_the_revision_is_read_with_the_token(
    settings: Settings, backend: str
) -> None:
    if backend == "sqlite":
        pytest.skip("SQLite has no listener: every writer shares the machine's counter")
    async with serving(settings) as (app, client):
        known: KnownRevision = app.state.known_revision
        _, token = await make_user(app.state.session_factory, UserRole.ADMIN)
        await _post(client, token, NAMES)
        await known.close()
        assert known.current() is None
        before = await _post(client, token, NAMES)
        with _statements(app.state.engine) as seen:
            assert await _post(client, token, NAMES) == before  # a hit, after the look-up
        assert [s for s in seen if "data_state" in s and "api_token" in s], seen
        await _post(client, token, CREATE, input={"name": "无监听"})
        after = await _post(client, token, NAMES)
        assert after["people"]["totalCount"] == before["people"]["totalCount"] + 1


async def test_a_write_announced_only_by_the_database_is_followed(
    settings: Settings, backend: str
) -> None:
    """What another machine's write looks like here: the revision moves in the database
    and is notified, and this machine's counter stays where it was."""
    if backend == "sqlite":
        pytest.skip("PostgreSQL only: SQLite's writers are all on this machine")
    async with serving(settings) as (app, client):
        known: KnownRevision = app.state.known_revision
        _, token = await make_user(app.state.session_factory, UserRole.ADMIN)
        await _post(client, token, CREATE, input={"name": "改名之前"})
        before = await _post(client, token, NAMES)
        assert "改名之前" in str(before)
        seen = known.current()
        assert seen is not None
        with psycopg.connect(_plain(settings)) as connection:
            connection.execute("UPDATE person SET name = '改名之后' WHERE name = '改名之前'")
            connection.execute(
                "WITH moved AS (UPDATE data_state SET revision = revision + 1 WHERE id = 1 "
                f"RETURNING revision) SELECT pg_notify('{REVISION_CHANNEL}', "
                "CAST(revision AS text)) FROM moved"
            )
        for _ in range(100):
            if known.current() != seen:
                break
            await asyncio.sleep(0.05)
        now = known.current()
        assert now is not None
        assert now[0] == seen[0]
        assert now[1] > seen[1]
        after = await _post(client, token, NAMES)
        assert "改名之后" in str(after)
        assert "改名之前" not in str(after)


async def test_real_workers_never_answer_a_read_after_a_write_with_older_data(
    settings: Settings,
) -> None:
    """`crm serve --workers 2`: each write's answer is followed by reads on new
    connections, which the kernel spreads over both processes, each with its cache."""
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    _, token = await make_user(factory, UserRole.ADMIN)
    try:
        with _two_workers(settings) as port:
            assert len(await _processes_answering(port)) == 2
            await _writes_then_reads(f"http://127.0.0.1:{port}/graphql", token)
    finally:
        await _empty_tables(factory)
        await engine.dispose()


async def _writes_then_reads(url: str, token: str) -> None:
    async def names() -> int:
        async with httpx.AsyncClient() as client:  # a new connection: either worker
            response = await client.post(
                url, json={"query": NAMES}, headers=bearer(token), timeout=30
            )
        return int(response.json()["data"]["people"]["totalCount"])

    base = await names()
    for round_ in range(5):
        for _ in range(4):
            assert await names() == base + round_  # kept by the workers that answered
        async with httpx.AsyncClient() as client:
            created = await client.post(
                url,
                json={"query": CREATE, "variables": {"input": {"name": f"第{round_}位"}}},
                headers=bearer(token),
                timeout=30,
            )
        assert "errors" not in created.json(), created.text
        for _ in range(4):
            assert await names() == base + round_ + 1


@contextmanager
def _two_workers(settings: Settings) -> Iterator[int]:
    port = _free_port()
    env = {**os.environ, "CRM_DATABASE_URL": settings.database_url, "CRM_ENV": "production"}
    env |= {"CRM_LOG_LEVEL": "warning", "CRM_RESPONSE_CACHE_SECONDS": "3600"}
    command = [str(Path(sys.executable).with_name("crm")), "serve", "--no-demo"]
    command += ["--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    try:
        yield port
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:  # pragma: no cover - report, do not hang
            os.killpg(server.pid, signal.SIGKILL)


async def _processes_answering(port: int) -> set[int]:
    processes: set[int] = set()
    deadline = time.monotonic() + 90
    while len(processes) < 2 and time.monotonic() < deadline:
        try:
            async with httpx.AsyncClient() as client:
                answer = await client.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                processes.add(answer.json()["process"])
        except httpx.TransportError:
            await asyncio.sleep(0.3)
    return processes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
