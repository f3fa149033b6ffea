"""The whole-network metrics on the compact graph: igraph fed straight from the arrays.

The same metrics and definitions as crm.graph.metrics (PageRank, eigenvector per
component, weighted degree, sampled betweenness by cost, Burt's constraint and
effective size, communities by Leiden on modularity), without a networkx graph in
between: igraph gets the edge arrays, PageRank is a SciPy power iteration over them
(crm.graph.compact_pagerank), weighted degree is a sum over them, the
structural holes are NumPy over the CSR rows (crm.graph.compact_holes). Values come
back as arrays indexed like the graph's nodes (NaN where a metric does not apply).

Each step has a fingerprint of what it reads (the node set, the topology, the weights
it uses, its parameters), so a background run recomputes only the steps whose inputs
changed: a renamed person changes none, a new tie all of them.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any, Final

import igraph as ig
import numpy as np

from crm.graph import engine
from crm.graph.compact import NODE_TYPES, CompactGraph, Floats
from crm.graph.compact_holes import structural_holes
from crm.graph.compact_pagerank import pagerank as compact_pagerank
from crm.graph.records import PERSON
from crm.processes import child_pool

__all__ = [
    "HOLES_LIMIT",
    "STEP_METRICS",
    "CompactMetrics",
    "betweenness_error",
    "compact_metrics",
    "sample_size",
    "step_fingerprints",
]

#: the steps in the order they run, and the metrics each one stores
STEP_METRICS: Final[Mapping[str, tuple[str, ...]]] = {
    "pagerank": ("pagerank",),
    "eigenvector": ("eigenvector",),
    "degree": ("degree",),
    "betweenness": ("betweenness",),
    "structural holes": ("constraint", "effective_size"),
    "communities": ("community",),
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
        "communities": _digest(strength, seed),
    }


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


#: from this many edges sampled betweenness runs in two processes
PARALLEL_EDGES: Final = 2_000_000


def _betweenness_part(snapshot: str, sources: list[int]) -> Floats:
    """One process's share: the estimate from `sources`, on the mapped snapshot."""
    from crm.graph.snapshot import load_snapshot

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
    """Betweenness from `sources` in `processes` shares, each computed on the mapped
    snapshot; the shares' estimates weighted by their sizes are the whole one (with every
    node a source, the exact values). Without `helper`, in fresh processes (spawned: the
    caller's threads are not copied); with it, HELPER_SHARES shares taken in turns by
    this process and the helper."""
    if helper is None:
        shares = [sources[i::processes] for i in range(processes)]
        with child_pool(processes) as pool:
            parts = list(pool.map(_betweenness_part, [str(snapshot)] * processes, shares))
    else:
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


def _communities(graph: CompactGraph, groups: Iterable[list[int]]) -> Floats:
    """Each node's community number: largest group first, ties by their first key."""
    n = graph.node_count
    keys = [graph.key(i) for i in range(n)]
    ordered = sorted(
        (sorted(g, key=keys.__getitem__) for g in groups),
        key=lambda g: (-len(g), keys[g[0]]),
    )
    community = np.zeros(n)
    for number, group in enumerate(ordered):
        community[group] = number
    return community


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
    """The metrics of the given steps, metric → array by node index.

    The structural holes are computed for the people with the highest betweenness
    (`betweenness` given, or computed in this run), at most HOLES_LIMIT of them. With
    the graph's `snapshot` file, sampled betweenness on a large graph is split between
    two processes that map it (each Dijkstra takes seconds there; igraph uses one core),
    and so is a smaller one of SPLIT_VISITS or more with a `helper` process (a run's).
    """
    wanted = list(steps)
    values: CompactMetrics = {}
    n = graph.node_count
    on_arrays = {"pagerank", "degree", "structural holes"}
    compiled = to_igraph(graph) if set(wanted) - on_arrays else None

    def step(name: str, run: Callable[[], None]) -> None:
        if name in wanted:
            started = time.perf_counter()
            run()
            if on_step is not None:
                on_step(name, time.perf_counter() - started)

    def array(found: dict[Any, float]) -> Floats:
        return np.fromiter((found[i] for i in range(n)), np.float64, n)

    def central() -> None:
        assert compiled is not None
        k = sample_size(n, graph.edge_count, sample)
        sources = None if k is None else random.Random(seed).sample(range(n), k)
        if snapshot is not None and sources is not None and graph.edge_count >= PARALLEL_EDGES:
            values["betweenness"] = split_betweenness(snapshot, sources)
        elif (
            snapshot is not None
            and helper is not None
            and (k or n) * graph.edge_count >= (SPLIT_VISITS)
        ):
            every = list(range(n)) if sources is None else sources
            values["betweenness"] = split_betweenness(snapshot, every, helper=helper)
        else:
            values["betweenness"] = array(engine.betweenness(compiled, sources=sources))

    def degree() -> None:
        sources = np.repeat(np.arange(n), np.diff(graph.indptr))
        values["degree"] = np.bincount(sources, weights=graph.strength, minlength=n).astype(
            np.float64
        )

    def holes() -> None:
        ranked = values.get("betweenness", betweenness)
        values["constraint"], values["effective_size"] = _structural_holes(graph, ranked)

    def communities() -> None:
        assert compiled is not None
        values["community"] = _communities(graph, engine.leiden(compiled, seed=seed))

    def pagerank() -> None:
        values["pagerank"] = compact_pagerank(graph)

    def eigenvector() -> None:
        assert compiled is not None
        values["eigenvector"] = array(engine.eigenvector(compiled))

    step("pagerank", pagerank)
    step("eigenvector", eigenvector)
    step("degree", degree)
    step("betweenness", central)
    step("structural holes", holes)
    step("communities", communities)
    return values
