"""Runs lost with their worker process: given up, so the next run can start.

A worker killed mid-run (SIGKILL, out of memory, its machine lost) runs no clean-up:
on PostgreSQL its procrastinate job stays `doing` with the lock `analysis`, which no
other job of that lock passes, and its run stays `queued` or `running`, which the
watcher takes for a run on its way. Every worker sends procrastinate a heartbeat; the
jobs of a worker silent for longer than `analysis_stalled_seconds` are what
procrastinate calls stalled (`JobManager.get_stalled_jobs`). The watcher marks them
failed (their lock is free again) and their runs abandoned with the reason, then queues
the next run if one is due (crm.network.jobs).

On SQLite the queue lives in the server process and dies with it: the next process to
take the machine's analysis lead gives up the runs it finds unfinished
(`AnalysisJobs.prepare`, crm.network.worker).
"""

from __future__ import annotations

import logging
from typing import Final

import procrastinate
from procrastinate.exceptions import ConnectorException
from procrastinate.jobs import Status
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.network.run_process import end_run

__all__ = ["STOPPED_PROCESS", "give_up_stalled", "stalled_reason"]

log = logging.getLogger(__name__)

#: why a run queued in a stopped process's in-memory queue (SQLite) was given up
STOPPED_PROCESS: Final = (
    "the process that queued or ran it stopped before it finished (killed or restarted; "
    "on SQLite the queue lives in that process)"
)


def stalled_reason(seconds: float) -> str:
    """Why a run of a worker silent for `seconds` was given up."""
    return (
        f"the worker running it sent no heartbeat for over {seconds:g} s (killed, out of "
        "memory or its machine lost); given up so that the next run can start"
    )


async def give_up_stalled(
    app: procrastinate.App,
    session_factory: async_sessionmaker[AsyncSession],
    *,
    queue: str,
    seconds: float,
) -> list[int]:
    """Mark the jobs of `queue` whose worker has sent no heartbeat for `seconds` failed,
    and the runs they ran abandoned; the ids of those runs."""
    stalled = await app.job_manager.get_stalled_jobs(queue=queue, seconds_since_heartbeat=seconds)
    abandoned = []
    for job in stalled:
        assert job.id is not None
        try:
            await app.job_manager.finish_job_by_id_async(
                job_id=job.id, status=Status.FAILED, delete_job=False
            )
        except ConnectorException:  # another worker gave it up first
            continue
        log.warning("job %s (%s) of a stalled worker marked failed", job.id, job.task_name)
        run_id = job.task_kwargs.get("run_id")
        if isinstance(run_id, int):
            await end_run(session_factory, run_id, "abandoned", stalled_reason(seconds))
            abandoned.append(run_id)
    return abandoned
