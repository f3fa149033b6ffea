"""Queues an analysis run as soon as one is due after a write, not at the next watch.

The periodic watcher (crm.network.jobs, every `analysis_watch_seconds`) asks the
database whether a run is due; after a write the run waited for the quiet period
(`analysis_debounce_seconds`) and then up to one more watch. The worker's process
already learns of every write without asking the database: the machine's data revision
counter moves right after each COMMIT of any process of this machine, and on
PostgreSQL the database notifies every other one (crm.db.revision_listener). The
waker reads that mark (a memory load) a few times a second; once it has stood still
for the quiet period after a move (or moves kept coming for
`analysis_max_wait_seconds`), it asks `analysis_due` once, which queues the run if
the graph changed. The watcher stays, for what no mark shows (a new day).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Hashable
from typing import Final, Protocol

from crm.db.machine_revision import MachineCounter
from crm.db.revision_listener import KnownRevision

__all__ = ["POLL_SECONDS", "queue_after_writes", "write_mark"]

log = logging.getLogger(__name__)

#: how often the waker reads the mark, seconds (what it adds to the quiet period at most)
POLL_SECONDS: Final = 0.2


class Queuer(Protocol):
    """What the waker drives (crm.network.jobs.AnalysisJobs)."""

    async def queue_if_due(self) -> int | None: ...


def write_mark(counter: MachineCounter, known: KnownRevision | None) -> Callable[[], Hashable]:
    """What moves with every write: this machine's counter, and the revision the database
    notified (`known`, when it listens: PostgreSQL's writes from other machines)."""

    def mark() -> Hashable:
        return (counter.value, None if known is None else known.current())

    return mark


async def queue_after_writes(
    jobs: Queuer,
    mark: Callable[[], Hashable],
    *,
    debounce: float,
    max_wait: float,
    poll: float = POLL_SECONDS,
) -> None:
    """Until cancelled: after `mark()` moved, once it has stood still for `debounce`
    seconds (or kept moving for `max_wait`), `jobs.queue_if_due()`."""
    seen = mark()
    first: float | None = None  # when the mark first moved since the last ask
    last = 0.0  # when it last moved
    while True:
        await asyncio.sleep(poll)
        now = time.monotonic()
        value = mark()
        if value != seen:
            seen, last = value, now
            first = now if first is None else first
        if first is None or (now - last < debounce and now - first < max_wait):
            continue
        first = None
        try:
            queued = await jobs.queue_if_due()
        except Exception:  # the database is away: the next move (or the watcher) asks again
            log.exception("asking whether an analysis run is due failed")
        else:
            if queued is not None:
                log.info("analysis run %s queued after a write", queued)
