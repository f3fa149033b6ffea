"""The compact graph of one machine: a mapped snapshot plus the changes logged since.

`build_snapshot` reads the whole network into columns, weighs it (crm.graph.compact_build)
and publishes a snapshot file (crm/graph/snapshot.py): the background analysis job
does it after every run, and a process that finds no snapshot does it once. Every
worker process maps the newest snapshot (the operating system shares the pages) and
follows the graph revision like crm.network.cache: same revision, nothing to do;
later revisions, every one logged and not too many rows, it re-weighs the pairs the
changed rows touch (crm.network.catch_up); otherwise, or when a newer snapshot was
published, it maps the newest snapshot (rebuilding only when that is behind too).
Recency factors are those of the snapshot's day until the next snapshot (at least
daily, by the background job).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final, Literal, ParamSpec, TypeVar

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.queries import graph_rows
from crm.db.revision import current_revision
from crm.graph.compact_build import build_compact
from crm.graph.live import LiveGraph
from crm.graph.snapshot import Snapshot, latest_snapshot, load_snapshot, write_snapshot
from crm.network.catch_up import PairIndex, catch_up, pair_index_arrays
from crm.network.columns_source import load_columns
from crm.network.source import withdrawn_people

__all__ = ["LiveGraphCache", "LiveRefresh", "build_snapshot"]

P = ParamSpec("P")
T = TypeVar("T")

#: above this many changed rows mapping a fresh snapshot is cheaper than catching up
MAX_CHANGES: Final = 20_000


async def build_snapshot(
    session_factory: async_sessionmaker[AsyncSession],
    folder: Path,
    *,
    today: date,
    exclude_withdrawn: bool = True,
) -> Path:
    """Read the whole network, weigh it and publish a snapshot; its path."""
    async with session_factory() as session, session.begin():
        revision = await current_revision(session)
        columns, rows = await load_columns(session)
        exclude = await withdrawn_people(session) if exclude_withdrawn else set()

    def weigh() -> Path:
        graph = build_compact(columns, today=today, exclude=exclude)
        extra = pair_index_arrays(columns, rows, graph)
        extra["excluded"] = np.array(sorted(int(k.partition(":")[2]) for k in exclude), np.int64)
        return write_snapshot(folder, graph, revision=revision, today=today, extra=extra)

    return await asyncio.to_thread(weigh)


@dataclass(frozen=True, slots=True)
class LiveRefresh:
    """What the last `current()` did."""

    kind: Literal["hit", "incremental", "mapped", "rebuild"]
    revision: int
    changes: int
    seconds: float
    reason: str = ""


class LiveGraphCache:
    """One process's view of the machine's compact graph, following the graph revision."""

    def __init__(
        self,
        folder: Path,
        *,
        exclude_withdrawn: bool = True,
        today: Callable[[], date] = date.today,
        max_changes: int = MAX_CHANGES,
    ) -> None:
        self.folder = folder
        self._exclude_withdrawn = exclude_withdrawn
        self._today = today
        self._max_changes = max_changes
        self._snapshot: Snapshot | None = None
        self._live: LiveGraph | None = None
        self._index: PairIndex | None = None
        self._revision = -1
        self._lock = asyncio.Lock()
        #: held by queries on the graph thread, and by an update while it changes the graph
        self._reading = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crm-live-graph")
        self.last: LiveRefresh | None = None

    @property
    def snapshot(self) -> Snapshot | None:
        return self._snapshot

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `function` on the graph thread (never beside an update)."""
        loop = asyncio.get_running_loop()

        def call() -> T:
            with self._reading:
                return function(*args, **kwargs)

        return await loop.run_in_executor(self._executor, call)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._live = self._snapshot = self._index = None

    def map_latest(self) -> bool:
        """Map the newest published snapshot if it is newer than the graph; whether it did."""
        path = latest_snapshot(self.folder)
        if path is None or (self._snapshot is not None and path == self._snapshot.path):
            return False
        snapshot = load_snapshot(path)
        if self._snapshot is not None and snapshot.revision < self._revision:
            return False
        self._snapshot = snapshot
        self._live = LiveGraph(snapshot.graph)
        self._index = PairIndex(dict(snapshot.extra))
        if self._index.snapshot_studies is not None:  # sorted now, not in a catch-up
            _ = self._index.snapshot_studies.by_org
        self._revision = snapshot.revision
        return True

    async def current(self, session_factory: async_sessionmaker[AsyncSession]) -> LiveGraph:
        """The graph as of the latest committed revision."""
        async with self._lock:
            started = time.perf_counter()
            kind, reason, changes = "hit", "", 0
            async with session_factory() as session, session.begin():
                revision = await current_revision(session)
                if self._live is None or revision != self._revision:
                    if self.map_latest():
                        kind = "mapped"
                    if self._live is None or revision < self._revision:
                        reason = "no snapshot" if self._live is None else "the revision went back"
                    elif revision > self._revision:
                        reason, changes = await self._catch_up(session, revision)
                        kind = "incremental" if not reason else kind
            if reason:
                await build_snapshot(
                    session_factory,
                    self.folder,
                    today=self._today(),
                    exclude_withdrawn=self._exclude_withdrawn,
                )
                self.map_latest()
                kind = "rebuild"
            assert self._live is not None
            seconds = time.perf_counter() - started
            self.last = LiveRefresh(kind, self._revision, changes, seconds, reason)  # type: ignore[arg-type]
            return self._live

    async def _catch_up(self, session: AsyncSession, revision: int) -> tuple[str, int]:
        """Apply the logged changes; the reason to rebuild instead ("" when applied)."""
        assert self._live is not None
        assert self._index is not None
        assert self._snapshot is not None
        rows = [r for r in await graph_rows.changes_since(session, self._revision)]
        rows = [r for r in rows if r.revision <= revision]
        if len({r.revision for r in rows}) != revision - self._revision:
            return "a revision without a change log (bulk load or pruned log)", len(rows)
        if len(rows) > self._max_changes:
            return f"{len(rows)} changes (a rebuild is cheaper)", len(rows)
        excluded = {f"Person:{i}" for i in self._snapshot.extra["excluded"].tolist()}
        exclude = excluded
        if any(r.entity == "consent" for r in rows):
            exclude = await withdrawn_people(session) if self._exclude_withdrawn else set()
            if exclude != excluded:
                return "consent to analysis changed", len(rows)
        changes = {(r.entity, r.entity_id) for r in rows}
        live, index, today = self._live, self._index, self._snapshot.today
        # queries wait while the graph changes: none sees it half-updated
        await asyncio.get_running_loop().run_in_executor(None, self._reading.acquire)
        try:
            await catch_up(session, live, index, changes, today=today, exclude=frozenset(exclude))
        finally:
            self._reading.release()
        self._revision = revision
        return "", len(rows)
