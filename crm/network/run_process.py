"""One background analysis run in a process of its own.

A run's steps are CPU-bound (igraph's betweenness and Leiden hold the interpreter lock
for seconds at a time, building the weights and writing the metric rows are Python
loops), so in the server's process they held its event loop: API requests waited for
the step. The job (crm.network.jobs) therefore hands the run to a spawned child that
imports the analysis, opens its own connections, writes the run's progress to its row
as before (`analysisProgress` reads it from there), sends back the outcome and exits:
its graph and arrays are freed with it, so the server never holds a second graph.

The child comes from a forkserver that has imported the analysis once (PRELOAD,
started with the worker: `start_forkserver`): a spawned child imported it for every run,
1–2 s on a quiet machine and 8–18 s on a busy one. It first forks one helper, while it
has a single thread, that takes half of a large betweenness (crm.graph.compact_metrics,
SPLIT_VISITS): igraph holds the interpreter and one core, and a machine has two.

The parent only waits for the child's pipe or its end, on the event loop (no thread).
A child that fails marks the run failed with its error (crm.network.background); one
that ends without an answer (killed, out of memory) has its run marked failed here with
its exit status; one whose job is cancelled (the server stopping) is killed and its run
marked abandoned. The child dies with the process that asked for it (`die_with`: its
parent is the forkserver), and its helper with it; a worker killed itself leaves its run
to the next worker, which gives it up (crm.network.stalled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import multiprocessing.forkserver
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.context import ForkServerContext
from typing import Any, Final

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.types import utcnow
from crm.network.background import RunOutcome, recompute, run_table
from crm.processes import die_with, forked_helpers
from crm.settings import Settings

__all__ = [
    "ChildEntry",
    "RunRequest",
    "end_run",
    "recompute_in_child",
    "run_child",
    "start_forkserver",
]

log = logging.getLogger(__name__)

#: states a run leaves only by finishing
UNFINISHED: Final = ("queued", "running")
#: how long a child asked to stop (SIGTERM) has before it is killed, seconds
STOP_SECONDS: Final = 5.0
#: what the forkserver imports once for every run (this module imports the run itself;
#: the engine and the database drivers are imported when a run opens its connections;
#: a driver that is not installed is skipped)
PRELOAD: Final = (
    "crm.network.run_process",
    "crm.db.engine",
    "sqlalchemy.dialects.sqlite.aiosqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
)


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What the child needs to do one run (picklable: it crosses to a spawned process)."""

    settings: Settings
    run_id: int
    today: date
    force: bool = False
    seed: int = 42
    sample: int | None = None
    #: the asking process's folder: relative paths in the settings are relative to it
    #: (the forkserver's is the one the worker started in)
    folder: str = field(default_factory=os.getcwd)


#: a child's entry point: (request, the pipe to answer on, the parent's pid)
ChildEntry = Callable[[RunRequest, Connection, int], None]


def run_child(request: RunRequest, answer: Connection, parent: int) -> None:
    """The child: the run, then its outcome (or its error) on `answer`."""
    helper = forked_helpers(1)  # first: this process has one thread yet
    die_with(parent)
    os.chdir(request.folder)
    try:
        outcome = asyncio.run(_recompute(request, helper))
    except BaseException as exc:  # reported to the parent, which fails the job
        answer.send(("failed", repr(exc)[:2000]))
    else:
        answer.send(("done", outcome))
    finally:
        answer.close()
        helper.shutdown(cancel_futures=True)


async def _recompute(request: RunRequest, helper: Executor | None = None) -> RunOutcome:
    from crm.db.engine import create_engine, create_session_factory

    settings = request.settings.for_jobs()
    engine = create_engine(settings)
    try:
        return await recompute(
            create_session_factory(engine),
            settings.snapshot_folder,
            run_id=request.run_id,
            today=request.today,
            force=request.force,
            exclude_withdrawn=settings.analysis_exclude_withdrawn,
            seed=request.seed,
            sample=request.sample,
            helper=helper,
        )
    finally:
        await engine.dispose()


def analysis_context() -> ForkServerContext:
    """The context runs start in: the forkserver with the analysis imported (PRELOAD)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def start_forkserver() -> None:
    """Start the forkserver now, so that its imports (seconds on a busy machine) are done
    before the first run asks for a process, not while it waits."""
    analysis_context()
    multiprocessing.forkserver.ensure_running()


class AnalysisRunError(RuntimeError):
    """The run failed in its process (the run's row says why, too)."""


async def recompute_in_child(
    session_factory: async_sessionmaker[AsyncSession],
    request: RunRequest,
    *,
    entry: ChildEntry = run_child,
) -> RunOutcome:
    """Run `request` in a child from the forkserver and return its outcome; raise
    AnalysisRunError when it failed or ended without answering (its run then marked
    failed), and kill it when this is cancelled (its run then marked abandoned)."""
    context = analysis_context()  # no fork of this process: it has threads
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=entry,
        args=(request, send, os.getpid()),
        name=f"crm-analysis-{request.run_id}",
    )
    child.start()
    send.close()  # the child holds the only writing end: its end closes the pipe
    try:
        answer = await _answer(receive, child)
    except BaseException:
        _stop(child)
        with contextlib.suppress(Exception):
            await asyncio.shield(
                end_run(session_factory, request.run_id, "abandoned", "stopped during the run")
            )
        raise
    finally:
        receive.close()
    await asyncio.to_thread(child.join)  # it exits once it has answered
    if answer is None:
        why = _ended(child.exitcode)
        await end_run(session_factory, request.run_id, "failed", why)
        raise AnalysisRunError(why)
    state, value = answer
    if state != "done":
        await end_run(session_factory, request.run_id, "failed", str(value))
        raise AnalysisRunError(str(value))
    return value  # type: ignore[no-any-return]


async def _answer(receive: Connection, child: Any) -> tuple[str, Any] | None:
    """The child's answer, or None when it ended without one."""
    await _readable(receive.fileno(), child.sentinel)
    try:
        found: tuple[str, Any] = receive.recv()
    except EOFError:  # the pipe closed unanswered: the child is gone
        return None
    return found


async def _readable(*fds: int) -> None:
    """Wait on the event loop until one of `fds` is readable."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    for fd in fds:
        loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        for fd in fds:
            loop.remove_reader(fd)


def _stop(child: Any) -> None:
    """End the child: SIGTERM, then SIGKILL if it is still there after STOP_SECONDS."""
    if not child.is_alive():
        child.join()
        return
    child.terminate()
    child.join(STOP_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()


def _ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return f"the analysis process was killed ({name}) before it finished"
    return f"the analysis process ended (exit status {exitcode}) before it finished"


async def end_run(
    session_factory: async_sessionmaker[AsyncSession], run_id: int, state: str, error: str
) -> None:
    """Mark the run `state` with `error`, unless it finished (the child said so itself)."""
    async with session_factory() as session, session.begin():
        await session.execute(
            update(run_table)
            .where(run_table.c.id == run_id, run_table.c.state.in_(UNFINISHED))
            .values(state=state, finished_at=utcnow(), error=error[:2000])
        )
    log.warning("analysis run %s %s: %s", run_id, state, error)
