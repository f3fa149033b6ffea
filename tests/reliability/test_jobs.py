"""Command-line jobs: their own timeouts (not the API's), and helper processes that end
with them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from crm import cli
from crm.db.queries.name_lookup import _LATERAL, exact_name_keys
from crm.settings import Settings, get_settings
from tests.reliability.conftest import alive


def test_jobs_have_no_statement_timeout_unless_given_one() -> None:
    api = Settings(statement_timeout_ms=30_000)
    assert api.for_jobs().statement_timeout_ms == 0
    assert Settings(job_statement_timeout_ms=5_000).for_jobs().statement_timeout_ms == 5_000


def test_a_job_past_its_timeout_stops_with_status_124(
    database_url: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(
            cli.app, ["export", "dump", str(tmp_path) + "/dump.json", "--timeout", "0.001"]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == cli.TIMED_OUT, result.output
    assert "stopped after its --timeout of 0.001 s" in result.output


def test_a_pool_worker_dies_with_its_killed_parent() -> None:
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import os, time
                from crm.processes import child_pool
                if __name__ == "__main__":
                    pool = child_pool(1)
                    print(pool.submit(os.getpid).result(), flush=True)
                    time.sleep(600)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert alive({worker}) == {worker}
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        deadline = time.monotonic() + 10
        while alive({worker}) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive({worker}) == set()
    finally:
        if parent.poll() is None:
            parent.kill()


async def test_the_importers_name_look_up_reads_the_btree_not_the_trigram_index(
    backend: str, session: AsyncSession
) -> None:
    """On PostgreSQL the trigram index answered `key IN (...)` for minutes (issue #17)."""
    assert await exact_name_keys(session, ["陈建国"], entity="person", kinds=["name"]) == []
    if backend != "postgresql":
        return
    keys = [f"陈{i}" for i in range(2_000)]
    plan = await session.execute(
        text("EXPLAIN " + str(_LATERAL)),
        {"keys": keys, "entity": "person", "kinds": ["name", "latin"]},
    )
    lines = "\n".join(str(row[0]) for row in plan)
    assert "trgm" not in lines
    assert "ix_name_key_key" in lines
