"""The background analysis runs in a child process: the server's event loop answers
while a run holds its process, a run that fails says why, and a killed child leaves a
failed run, not one "running" for ever."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

from crm.app import create_app
from crm.db import models
from crm.db.enums import UserRole
from crm.network.jobs import QUEUE, AnalysisJobs
from crm.seed.synthetic import seed_synthetic
from crm.settings import Settings
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.conftest import _empty_tables
from tests.network.held_run import gate_files, held_child, release
from tests.reliability.conftest import alive

PROGRESS = "{ analysisRuns(first: 5) { id state step stepsDone stepsTotal error } }"
RUN = "mutation { runAnalysis(force: true) { run { id } errors { code } } }"
STATUS = "{ influencers(first: 3) { analysis { updating stale } items { score } } }"


@pytest.fixture
async def network(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    await _empty_tables(session_factory)
    await seed_synthetic(session_factory, people=120, seed=5)
    yield
    await _empty_tables(session_factory)


@pytest.fixture
async def served(settings: Settings, tmp_path: Path) -> AsyncIterator[tuple[Starlette, Settings]]:
    """The app with its analysis worker in-process, each run's child held at its start."""
    serving = settings.model_copy(
        update={
            "graph_snapshots": tmp_path / "graph",
            "analysis_worker": "in-process",
            "analysis_watch_seconds": 59,
        }
    )
    gate, _ = gate_files(serving.snapshot_folder)
    gate.write_bytes(b"\0")
    app = create_app(serving)
    async with app.router.lifespan_context(app):
        jobs = app.state.analysis.jobs
        if not serving.is_sqlite:
            await jobs.app.connector.execute_query_async(
                "DELETE FROM procrastinate_jobs WHERE queue_name = %(queue)s", queue=QUEUE
            )
        jobs.child_entry = held_child
        yield app, serving


async def _held(serving: Settings) -> tuple[int, int]:
    """The held child's pid and run, once it holds its interpreter (the first run may be
    the watcher's, queued as the server started: the network was never analysed)."""
    _, pid = gate_files(serving.snapshot_folder)
    for _ in range(1200):  # a spawned child imports the analysis: slow on a loaded machine
        if pid.exists() and len(found := pid.read_text().split()) == 2:
            return int(found[0]), int(found[1])
        await asyncio.sleep(0.1)
    raise AssertionError("the run's child never started")


async def _run(client: GraphQLClient, run_id: int) -> dict[str, Any]:
    (run,) = [r for r in (await client(PROGRESS))["analysisRuns"] if r["id"] == run_id]
    return dict(run)


async def _finished(client: GraphQLClient, run_id: int) -> dict[str, Any]:
    for _ in range(1200):
        run = await _run(client, run_id)
        if run["state"] not in ("queued", "running"):
            return run
        await asyncio.sleep(0.25)
    raise AssertionError("the run never finished")


@pytest.mark.usefixtures("network")
async def test_the_server_answers_while_a_run_holds_its_process(
    served: tuple[Starlette, Settings], session_factory: async_sessionmaker[AsyncSession]
) -> None:
    app, serving = served
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as http:
        client = GraphQLClient(http, analyst)
        started = await client.mutate(RUN)
        run_id = started["run"]["id"]
        child, held = await _held(serving)
        assert child != os.getpid()
        # the child holds its interpreter, as a long igraph step does; in the server's
        # process nothing below would be answered until it let go
        answers = [await client(STATUS) for _ in range(5)]
        assert all(a["influencers"]["analysis"]["updating"] for a in answers)
        assert (await _run(client, held))["state"] == "queued"  # still held: not started
        release(serving.snapshot_folder)
        done = await _finished(client, run_id)
        assert done["state"] == "done", done["error"]
        assert done["stepsDone"] == done["stepsTotal"]
        ranking = (await client(STATUS))["influencers"]
        assert ranking["analysis"] == {"updating": False, "stale": False}
        assert len(ranking["items"]) == 3


@pytest.mark.usefixtures("network")
async def test_a_killed_child_leaves_a_failed_run(
    served: tuple[Starlette, Settings], session_factory: async_sessionmaker[AsyncSession]
) -> None:
    app, serving = served
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as http:
        client = GraphQLClient(http, analyst)
        await client.mutate(RUN)
        child, held = await _held(serving)
        os.kill(child, signal.SIGKILL)
        failed = await _finished(client, held)
        assert failed["state"] == "failed"
        assert "SIGKILL" in failed["error"]
        # the worker goes on: the next run (runAnalysis's, if the watcher's was held) is done
        release(serving.snapshot_folder)
        again = (await client.mutate(RUN))["run"]["id"]
        assert (await _finished(client, again))["state"] == "done"
        status = (await client(STATUS))["influencers"]["analysis"]
        assert status == {"updating": False, "stale": False}


@pytest.mark.usefixtures("network")
async def test_a_run_that_fails_in_its_child_says_why(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the snapshots would go")
    jobs = AnalysisJobs.create(settings.model_copy(update={"graph_snapshots": blocked}))
    async with jobs.app.open_async():
        await jobs.prepare()
        if not settings.is_sqlite:
            await jobs.app.connector.execute_query_async(
                "DELETE FROM procrastinate_jobs WHERE queue_name = %(queue)s", queue=QUEUE
            )
        run_id = await jobs.queue(reason="manual", force=True)
        await jobs.app.run_worker_async(queues=[QUEUE], wait=False, install_signal_handlers=False)
    await jobs.close()
    async with session_factory() as session:
        run = await session.get(models.AnalysisRun, run_id)
        assert run is not None
        assert run.state == "failed"
        assert run.step == "snapshot"
        assert "FileExistsError" in (run.error or "")  # the folder is a file
        assert run.finished_at is not None
        states = await session.execute(select(models.AnalysisRun.state))
        assert set(states.scalars()) == {"failed"}


#: a server that asks the forkserver for two run processes and waits
ASKER = textwrap.dedent(
    """
    import os, time
    from crm.network.run_process import analysis_context
    from tests.network.held_run import waiting_child
    if __name__ == "__main__":
        context = analysis_context()
        for _ in range(2):
            receive, send = context.Pipe(duplex=False)
            context.Process(target=waiting_child, args=(os.getpid(), send)).start()
            print(*receive.recv(), flush=True)
        time.sleep(600)
    """
)


def test_run_processes_come_from_one_forkserver_and_end_with_the_server() -> None:
    server = subprocess.Popen([sys.executable, "-c", ASKER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first, second = (tuple(map(int, server.stdout.readline().split())) for _ in range(2))
        children = {first[0], second[0]}
        # both forked by the same process, which has the analysis imported: not the server
        assert first[1] == second[1] != server.pid
        assert alive(children) == children
        os.kill(server.pid, signal.SIGKILL)
        server.wait(10)
        deadline = time.monotonic() + 10
        while alive(children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alive(children) == set()  # the forkserver's children, ended all the same
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
