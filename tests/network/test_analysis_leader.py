"""One process of a machine runs the background analysis (`crm serve --workers N`): the
others only queue runs, and a process that ends hands the work to the next to start."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.network.background import create_run
from crm.network.stalled import STOPPED_PROCESS
from crm.network.worker import LOCK_FILE, AnalysisService
from crm.settings import Settings
from tests.conftest import _empty_tables

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def _serving(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"graph_snapshots": tmp_path / "graph"})


async def test_only_the_first_process_runs_the_worker_and_the_next_takes_over(
    settings: Settings, tmp_path: Path
) -> None:
    serving = _serving(settings, tmp_path)
    first, second = AnalysisService(serving), AnalysisService(serving)
    try:
        assert await first.start_worker()
        assert not await second.start_worker()
        # on SQLite a queued run stays in the queuing process: only the leader queues
        assert second.runs_here is (not serving.is_sqlite)
        await first.close()
        assert await second.start_worker()
        assert second.runs_here
    finally:
        await first.close()
        await second.close()


async def test_a_process_leading_elsewhere_on_the_machine_keeps_the_worker_off(
    settings: Settings, tmp_path: Path
) -> None:
    serving = _serving(settings, tmp_path)
    serving.snapshot_folder.mkdir(parents=True)
    holder = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        HOLD,
        str(serving.snapshot_folder / LOCK_FILE),
        stdout=asyncio.subprocess.PIPE,
    )
    service = AnalysisService(serving)
    try:
        assert holder.stdout is not None
        assert (await holder.stdout.readline()).strip() == b"held"
        assert not await service.start_worker()
    finally:
        holder.kill()
        await holder.wait()
    try:
        assert await service.start_worker()  # the leader ended: its lock went with it
    finally:
        await service.close()


async def test_only_the_next_leader_gives_up_the_runs_of_the_last_one(
    settings: Settings, tmp_path: Path, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """On SQLite the queue is the leading process's: a process that starts beside it
    leaves its runs alone, and the one that takes over gives them up (on PostgreSQL the
    queue is shared, and only a silent worker's runs are given up)."""
    serving = _serving(settings, tmp_path.joinpath("watch-off"))
    serving = serving.model_copy(update={"analysis_watch_seconds": 59})
    await _empty_tables(session_factory)
    first, second = AnalysisService(serving), AnalysisService(serving)
    try:
        assert await first.start_worker()
        run_id = await create_run(session_factory, reason="manual")  # the leader's run
        assert not await second.start_worker()
        async with session_factory() as session:
            run = await session.get(models.AnalysisRun, run_id)
            assert run is not None
            assert (run.state, run.error) == ("queued", None)
        await first.close()
        assert await second.start_worker()
        async with session_factory() as session:
            run = await session.get(models.AnalysisRun, run_id)
            assert run is not None
            given_up = ("abandoned", STOPPED_PROCESS) if serving.is_sqlite else ("queued", None)
            assert (run.state, run.error) == given_up
    finally:
        await first.close()
        await second.close()
        await _empty_tables(session_factory)
