"""The `crm` command as a user runs it: migrate, seed, serve (each in its own process)."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from crm.db.engine import create_engine, create_session_factory
from crm.security.auth import authenticate
from crm.settings import Settings
from tests.conftest import DatabaseFactory
from tests.ports import free_port

CRM = str(Path(sys.executable).with_name("crm"))
pytestmark = pytest.mark.slow


def _run(url: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRM_DATABASE_URL": url}
    return subprocess.run(
        [CRM, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def empty_url(backend: str, databases: DatabaseFactory) -> str:
    return databases.create(backend, migrated=False)


def test_db_upgrade_then_downgrade(empty_url: str) -> None:
    upgraded = _run(empty_url, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "database at head" in upgraded.stderr
    downgraded = _run(empty_url, "db", "downgrade", "base")
    assert downgraded.returncode == 0, downgraded.stderr


def test_seed_demo_loads_once_and_refuses_a_second_time(empty_url: str) -> None:
    assert _run(empty_url, "db", "upgrade").returncode == 0
    first = _run(empty_url, "seed", "demo")
    assert first.returncode == 0, first.stderr
    assert "demo data loaded" in first.stderr
    if empty_url.startswith("postgresql"):
        assert asyncio.run(_estimated_people(empty_url)) > 0  # ANALYZEd after the load
    second = _run(empty_url, "seed", "demo")
    assert second.returncode == 1
    assert "already" in second.stderr.lower()


async def _estimated_people(url: str) -> float:
    """The planner's row estimate for `person` (-1 until the table is analysed)."""
    engine = create_engine(Settings(database_url=url))
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = 'person'")
            )
            return float(result.scalar_one())
    finally:
        await engine.dispose()


def test_serve_migrates_loads_the_demo_and_answers(empty_url: str) -> None:
    port = free_port()
    env = {**os.environ, "CRM_DATABASE_URL": empty_url, "CRM_PORT": str(port)}
    server = subprocess.Popen(
        [CRM, "serve"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(server.stdout or []), daemon=True)
    reader.start()
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_ready(base, server)
        # Like Jupyter, it printed a local administrator's token.
        (token,) = {m for line in output for m in re.findall(r"crm_[A-Za-z0-9_-]{43}", line)}
        query = "{ networkStats { nodeCounts { type count } } }"
        anonymous = httpx.post(f"{base}/graphql", json={"query": query}, timeout=30)
        assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        response = httpx.post(
            f"{base}/graphql",
            json={"query": query},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        counts = {
            c["type"]: c["count"] for c in response.json()["data"]["networkStats"]["nodeCounts"]
        }
        assert counts["person"] > 1000
        assert counts["position"] > 20_000
        # It printed how to sign in to the web app as a demo liaison officer.
        printed = "".join(output)
        found = re.search(r"sign in as (\S+) / (\S+)", printed)
        assert found is not None, printed
        assert f"open {base}/" in printed
        username, password = found.groups()
        assert username == "liaison.fuzhou"
        signed = httpx.post(
            f"{base}/auth/session",
            json={"username": username, "password": password},
            timeout=30,
        )
        assert signed.status_code == 200, signed.text
        assert signed.json()["user"]["role"] == "LIAISON"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_until_ready(base: str, server: subprocess.Popen[str], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.stdout.read() if server.stdout else ""
            pytest.fail(f"crm serve exited with {server.returncode}:\n{output}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail("crm serve did not become ready in time")


def test_user_create_prints_a_working_token_once(empty_url: str) -> None:
    assert _run(empty_url, "db", "upgrade").returncode == 0
    made = _run(empty_url, "user", "create", "lin", "--role", "LIAISON", "--days", "30")
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip()
    assert re.fullmatch(r"crm_[A-Za-z0-9_-]{43}", token)
    again = _run(empty_url, "user", "create", "lin", "--role", "analyst")
    assert again.returncode == 1
    assert "crm user token lin" in again.stderr
    assert _run(empty_url, "user", "create", "x", "--role", "boss").returncode == 2
    other = _run(empty_url, "user", "token", "lin")
    assert other.returncode == 0
    assert other.stdout.strip() != token
    assert _run(empty_url, "user", "token", "nobody").returncode == 1

    async def who(secret: str) -> tuple[str, str] | None:
        engine = create_engine(Settings(database_url=empty_url))
        try:
            viewer = await authenticate(create_session_factory(engine), secret)
        finally:
            await engine.dispose()
        return (viewer.username, viewer.role.value) if viewer else None

    assert asyncio.run(who(token)) == ("lin", "liaison")
    assert asyncio.run(who(other.stdout.strip())) == ("lin", "liaison")
    assert asyncio.run(who("crm_" + "x" * 43)) is None


def test_user_list_deactivate_revoke_and_password(empty_url: str) -> None:
    assert _run(empty_url, "db", "upgrade").returncode == 0
    token = _run(empty_url, "user", "create", "lin", "--role", "liaison").stdout.strip()
    listed = _run(empty_url, "user", "list", "--tokens")
    assert listed.returncode == 0, listed.stderr
    header, row, detail = listed.stdout.splitlines()[:3]
    assert header.split("\t")[:5] == ["username", "role", "active", "password", "live_tokens"]
    assert row.split("\t")[:5] == ["lin", "liaison", "yes", "no", "1"]
    assert detail.strip().startswith(f"token {token[:8]}")

    async def who(secret: str) -> str | None:
        engine = create_engine(Settings(database_url=empty_url))
        try:
            viewer = await authenticate(create_session_factory(engine), secret)
        finally:
            await engine.dispose()
        return viewer.username if viewer else None

    assert _run(empty_url, "user", "deactivate", "lin").returncode == 0
    assert asyncio.run(who(token)) is None
    assert _run(empty_url, "user", "activate", "lin").returncode == 0
    assert asyncio.run(who(token)) == "lin"
    revoked = _run(empty_url, "user", "revoke", "lin")
    assert (revoked.returncode, "revoked 1 token of lin" in revoked.stderr) == (0, True)
    assert asyncio.run(who(token)) is None
    short = subprocess.run(
        [CRM, "user", "password", "lin", "--stdin"],
        env={**os.environ, "CRM_DATABASE_URL": empty_url},
        input="short\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert short.returncode == 2
    assert "at least 12 characters" in short.stderr
    assert _run(empty_url, "user", "deactivate", "nobody").returncode == 1


def test_serve_runs_the_analysis_worker_in_its_process_unless_told_otherwise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The application reads the cached settings: `crm serve` must say in-process before
    they are first read, or no process would keep the rankings current."""
    from typer.testing import CliRunner

    from crm import cli
    from crm.serving import workers
    from crm.settings import get_settings

    monkeypatch.setenv("CRM_DATABASE_URL", f"sqlite:///{tmp_path / 'crm.sqlite3'}")
    monkeypatch.delenv("CRM_ANALYSIS_WORKER", raising=False)
    get_settings.cache_clear()
    assert get_settings().analysis_worker == "off"  # read (and cached) before serving
    seen: list[str] = []
    monkeypatch.setattr(workers, "serve", lambda **_: seen.append(get_settings().analysis_worker))
    try:
        done = CliRunner().invoke(cli.app, ["serve", "--no-demo", "--workers", "2"])
        assert done.exit_code == 0, done.output
        assert seen == ["in-process"]
    finally:
        monkeypatch.delenv("CRM_ANALYSIS_WORKER", raising=False)
        get_settings.cache_clear()
