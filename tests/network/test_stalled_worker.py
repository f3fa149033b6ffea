"""A `crm worker` killed with SIGKILL mid-run (out of memory, `kill -9`, a lost machine)
leaves no run waiting for ever: the next worker gives it up (abandoned, and why) and
completes the next run; a run whose own process is killed fails and its worker goes on.

Real worker processes: the first runs `crm worker` with each run's child held at its
start (tests/network/held_worker.py), so the test kills it mid-run, not after the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Final, TypeVar

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.app import create_app
from crm.db import models
from crm.db.enums import UserRole
from crm.network.jobs import QUEUE, AnalysisJobs
from crm.network.stalled import STOPPED_PROCESS, stalled_reason
from crm.seed.synthetic import seed_synthetic
from crm.settings import Settings
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.conftest import _empty_tables
from tests.network.held_run import gate_files, release

ROOT: Final = Path(__file__).resolve().parents[2]
#: `crm worker` with each run's child held at its start, and `crm worker` itself
HELD_WORKER: Final = [sys.executable, "-m", "tests.network.held_worker", "worker"]
WORKER: Final = [str(Path(sys.executable).with_name("crm")), "worker"]
#: the setting under test, small: a worker silent this long is taken for dead, seconds
STALLED_SECONDS: Final = 2.0
#: bounds on a loaded machine (a worker's start and a run's child import the analysis)
ABANDONED_WITHIN: Final = 60.0
DONE_WITHIN: Final = 180.0
RUNS = "{ analysisRuns(first: 10) { id state error } }"
STATUS = "{ influencers(first: 3) { analysis { updating stale } } }"

T = TypeVar("T")


@pytest.fixture
async def network(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[None]:
    await _empty_tables(session_factory)
    await _empty_queue(settings)
    await seed_synthetic(session_factory, people=120, seed=5)
    yield
    await _empty_queue(settings)
    await _empty_tables(session_factory)


async def _empty_queue(settings: Settings) -> None:
    """No analysis job of an earlier test left in PostgreSQL's queue."""
    if settings.is_sqlite:
        return
    jobs = AnalysisJobs.create(settings)
    async with jobs.app.open_async():
        await jobs.prepare()
        await jobs.app.connector.execute_query_async(
            "DELETE FROM procrastinate_jobs WHERE queue_name = %(queue)s", queue=QUEUE
        )
    await jobs.close()


def _start(command: list[str], database_url: str, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CRM_DATABASE_URL": database_url,
        "CRM_GRAPH_SNAPSHOTS": str(folder),
        "CRM_ANALYSIS_WATCH_SECONDS": "1",
        "CRM_ANALYSIS_DEBOUNCE_SECONDS": "0",
        "CRM_ANALYSIS_STALLED_SECONDS": str(STALLED_SECONDS),
        "CRM_LOG_LEVEL": "warning",
    }
    return subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL to its whole group if a run keeps it busy past a minute (a
    loaded machine): no process of this test may outlive it, or it would queue runs in
    the next test's database."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):  # the run's child, the forkserver
        os.killpg(process.pid, signal.SIGKILL)


async def _until(check: Callable[[], Awaitable[T | None]], seconds: float, what: str) -> T:
    """The first non-None answer of `check`, polled for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if (found := await check()) is not None:
            return found
        await asyncio.sleep(0.25)
    raise AssertionError(f"not within {seconds:g} s: {what}")


async def _held(folder: Path) -> tuple[int, int]:
    """The held child's pid and run, once it holds."""
    _, pid = gate_files(folder)

    async def holding() -> tuple[int, int] | None:
        if pid.exists() and len(found := pid.read_text().split()) == 2:
            return int(found[0]), int(found[1])
        return None

    return await _until(holding, DONE_WITHIN, "the run's child started")


async def _gone(pid: int) -> None:
    async def ended() -> bool | None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return None

    await _until(ended, 10.0, f"process {pid} ended")


async def _runs(session_factory: async_sessionmaker[AsyncSession]) -> list[models.AnalysisRun]:
    async with session_factory() as session:
        found = await session.execute(select(models.AnalysisRun).order_by(models.AnalysisRun.id))
        return list(found.scalars())


async def _ended(
    session_factory: async_sessionmaker[AsyncSession], run_id: int, seconds: float
) -> models.AnalysisRun:
    async def ended() -> models.AnalysisRun | None:
        (run,) = [r for r in await _runs(session_factory) if r.id == run_id]
        return run if run.state not in ("queued", "running") else None

    return await _until(ended, seconds, f"run {run_id} ended")


async def _next_done(
    session_factory: async_sessionmaker[AsyncSession], after: int
) -> list[models.AnalysisRun]:
    """The runs after `after`, once one of them is done."""

    async def done() -> list[models.AnalysisRun] | None:
        later = [r for r in await _runs(session_factory) if r.id > after]
        return later if any(r.state == "done" for r in later) else None

    return await _until(done, DONE_WITHIN, f"a run after run {after} done")


@pytest.mark.usefixtures("network")
async def test_a_run_lost_with_its_killed_worker_is_abandoned_and_the_next_one_done(
    database_url: str,
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    tmp_path: Path,
) -> None:
    folder = tmp_path / "graph"
    gate, _ = gate_files(folder)
    gate.write_bytes(b"\0")
    first = _start(HELD_WORKER, database_url, folder)
    try:
        child, lost = await _held(folder)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        await _gone(child)  # the run's child dies with its worker
    finally:
        _stop(first)
    # what the crash leaves: a run that counts as on its way (and, on PostgreSQL, its
    # job "doing" under the lock every run takes)
    assert [(r.id, r.state) for r in await _runs(session_factory)] == [(lost, "queued")]
    release(folder)
    second = _start(WORKER, database_url, folder)
    try:
        abandoned = await _ended(session_factory, lost, ABANDONED_WITHIN)
        later = await _next_done(session_factory, lost)
    finally:
        _stop(second)
    assert abandoned.state == "abandoned"
    why = STOPPED_PROCESS if settings.is_sqlite else stalled_reason(STALLED_SECONDS)
    assert abandoned.error == why
    assert abandoned.finished_at is not None
    # the second worker's own runs were not taken for stalled ones
    # none given up or failed (a run queued meanwhile by the watcher and the waker
    # together may be merged into one, or still be queued)
    assert not {r.state for r in later} & {"abandoned", "failed"}
    await _shown_to_users(settings, session_factory, folder, lost, why)


async def _shown_to_users(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    folder: Path,
    lost: int,
    why: str,
) -> None:
    """`analysisRuns` says the run was abandoned and why; the rankings are current."""
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    app = create_app(settings.model_copy(update={"graph_snapshots": folder}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as http:
            client = GraphQLClient(http, analyst)
            runs = {r["id"]: r for r in (await client(RUNS))["analysisRuns"]}
            status = (await client(STATUS))["influencers"]["analysis"]
    assert runs[lost] == {"id": lost, "state": "abandoned", "error": why}
    assert status == {"updating": False, "stale": False}


@pytest.mark.usefixtures("network")
async def test_a_worker_whose_run_process_is_killed_fails_the_run_and_goes_on(
    database_url: str, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    folder = tmp_path / "graph"
    gate, _ = gate_files(folder)
    gate.write_bytes(b"\0")
    worker = _start(HELD_WORKER, database_url, folder)
    try:
        child, run_id = await _held(folder)
        os.kill(child, signal.SIGKILL)  # what the kernel's OOM killer picks: the big child
        failed = await _ended(session_factory, run_id, ABANDONED_WITHIN)
        assert failed.state == "failed"
        assert failed.error == "the analysis process was killed (SIGKILL) before it finished"
        release(folder)
        later = await _next_done(session_factory, run_id)  # the same worker's next run
        assert worker.poll() is None
    finally:
        _stop(worker)
    # none given up or failed (a run queued meanwhile by the watcher and the waker
    # together may be merged into one, or still be queued)
    assert not {r.state for r in later} & {"abandoned", "failed"}
