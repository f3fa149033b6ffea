"""The analysis job queue: procrastinate on PostgreSQL, its in-memory queue on SQLite.

Two tasks, run by `crm worker` (or in the server process, `CRM_ANALYSIS_WORKER`):

- `watch_revision`, every few seconds (procrastinate's periodic tasks, deduplicated
  across workers): it first gives up the runs of workers that stopped sending
  heartbeats (crm.network.stalled), then, when the graph revision moved past the last
  run's and the network has been quiet for `analysis_debounce_seconds` (or changes kept
  coming for `analysis_max_wait_seconds`), or the day changed, it queues a run;
- `recompute_analysis`: one run (crm.network.background.recompute), in a child process
  of its own (crm.network.run_process: the steps hold the interpreter for seconds, and
  the worker's event loop, often the server's, keeps answering). Runs hold one lock,
  so two never overlap, and one queueing lock, so a burst of writes queues one run
  (a write during a run queues the next).

`runAnalysis` queues a run at once. On SQLite the queue lives in the server process
(there is one machine and one database file); runs are lost with the process, and the
watcher queues them again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.testing import InMemoryConnector
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.engine import create_engine, create_session_factory
from crm.db.queries.common import table_of
from crm.db.revision import current_revision
from crm.db.types import utcnow
from crm.network.background import create_run, last_finished, run_table
from crm.network.run_process import ChildEntry, RunRequest, recompute_in_child, run_child
from crm.network.stalled import STOPPED_PROCESS, give_up_stalled
from crm.settings import Settings

__all__ = ["QUEUE", "STOP_GRACE_SECONDS", "AnalysisJobs", "analysis_due"]

QUEUE: Final = "analysis"
#: a stopping worker waits this long for a run to end, then kills its process (the run
#: is marked abandoned; the watcher queues the next), seconds
STOP_GRACE_SECONDS: Final = 2.0
#: a run queued or running for longer than this was lost (a backstop: a run lost with its
#: worker is given up within `analysis_stalled_seconds`, crm.network.stalled)
STUCK: Final = timedelta(hours=1)
change_table = table_of(models.GraphChange)


async def analysis_due(
    session: AsyncSession,
    *,
    today: date,
    debounce: float,
    max_wait: float,
    now: datetime | None = None,
) -> str | None:
    """Why a run is due now ("revision", "day"), or None: nothing changed since the last
    run, the network is still changing (less than `debounce` seconds since the last
    logged change, unless changes have kept coming for `max_wait`), or a run is queued."""
    now = now or datetime.now(UTC)
    # a run queued or running answers for the changes so far; one older than an hour
    # was lost (a worker that stopped) and no longer counts
    waiting = await session.execute(
        select(func.count()).where(
            run_table.c.state.in_(["queued", "running"]),
            run_table.c.created_at > now - STUCK,
        )
    )
    if waiting.scalar_one():
        return None
    revision = await current_revision(session)
    last = await last_finished(session)
    if last is None:
        return "revision"
    if last.graph_revision is not None and revision > last.graph_revision:
        first, latest = (
            await session.execute(
                select(func.min(change_table.c.at), func.max(change_table.c.at)).where(
                    change_table.c.revision > last.graph_revision
                )
            )
        ).one()
        if latest is None:  # a bulk load: no change log
            return "revision"
        quiet = now - _aware(latest) >= timedelta(seconds=debounce)
        overdue = now - _aware(first) >= timedelta(seconds=max_wait)
        return "revision" if quiet or overdue else None
    if last.steps.get("day") != today.isoformat():
        return "day"
    return None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


@dataclass
class AnalysisJobs:
    """The procrastinate app of one process, its tasks bound to the settings."""

    settings: Settings
    app: procrastinate.App
    session_factory: async_sessionmaker[AsyncSession]
    #: what the run's child process runs (tests wrap it)
    child_entry: ChildEntry = field(default=run_child)

    @classmethod
    def create(cls, settings: Settings) -> AnalysisJobs:
        if settings.is_sqlite:
            connector: procrastinate.BaseConnector = InMemoryConnector()
        else:
            connector = procrastinate.PsycopgConnector(conninfo=_libpq(settings.database_url))
        engine = create_engine(settings.for_jobs())  # the analysis is a job, not a request
        jobs = cls(settings, procrastinate.App(connector=connector), create_session_factory(engine))
        jobs._register()
        return jobs

    def _register(self) -> None:
        app, settings = self.app, self.settings

        @app.task(name="crm.recompute_analysis", queue=QUEUE, lock="analysis")
        async def recompute_analysis(run_id: int, force: bool = False) -> None:
            request = RunRequest(settings, run_id, date.today(), force=force)
            await recompute_in_child(self.session_factory, request, entry=self.child_entry)

        @app.periodic(cron=f"* * * * * */{settings.analysis_watch_seconds}", periodic_id="watch")
        @app.task(name="crm.watch_revision", queue=QUEUE, queueing_lock="analysis-watch")
        async def watch_revision(timestamp: int) -> None:
            await self.give_up_stalled()  # a lost run holds the lock and counts as waiting
            await self.queue_if_due()

        self.recompute_task = recompute_analysis

    def worker_options(self) -> dict[str, Any]:
        """The arguments of `run_worker_async` for the analysis queue: heartbeats three
        times per `analysis_stalled_seconds`, so one late beat is not taken for a death."""
        stalled = self.settings.analysis_stalled_seconds
        return {
            "queues": [QUEUE],
            "shutdown_graceful_timeout": STOP_GRACE_SECONDS,
            "update_heartbeat_interval": stalled / 3,
            "stalled_worker_timeout": stalled,
        }

    async def give_up_stalled(self) -> list[int]:
        """On PostgreSQL, give up the jobs and runs of workers that stopped sending
        heartbeats (crm.network.stalled); the runs abandoned."""
        if self.settings.is_sqlite:  # the queue died with its process (see `prepare`)
            return []
        return await give_up_stalled(
            self.app,
            self.session_factory,
            queue=QUEUE,
            seconds=self.settings.analysis_stalled_seconds,
        )

    async def queue_if_due(self) -> int | None:
        """Queue a run when one is due (see `analysis_due`); its id."""
        async with self.session_factory() as session:
            reason = await analysis_due(
                session,
                today=date.today(),
                debounce=self.settings.analysis_debounce_seconds,
                max_wait=self.settings.analysis_max_wait_seconds,
            )
        return None if reason is None else await self.queue(reason=reason)

    async def queue(
        self, *, reason: str, requested_by: int | None = None, force: bool = False
    ) -> int:
        """A new run, queued (or, when one is already waiting, that one's id)."""
        run_id = await create_run(self.session_factory, reason=reason, requested_by=requested_by)
        return await self.defer(run_id, force=force)

    async def defer(self, run_id: int, *, force: bool = False) -> int:
        """Hand the queued run `run_id` to the queue; when a run is already waiting, this
        one is merged into it and that one's id is returned."""
        try:
            await self.recompute_task.configure(queueing_lock="analysis-run").defer_async(
                run_id=run_id, force=force
            )
        except AlreadyEnqueued:
            async with self.session_factory() as session, session.begin():
                await session.execute(
                    update(run_table).where(run_table.c.id == run_id).values(state="merged")
                )
                waiting = await session.execute(
                    select(func.min(run_table.c.id)).where(run_table.c.state == "queued")
                )
                return int(waiting.scalar_one() or run_id)
        return run_id

    async def prepare(self) -> None:
        """With the app open: create procrastinate's tables on PostgreSQL if they are
        missing; on SQLite, give up the runs a stopped process had queued or was running
        (its in-memory queue is gone)."""
        if self.settings.is_sqlite:
            async with self.session_factory() as session, session.begin():
                await session.execute(
                    update(run_table)
                    .where(run_table.c.state.in_(["queued", "running"]))
                    .values(state="abandoned", finished_at=utcnow(), error=STOPPED_PROCESS)
                )
            return
        async with self.session_factory() as session:
            found = await session.execute(
                select(func.to_regclass("procrastinate_jobs").is_not(None))
            )
            exists = bool(found.scalar_one())
        if not exists:
            await self.app.schema_manager.apply_schema_async()

    async def close(self) -> None:
        await self.session_factory.kw["bind"].dispose()


def _libpq(url: str) -> str:
    _, _, rest = url.partition("://")
    return f"postgresql://{rest}"
