"""One background analysis run in a process of its own.

A run's steps are CPU-bound (igraph's betweenness and Leiden hold the interpreter lock
for seconds at a time, building the weights and writing the metric rows are Python
loops), so in the server's process they held its event loop: API requests waited for
the step. The job (crm.network.jobs) therefore hands the run to a spawned child that
imports the analysis, opens its own connections, writes the run's progress to its row
as before (`analysisProgress` reads it from there), sends back the outcome and exits:
its graph and arrays are freed with it, so the server never holds a second graph.

The parent only waits for the child's pipe or its end, on the event loop (no thread).
A child that fails marks the run failed with its error (crm.network.background); one
that ends without an answer (killed, out of memory) has its run marked failed here with
its exit status; one whose job is cancelled (the server stopping) is killed and its run
marked abandoned. The child dies with its parent (`die_with_parent`); a parent killed
itself leaves its run to the next worker, which gives it up (crm.network.stalled).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Any, Final

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.types import utcnow
from crm.network.background import RunOutcome, recompute, run_table
from crm.processes import die_with_parent
from crm.settings import Settings

__all__ = ["ChildEntry", "RunRequest", "end_run", "recompute_in_child", "run_child"]

log = logging.getLogger(__name__)

#: states a run leaves only by finishing
UNFINISHED: Final = ("queued", "running")
#: how long a child asked to stop (SIGTERM) has before it is killed, seconds
STOP_SECONDS: Final = 5.0


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What the child needs to do one run (picklable: it crosses to a spawned process)."""

    settings: Settings
    run_id: int
    today: date
    force: bool = False
    seed: int = 42
    sample: int | None = None


#: a child's entry point: (request, the pipe to answer on, the parent's pid)
ChildEntry = Callable[[RunRequest, Connection, int], None]


def run_child(request: RunRequest, answer: Connection, parent: int) -> None:
    """The child: the run, then its outcome (or its error) on `answer`."""
    die_with_parent(parent)
    try:
        outcome = asyncio.run(_recompute(request))
    except BaseException as exc:  # reported to the parent, which fails the job
        answer.send(("failed", repr(exc)[:2000]))
    else:
        answer.send(("done", outcome))
    finally:
        answer.close()


async def _recompute(request: RunRequest) -> RunOutcome:
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
        )
    finally:
        await engine.dispose()


class AnalysisRunError(RuntimeError):
    """The run failed in its process (the run's row says why, too)."""


async def recompute_in_child(
    session_factory: async_sessionmaker[AsyncSession],
    request: RunRequest,
    *,
    entry: ChildEntry = run_child,
) -> RunOutcome:
    """Run `request` in a spawned child and return its outcome; raise AnalysisRunError when it
    failed or ended without answering (its run then marked failed), and kill it when
    this is cancelled (its run then marked abandoned)."""
    spawn = multiprocessing.get_context("spawn")  # no fork of a process with threads
    receive, send = spawn.Pipe(duplex=False)
    child = spawn.Process(
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
