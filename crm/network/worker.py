"""The analysis worker of one process: the job queue opened once, and (in the server, on
request) the worker that runs its jobs beside the API.

One process per machine runs it: `crm serve --workers N` starts N server processes, and
a whole-network analysis in each would multiply its CPU and memory by N. The first to
start takes an exclusive lock on a file in the database's snapshot folder (released by
the kernel when the process ends, so a replacement process takes over); the others
only queue runs, which on PostgreSQL the leader (or a `crm worker`) takes from the
shared queue. The leader also queues a run right after the quiet period that follows a
write (crm.network.waker) and starts the forkserver its runs' processes come from
(crm.network.run_process).
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from typing import Final

from crm.db.machine_revision import machine_counter
from crm.db.revision_listener import KnownRevision
from crm.network.jobs import AnalysisJobs
from crm.network.run_process import start_forkserver
from crm.network.waker import queue_after_writes, write_mark
from crm.settings import Settings

__all__ = ["AnalysisService"]

log = logging.getLogger(__name__)

#: the file whose lock says which process of the machine runs the analysis
LOCK_FILE: Final = ".analysis-worker.lock"


class AnalysisService:
    """Queues runs for `runAnalysis`; with `analysis_worker = "in-process"` also runs them."""

    def __init__(self, settings: Settings, *, known: KnownRevision | None = None) -> None:
        """`known`: the server's known data revision (on PostgreSQL it hears the writes of
        other machines; the worker starts its listening if nothing else did)."""
        self.settings = settings
        self.jobs = AnalysisJobs.create(settings)
        self._known = known
        self._opened = False
        self._open_lock = asyncio.Lock()
        self._start_lock = asyncio.Lock()
        self._worker: asyncio.Task[None] | None = None
        self._waker: asyncio.Task[None] | None = None
        self._lock_fd: int | None = None

    async def open(self) -> None:
        async with self._open_lock:
            if not self._opened:
                await self.jobs.app.open_async()
                self._opened = True
                if not self.settings.is_sqlite:  # on SQLite the leader prepares
                    await self.jobs.prepare()

    async def start_worker(self) -> bool:
        """Run the queue's jobs and the revision watcher in this process, in the
        background, unless another process of the machine does; whether this one does."""
        await self.open()
        async with self._start_lock:
            if self._worker is not None:
                return True
            if not self._lead():
                log.info("the analysis worker runs in another process of this machine")
                return False
            if self.settings.is_sqlite:
                # the queue was the previous leader's, gone with it: give up its runs
                # (only once leading: the leader's own runs are unfinished while it runs)
                await self.jobs.prepare()
            self._worker = asyncio.create_task(
                self.jobs.app.run_worker_async(
                    **self.jobs.worker_options(), install_signal_handlers=False
                ),
                name="crm-analysis-worker",
            )
            start_forkserver()
            if self._known is not None:
                await self._known.start()
            mark = write_mark(machine_counter(self.settings.data_revision_file), self._known)
            self._waker = asyncio.create_task(
                queue_after_writes(
                    self.jobs,
                    mark,
                    debounce=self.settings.analysis_debounce_seconds,
                    max_wait=self.settings.analysis_max_wait_seconds,
                ),
                name="crm-analysis-waker",
            )
        log.info("analysis worker running in-process (%s)", self.settings.snapshot_folder)
        return True

    @property
    def runs_here(self) -> bool:
        """Whether a run queued by this process gets run: always on PostgreSQL (one queue
        for every process); on SQLite (the queue is the process's own) only in the
        process that runs the worker, or could."""
        if not self.settings.is_sqlite or self._worker is not None:
            return True
        return self._lead()

    def _lead(self) -> bool:
        """Take the machine's analysis lock (kept until the process ends or closes)."""
        if self._lock_fd is not None:
            return True
        folder = self.settings.snapshot_folder
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    async def request(self, run_id: int, *, force: bool) -> int:
        """Queue the run `run_id` (created by the caller); the id of the run that will do it.

        On SQLite the queue is this process's, so this process runs it: the worker starts
        now if it was not running. On PostgreSQL any `crm worker` (or server) takes it."""
        await self.open()
        if self.settings.is_sqlite and self._worker is None and not await self.start_worker():
            raise RuntimeError("on SQLite only the process that runs the analysis queues runs")
        return await self.jobs.defer(run_id, force=force)

    async def close(self) -> None:
        if self._waker is not None:
            self._waker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._waker
        if self._worker is not None:
            self._worker.cancel()
            # stopping: a run under way is abandoned (its process killed after
            # STOP_GRACE_SECONDS; the watcher queues the next)
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._worker
        if self._opened:
            await self.jobs.app.close_async()
        await self.jobs.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing the file releases the lock
            self._lock_fd = None
