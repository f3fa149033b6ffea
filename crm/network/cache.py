"""The graph of the network, built once per process and kept current by the revision.

Every write to a node or link bumps `graph_state.revision` in its transaction and
logs the changed rows under that revision (crm/db/revision.py). Before each analysis
the cache reads the committed revision (one small statement): the same one means
the graph is current; a later one with every revision in between logged means it
re-reads just the changed rows and applies them (`apply_changes`); otherwise (a bulk
load, a consent change, a change log pruned or too long) it rebuilds. Each worker
process keeps its own cache, and all of them follow the same revision in the
database, so they stay correct without talking to each other.

All graph work (building, updating and every analysis on the graph) runs on one
thread of the cache's own: CPU-bound work stays off the event loop, and a query
never sees the graph half-updated.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any, Final, Literal, ParamSpec, TypeVar

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.queries import graph_rows as q
from crm.db.revision import current_revision
from crm.graph.build import apply_changes, build_graph
from crm.graph.records import LinkRecord, NodeRecord
from crm.graph.state import NetworkState
from crm.network.source import Delta, load_delta, load_records, row_of, withdrawn_people

__all__ = ["CachedGraph", "GraphCache", "Refresh"]

P = ParamSpec("P")
T = TypeVar("T")

#: above this many changed rows a rebuild is cheaper than catching up
MAX_CHANGES: Final = 20_000


@dataclass(frozen=True, slots=True)
class CachedGraph:
    graph: nx.Graph
    #: the graph revision the graph reflects (at least)
    revision: int


@dataclass(frozen=True, slots=True)
class Refresh:
    """What the last `current()` did: "hit", "incremental" or "rebuild"."""

    kind: Literal["hit", "incremental", "rebuild"]
    revision: int
    changes: int
    seconds: float
    reason: str = ""


class GraphCache:
    """One process's graph of the network, following the database's graph revision."""

    def __init__(
        self,
        *,
        exclude_withdrawn: bool = True,
        today: Callable[[], date] = date.today,
        max_changes: int = MAX_CHANGES,
    ) -> None:
        self._exclude_withdrawn = exclude_withdrawn
        self._today = today
        self._max_changes = max_changes
        self._graph: nx.Graph | None = None
        self._revision = -1
        #: row ("agreement:3") → identities of the pair links it produced
        self._pair_rows: dict[str, set[str]] = {}
        self._lock = asyncio.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crm-graph")
        #: name → (stamp, value): results kept until their stamp (a revision) moves
        self._memo: dict[str, tuple[object, object]] = {}
        self.last: Refresh | None = None

    async def run(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run `function` on the graph thread (after any update queued before it)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: function(*args, **kwargs))

    async def memoized(self, name: str, stamp: object, function: Callable[[], T]) -> T:
        """`function()` on the graph thread, computed once per `stamp` (e.g. a revision)."""
        kept = self._memo.get(name)
        if kept is not None and kept[0] == stamp:
            return kept[1]  # type: ignore[return-value]
        value = await self.run(function)
        self._memo[name] = (stamp, value)
        return value

    def memo_value(self, name: str, stamp: object) -> Any:
        """What `remember` kept under `name` for this `stamp` (None otherwise)."""
        kept = self._memo.get(name)
        return kept[1] if kept is not None and kept[0] == stamp else None

    def remember(self, name: str, stamp: object, value: object) -> None:
        self._memo[name] = (stamp, value)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._graph = None

    async def current(self, session_factory: async_sessionmaker[AsyncSession]) -> CachedGraph:
        """The graph as of the latest committed revision (or later)."""
        async with self._lock:
            started = time.perf_counter()
            async with session_factory() as session, session.begin():
                # The revision first: rows read afterwards are at least that new, and
                # re-applying a newer row later is harmless (upserts by key).
                revision = await current_revision(session)
                today = self._today()
                graph = self._graph
                if graph is not None and revision == self._revision and today == _today_of(graph):
                    self.last = Refresh("hit", revision, 0, time.perf_counter() - started)
                    return CachedGraph(graph, revision)
                reason, changes = await self._catch_up(session, revision, today)
            assert self._graph is not None
            self._revision = revision
            seconds = time.perf_counter() - started
            if reason:
                self.last = Refresh("rebuild", revision, changes, seconds, reason)
            else:
                self.last = Refresh("incremental", revision, changes, seconds)
            return CachedGraph(self._graph, revision)

    async def _catch_up(self, session: AsyncSession, revision: int, today: date) -> tuple[str, int]:
        """Update or rebuild the graph: why it was rebuilt ("" when updated) and how
        many changed rows were logged."""
        reason = self._why_rebuild(revision, today)
        changes = 0
        if not reason:
            rows = await q.changes_since(session, self._revision)
            rows = [r for r in rows if r.revision <= revision]
            changes = len(rows)
            if len({r.revision for r in rows}) != revision - self._revision:
                reason = "a revision without a change log (bulk load or pruned log)"
            elif len(rows) > self._max_changes:
                reason = f"{len(rows)} changes (a rebuild is cheaper)"
            else:
                delta = await load_delta(session, {(r.entity, r.entity_id) for r in rows})
                if delta.consent_changed and await self._exclusion_changed(session):
                    reason = "consent to analysis changed"
                else:
                    await self.run(self._apply, delta, today)
                    return "", changes
        nodes, links = await load_records(session)
        exclude = await withdrawn_people(session) if self._exclude_withdrawn else set()
        await self.run(self._build, nodes, links, today, exclude)
        return reason, changes

    def _why_rebuild(self, revision: int, today: date) -> str:
        if self._graph is None:
            return "first use"
        if revision < self._revision:
            return "the revision went back (database restored or replaced)"
        if today != _today_of(self._graph):
            return "a new day (every recency factor moved)"
        return ""

    async def _exclusion_changed(self, session: AsyncSession) -> bool:
        assert self._graph is not None
        exclude = await withdrawn_people(session) if self._exclude_withdrawn else set()
        state: NetworkState = self._graph.graph["state"]
        return exclude != set(state.exclude)

    def _build(
        self, nodes: list[NodeRecord], links: list[LinkRecord], today: date, exclude: set[str]
    ) -> None:
        self._graph = None  # let the old graph go before the new one is built
        self._pair_rows = {}
        graph = build_graph(nodes, links, today=today, exclude=exclude)
        self._index_pairs(links)
        self._graph = graph
        # Millions of long-lived objects: keep the cycle collector from walking them
        # all at its next full collection (a pause of seconds on a large network).
        gc.freeze()

    def _apply(self, delta: Delta, today: date) -> None:
        assert self._graph is not None
        replaced: list[str] = []
        for row in delta.replaced_rows:
            replaced.extend(self._pair_rows.pop(row, ()))
        apply_changes(
            self._graph,
            delta.nodes,
            delta.links,
            delta.removed_nodes,
            [*delta.removed_links, *replaced],
            today=today,
        )
        self._index_pairs(delta.links)

    def _index_pairs(self, links: list[LinkRecord]) -> None:
        for link in links:
            if "/" in link.key:
                self._pair_rows.setdefault(row_of(link.key), set()).add(link.identity)


def _today_of(graph: nx.Graph) -> date:
    state: NetworkState = graph.graph["state"]
    return state.today
