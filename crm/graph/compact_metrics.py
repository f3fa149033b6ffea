"""The whole-network metrics on the compact graph, computed straight from its arrays.

The same metrics and definitions as crm.graph.metrics (PageRank, eigenvector per
component, weighted degree, sampled betweenness by cost, Burt's constraint and
effective size, communities by Leiden on modularity), without a networkx graph in
between: PageRank and eigenvector are SciPy over the CSR arrays
(crm.graph.compact_pagerank, crm.graph.compact_eigenvector), weighted degree is a sum
over them, betweenness is SciPy's Dijkstra with Brandes' sums in NumPy
(crm.graph.compact_betweenness; igraph below PARALLEL_EDGES), the structural holes are
NumPy over the CSR rows (crm.graph.compact_holes), and Leiden is igraph's on the edge
arrays, networkit's from NETWORKIT_EDGES edges (crm.graph.compact_leiden). Values come
back as arrays indexed like the graph's nodes (NaN where a metric does not apply).

Each step has a fingerprint of what it reads (the node set, the topology, the weights
it uses, its parameters), so a background run recomputes only the steps whose inputs
changed: a renamed person changes none, a new tie all of them.
"""

from __future__ import annotations

import hashlib
import math
import multiprocessing
import os
import random
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Final

import igraph as ig
import numpy as np

from crm.graph import engine
from crm.graph.compact import NODE_TYPES, CompactGraph, Floats, Int64s
from crm.graph.compact_betweenness import Arcs, dependency_sums
from crm.graph.compact_eigenvector import eigenvector as compact_eigenvector
from crm.graph.compact_holes import structural_holes
from crm.graph.compact_leiden import NETWORKIT_EDGES, leiden_labels
from crm.graph.compact_pagerank import pagerank as compact_pagerank
from crm.graph.records import PERSON
from crm.graph.snapshot import load_snapshot
from crm.processes import die_with_parent

__all__ = [
    "HOLES_LIMIT",
    "STEP_METRICS",
    "CompactMetrics",
    "betweenness_error",
    "communities",
    "community_engine",
    "compact_metrics",
    "sample_size",
    "step_fingerprints",
]

#: the steps in the order they finish, and the metrics each one stores (betweenness,
#: the longest, starts first when it runs in processes of its own: compact_metrics)
STEP_METRICS: Final[Mapping[str, tuple[str, ...]]] = {
    "pagerank": ("pagerank",),
    "eigenvector": ("eigenvector",),
    "degree": ("degree",),
    "communities": ("community",),
    "betweenness": ("betweenness",),
    "structural holes": ("constraint", "effective_size"),
}
#: betweenness is exact up to this many nodes, sampled above
EXACT_LIMIT: Final = 2000
#: edge visits the default betweenness sample may spend (sources × edges)
SOURCE_BUDGET: Final = 300_000_000
#: constraint and effective size of the people with the highest betweenness, at most
#: this many (all people below): Σ degree² pair lookups (≈ 5 s of CPU for these
#: 20,000 at 1M people, ≈ 60 s for all 1M)
HOLES_LIMIT: Final = 20_000
_PERSON = NODE_TYPES.index(PERSON)

CompactMetrics = dict[str, Floats]


def sample_size(nodes: int, edges: int, sample: int | None) -> int | None:
    """Sampled sources for betweenness (None: exact).

    Each source is one Dijkstra over every edge, so the default spends a fixed budget of
    edge visits (SOURCE_BUDGET): about 3,400 sources on 10,000 people (top-100 people
    agree with the exact ranking at ≥ 0.9; the values around rank 100 differ by 0.3 %
    a rank), and at least 500 up to 250,000 nodes, 128 above (docs/scale.md).
    """
    if sample is not None:
        return sample if sample < nodes else None
    if nodes <= EXACT_LIMIT:
        return None
    floor = 500 if nodes <= 250_000 else 128
    k = max(floor, SOURCE_BUDGET // max(1, edges))
    return k if k < nodes else None


#: the error bound of sampled betweenness holds for every node at once with this probability
BOUND_CONFIDENCE: Final = 0.9


def betweenness_error(nodes: int, sources: int | None) -> float:
    """The additive error bound of sampled betweenness: with probability BOUND_CONFIDENCE
    (1 − δ) no node's estimate is further than this from its exact (normalised) value.

    Brandes–Pich source sampling: the estimate is n/(n−1) times the mean over k sources
    drawn without replacement of X_s = δ_s(v)/(n−2), each in [0, 1], whose mean over all
    sources is the exact value; Hoeffding's bound (which holds without replacement) and
    a union bound over the n nodes give ε = n/(n−1) · √(ln(2n/δ) / 2k). Exact (None): 0.
    The bound is loose for a ranking: at 1M nodes and 128 sources it is 0.26 while the
    largest values are a few hundredths; how well the top of the ranking holds is
    measured instead (top-100 overlap with the exact ranking, tests/graph).

    >>> round(betweenness_error(1_100_000, 128), 3), betweenness_error(500, None)
    (0.257, 0.0)
    """
    if sources is None or nodes < 3:
        return 0.0
    delta = 1.0 - BOUND_CONFIDENCE
    return nodes / (nodes - 1) * math.sqrt(math.log(2 * nodes / delta) / (2 * sources))


def _digest(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(np.ascontiguousarray(part).tobytes())
        else:
            h.update(repr(part).encode())
    return h.hexdigest()


def step_fingerprints(graph: CompactGraph, *, seed: int, sample: int | None) -> dict[str, str]:
    """What each step reads, hashed: equal fingerprints give equal values."""
    nodes = _digest(graph.types, graph.ids)
    topology = _digest(nodes, graph.indptr, graph.neighbors)
    strength = _digest(topology, graph.strength)
    k = sample_size(graph.node_count, graph.edge_count, sample)
    betweenness = _digest(topology, graph.cost, seed, k)
    return {
        "pagerank": strength,
        "eigenvector": strength,
        "degree": strength,
        "betweenness": betweenness,
        "structural holes": _digest(strength, betweenness, HOLES_LIMIT),
        "communities": _digest(strength, seed, community_engine(graph)),
    }


def community_engine(graph: CompactGraph) -> str:
    """Which Leiden a graph gets: igraph's, or networkit's from NETWORKIT_EDGES."""
    return "networkit" if graph.edge_count >= NETWORKIT_EDGES else "igraph"


def communities(graph: CompactGraph, *, seed: int, compiled: engine.Compiled | None) -> Floats:
    """Each node's community number (community_engine; `compiled` is igraph's copy of
    the graph, needed below NETWORKIT_EDGES only)."""
    if community_engine(graph) == "networkit":
        return _communities(graph, leiden_labels(graph, seed=seed))
    assert compiled is not None
    label = np.zeros(graph.node_count, dtype=np.int64)
    for number, group in enumerate(engine.leiden(compiled, seed=seed)):
        label[np.asarray(group, dtype=np.int64)] = number
    return _communities(graph, label)


def to_igraph(graph: CompactGraph) -> engine.Compiled:
    """The igraph copy (vertex i = node i) with `strength` and `cost` on its edges."""
    u, v, at = graph.edge_list()
    # a list of pairs: igraph converts it 2.4× faster than a NumPy array of them
    pairs = list(zip(u.tolist(), v.tolist(), strict=True))
    compiled = ig.Graph(n=graph.node_count, edges=pairs, directed=False)
    del pairs
    compiled.es["strength"] = graph.strength[at]
    compiled.es["cost"] = graph.cost[at]
    return engine.Compiled(compiled, list(range(graph.node_count)))


#: from this many edges sampled betweenness runs in two processes, on the arrays
PARALLEL_EDGES: Final = 2_000_000


#: sources a task of the split run takes (one Dijkstra call's batch)
SPLIT_CHUNK: Final = 8

#: in a process of a split run: the shared count of tasks taken (set when it starts)
_taken: Any = None


def _start_share(parent: int, taken: Any) -> None:
    """A split run's process starts: dies with its parent, keeps the shared count."""
    global _taken
    die_with_parent(parent)
    _taken = taken


def _take(taken: Any, tasks: int) -> int | None:
    """The next task nobody has taken (its number), or None when all are."""
    with taken.get_lock():
        task = int(taken.value)
        if task >= tasks:
            return None
        taken.value = task + 1
    return task


def _share(arcs: Arcs, chunks: list[list[int]], taken: Any) -> Floats:
    """Σ of the dependencies from the sources of every task this process takes."""
    total = np.zeros(arcs.matrix.shape[0])
    while (task := _take(taken, len(chunks))) is not None:
        total += dependency_sums(arcs, chunks[task])
    return total


def _betweenness_share(snapshot: str, chunks: list[list[int]]) -> Floats:
    """A process's share of a split run, on the mapped snapshot (SciPy and NumPy on its
    arrays: no igraph copy to build in the child)."""
    return _share(Arcs(load_snapshot(Path(snapshot)).graph), chunks, _taken)


class SplitBetweenness:
    """Sampled betweenness from `sources` in `processes` fresh processes (spawned: the
    caller's threads are not copied) that map the snapshot. It starts when made and
    the caller computes other steps meanwhile; `result(graph)` then works on it too.

    The sources are cut into tasks of SPLIT_CHUNK, and every process (and the caller
    in `result`) takes the next one from a count in shared memory until none is left,
    so whoever is free does the remaining work. Each process gets its one call at the
    start: a pool fed task by task starved while the caller's igraph Leiden held the
    interpreter lock (the pool's feeding thread needs it) for a minute and a half."""

    def __init__(self, snapshot: Path, sources: list[int], processes: int = 2) -> None:
        self.started = time.perf_counter()
        self.sources = sources
        spawn = multiprocessing.get_context("spawn")
        self._chunks = [sources[i : i + SPLIT_CHUNK] for i in range(0, len(sources), SPLIT_CHUNK)]
        self._taken = spawn.Value("q", 0)
        self._pool = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=spawn,
            initializer=_start_share,
            initargs=(os.getpid(), self._taken),
        )
        try:
            self._shares = [
                self._pool.submit(_betweenness_share, str(snapshot), self._chunks)
                for _ in range(processes)
            ]
        except BaseException:
            self.close()
            raise

    def result(self, graph: CompactGraph) -> Floats:
        """The normalised estimate (as `normalised_betweenness`), once all are done."""
        try:
            total = _share(Arcs(graph), self._chunks, self._taken)
            for share in self._shares:
                total += share.result()
        finally:
            self.close()
        n, k = graph.node_count, len(self.sources)
        if n <= 2:
            return np.zeros(n)
        return np.asarray(total * (n / (k * (n - 1) * (n - 2))), dtype=np.float64)

    def close(self) -> None:
        """Stop: no task is taken after this, and the processes end."""
        with self._taken.get_lock():
            self._taken.value = len(self._chunks)
        self._pool.shutdown(wait=True, cancel_futures=True)


def _betweenness_part(snapshot: str, sources: list[int]) -> Floats:
    """A share of a run split with its helper: the estimate from `sources`, on igraph's
    copy of the mapped snapshot (igraph is the faster below PARALLEL_EDGES)."""
    graph = load_snapshot(Path(snapshot)).graph
    found: dict[Any, float] = engine.betweenness(to_igraph(graph), sources=sources)
    return np.fromiter((found[i] for i in range(graph.node_count)), np.float64, graph.node_count)


#: from this many edge visits (sources × edges) a run with a helper process splits its
#: betweenness with it (the demo's exact run: 7,053 sources × 28,661 edges, 9 s)
SPLIT_VISITS: Final = 20_000_000


#: the shares a run and its helper take in turns: a process slowed by other work on its
#: core takes fewer, instead of the whole waiting for its half
HELPER_SHARES: Final = 8


def _shared_with(helper: Executor, snapshot: str, shares: list[list[int]]) -> list[Floats]:
    """Each share's estimate, computed here or by `helper`, whichever is free first."""
    waiting = list(range(len(shares)))
    parts: dict[int, Floats] = {}
    there: dict[int, Future[Floats]] = {}

    def hand_over() -> None:
        if waiting:
            i = waiting.pop()
            there[i] = helper.submit(_betweenness_part, snapshot, shares[i])

    hand_over()
    while waiting:
        for i, future in list(there.items()):
            if future.done():
                parts[i] = future.result()
                del there[i]
                hand_over()
        if waiting:
            i = waiting.pop(0)
            parts[i] = _betweenness_part(snapshot, shares[i])
    for i, future in there.items():
        parts[i] = future.result()
    return [parts[i] for i in range(len(shares))]


def split_betweenness(
    snapshot: Path, sources: list[int], processes: int = 2, *, helper: Executor | None = None
) -> Floats:
    """Betweenness from `sources` (normalised; every node: exact) computed on the mapped
    snapshot. Without `helper`, in `processes` fresh processes (SplitBetweenness),
    waited for; with it, HELPER_SHARES shares taken in turns by this process and the
    helper, their estimates weighted by their sizes."""
    if helper is None:
        graph = load_snapshot(snapshot).graph
        return SplitBetweenness(snapshot, sources, processes).result(graph)
    shares = [sources[i::HELPER_SHARES] for i in range(HELPER_SHARES)]
    parts = _shared_with(helper, str(snapshot), shares)
    total = sum(part * len(share) for part, share in zip(parts, shares, strict=True))
    return np.asarray(total / len(sources), dtype=np.float64)


def _structural_holes(graph: CompactGraph, ranked: Floats | None) -> tuple[Floats, Floats]:
    """Burt's constraint and effective size of the people with the highest betweenness
    (`ranked`; every person when it is None or they are few), NaN for the others."""
    people = np.flatnonzero(graph.types == _PERSON)
    if ranked is not None and len(people) > HOLES_LIMIT:
        people = people[np.argsort(-ranked[people], kind="stable")[:HOLES_LIMIT]]
    return structural_holes(graph, people)


def _communities(graph: CompactGraph, found: Int64s) -> Floats:
    """Each node's community number from any labels of its group: largest group first,
    ties by their first key (in the keys' text order, "Person:12" before "Person:2"),
    sorted with NumPy."""
    n = graph.node_count
    if n == 0:
        return np.zeros(0)
    _, label = np.unique(found, return_inverse=True)
    count = int(label.max()) + 1
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(np.array([graph.key(i) for i in range(n)]), kind="stable")] = np.arange(n)
    first = np.full(count, n, dtype=np.int64)
    np.minimum.at(first, label, rank)
    size = np.bincount(label, minlength=count)
    numbering = np.empty(count, dtype=np.int64)
    numbering[np.lexsort((first, -size))] = np.arange(count)
    return np.asarray(numbering[label], dtype=np.float64)


def _worth_sharing(graph: CompactGraph, sources: list[int] | None) -> bool:
    """Whether a run's betweenness is worth sharing with its helper (SPLIT_VISITS)."""
    return (len(sources) if sources else graph.node_count) * graph.edge_count >= SPLIT_VISITS


def _start_betweenness(
    graph: CompactGraph, sample: int | None, seed: int, snapshot: Path | None
) -> tuple[list[int] | None, SplitBetweenness | None]:
    """The sampled sources (None: exact), and their run in two processes already
    started when the graph is large and has a snapshot to map."""
    n = graph.node_count
    k = sample_size(n, graph.edge_count, sample)
    sources = None if k is None else random.Random(seed).sample(range(n), k)
    if snapshot is None or sources is None or graph.edge_count < PARALLEL_EDGES:
        return sources, None
    return sources, SplitBetweenness(snapshot, sources)


def compact_metrics(
    graph: CompactGraph,
    *,
    steps: Iterable[str] = STEP_METRICS,
    seed: int = 42,
    sample: int | None = None,
    on_step: Callable[[str, float], None] | None = None,
    betweenness: Floats | None = None,
    snapshot: Path | None = None,
    helper: Executor | None = None,
) -> CompactMetrics:
    """The metrics of the given steps, metric → array by node index, computed in the
    order of STEP_METRICS.

    The structural holes are computed for the people with the highest betweenness
    (`betweenness` given, or computed in this run), at most HOLES_LIMIT of them. With
    the graph's `snapshot` file, sampled betweenness on a large graph (each Dijkstra
    takes seconds there) starts first in two processes that map it, and the steps
    before it in STEP_METRICS run here meanwhile: the step's seconds are from its start.
    A smaller one of SPLIT_VISITS or more is shared with a `helper` process (a run's).
    """
    wanted = list(steps)
    values: CompactMetrics = {}
    n = graph.node_count
    sources: list[int] | None = None
    split: SplitBetweenness | None = None
    if "betweenness" in wanted:
        sources, split = _start_betweenness(graph, sample, seed, snapshot)
    try:
        on_igraph = {"communities"} if community_engine(graph) == "igraph" else set()
        on_igraph |= {"betweenness"} if split is None else set()
        compiled = to_igraph(graph) if on_igraph & set(wanted) else None

        def array(found: dict[Any, float]) -> Floats:
            return np.fromiter((found[i] for i in range(n)), np.float64, n)

        def central() -> Floats:
            if split is not None:
                return split.result(graph)
            if snapshot is not None and helper is not None and _worth_sharing(graph, sources):
                every = list(range(n)) if sources is None else sources
                return split_betweenness(snapshot, every, helper=helper)
            assert compiled is not None
            return array(engine.betweenness(compiled, sources=sources))

        def holes() -> Floats:
            ranked = values.get("betweenness", betweenness)
            values["constraint"], values["effective_size"] = _structural_holes(graph, ranked)
            return values["constraint"]

        runs: dict[str, Callable[[], Floats]] = {
            "pagerank": lambda: compact_pagerank(graph),
            "eigenvector": lambda: compact_eigenvector(graph),
            "degree": lambda: _weighted_degree(graph),
            "communities": lambda: communities(graph, seed=seed, compiled=compiled),
            "betweenness": central,
            "structural holes": holes,
        }
        for name in STEP_METRICS:
            if name not in wanted:
                continue
            started = split.started if name == "betweenness" and split else time.perf_counter()
            values[STEP_METRICS[name][0]] = runs[name]()
            if on_step is not None:
                on_step(name, time.perf_counter() - started)
    finally:
        if split is not None:
            split.close()
    return values


def _weighted_degree(graph: CompactGraph) -> Floats:
    """Σ strength of each node's ties."""
    sources = np.repeat(np.arange(graph.node_count), np.diff(graph.indptr))
    weighted = np.bincount(sources, weights=graph.strength, minlength=graph.node_count)
    return np.asarray(weighted, dtype=np.float64)
