"""The analysis worker of one process: the job queue opened once, and (in the server, on
request) the worker that runs its jobs beside the API."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from crm.network.jobs import QUEUE, AnalysisJobs
from crm.settings import Settings

__all__ = ["AnalysisService"]

log = logging.getLogger(__name__)


class AnalysisService:
    """Queues runs for `runAnalysis`; with `analysis_worker = "in-process"` also runs them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.jobs = AnalysisJobs.create(settings)
        self._opened = False
        self._open_lock = asyncio.Lock()
        self._worker: asyncio.Task[None] | None = None

    async def open(self) -> None:
        async with self._open_lock:
            if not self._opened:
                await self.jobs.app.open_async()
                self._opened = True
                await self.jobs.prepare()

    async def start_worker(self) -> None:
        """Run the queue's jobs and the revision watcher in this process, in the background."""
        await self.open()
        if self._worker is not None:
            return
        self._worker = asyncio.create_task(
            self.jobs.app.run_worker_async(queues=[QUEUE], install_signal_handlers=False),
            name="crm-analysis-worker",
        )
        log.info("analysis worker running in-process (%s)", self.settings.snapshot_folder)

    async def request(self, run_id: int, *, force: bool) -> int:
        """Queue the run `run_id` (created by the caller); the id of the run that will do it.

        On SQLite the queue is this process's, so this process runs it: the worker starts
        now if it was not running. On PostgreSQL any `crm worker` (or server) takes it."""
        await self.open()
        if self.settings.is_sqlite and self._worker is None:
            await self.start_worker()
        return await self.jobs.defer(run_id, force=force)

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            # stopping: whatever the worker was doing is abandoned (the watcher redoes it)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._worker
        if self._opened:
            await self.jobs.app.close_async()
        await self.jobs.close()
