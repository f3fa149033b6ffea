"""The analyze steps beside plain networkx, networkx backends and compiled peers.

Used by bench/network_scale.py. The peers (igraph, networkit) and backends (nx-parallel,
nx-rustworkx) are optional (`pip install -e '.[bench]'`); each runs on the same graph,
the peers fed from its edge arrays, and a step that cannot run is reported, not fatal.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import networkx as nx
from network_report import Report, optional, people_of, run

from crm.graph.connectors import StructuralHoles


def measure_plain(
    graph: nx.Graph, report: Report, *, sample: int, seed: int, limit: float
) -> dict[str, Any]:
    """networkx's defaults on the same graph (weights are ignored: no edge has 'weight')."""
    people = people_of(graph)
    few = random.Random(seed).sample(people, min(20, len(people)))
    holes = StructuralHoles(graph, "strength")
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("nx.pagerank(G)", lambda: nx.pagerank(graph)),
        ("nx.eigenvector_centrality(G)", lambda: nx.eigenvector_centrality(graph)),
        ("nx.degree_centrality(G)", lambda: nx.degree_centrality(graph)),
        (
            f"nx.betweenness_centrality(G, k={sample}, seed={seed})",
            lambda: nx.betweenness_centrality(graph, k=sample, seed=seed),
        ),
        (
            "nx.community.louvain_communities(G, seed=42)",
            lambda: nx.community.louvain_communities(graph, seed=seed),
        ),
        (
            f"nx.constraint + nx.effective_size, {len(few)} people (strength)",
            lambda: (
                nx.constraint(graph, few, weight="strength"),
                nx.effective_size(graph, few, weight="strength"),
            ),
        ),
        (
            f"  the same {len(few)} people with crm StructuralHoles",
            lambda: [(holes.constraint(p), holes.effective_size(p)) for p in few],
        ),
    ]
    # networkx's structural holes take seconds per member of a large association
    short = {steps[5][0]: min(limit, 300.0)}
    return {
        name: run(report, "plain nx", name, fn, limit=short.get(name, limit)) for name, fn in steps
    }


def _slim(graph: nx.Graph) -> nx.Graph:
    """The same nodes and edges with only cost and strength: what a worker must receive."""
    slim = nx.Graph()
    slim.add_nodes_from(graph)
    slim.add_edges_from(
        (u, v, {"cost": d["cost"], "strength": d["strength"]}) for u, v, d in graph.edges(data=True)
    )
    return slim


def measure_backends(
    graph: nx.Graph, report: Report, *, sample: int, seed: int, limit: float
) -> None:
    """nx-parallel and nx-rustworkx through networkx's dispatch, on the crm calls."""
    backends = nx.utils.backends.backends
    # Every call converts afresh (the conversion is part of what a caller pays once).
    nx.config.cache_converted_graphs = False
    if "parallel" in backends:
        nx.config.backends.parallel.active = True
        nx.config.backends.parallel.n_jobs = 2
        slim = run(
            report,
            "backends",
            "copy to a slim graph (cost, strength only) for the workers",
            lambda: _slim(graph),
        )
        run(
            report,
            "backends",
            f"nx-parallel betweenness (cost, k={sample}), 2 jobs, slim graph",
            lambda: nx.betweenness_centrality(
                slim, k=sample, seed=seed, weight="cost", backend="parallel"
            ),
            limit=limit,
        )
        nx.config.backends.parallel.active = False
    else:
        report.add("backends", "nx-parallel", None, "not installed")
    if "rustworkx" in backends:
        run(
            report,
            "backends",
            "nx-rustworkx pagerank (strength), incl. conversion",
            lambda: nx.pagerank(graph, weight="strength", backend="rustworkx"),
            limit=limit,
        )
        run(
            report,
            "backends",
            "nx-rustworkx eigenvector (strength), incl. conversion",
            lambda: nx.eigenvector_centrality(
                graph, weight="strength", max_iter=1000, backend="rustworkx"
            ),
            limit=limit,
        )
        report.add(
            "backends",
            "nx-rustworkx betweenness",
            None,
            "weighted or k-sampled betweenness is not dispatched (falls back to networkx)",
        )
    else:
        report.add("backends", "nx-rustworkx", None, "not installed")


# -- compiled peers ----------------------------------------------------------------------


@dataclass
class EdgeArrays:
    keys: list[str]
    source: Any  # numpy arrays
    target: Any
    cost: Any
    strength: Any


def edge_arrays(graph: nx.Graph, np: Any) -> EdgeArrays:
    keys = list(graph)
    index = {k: i for i, k in enumerate(keys)}
    m = graph.number_of_edges()
    data = graph.edges(data=True)
    source = np.fromiter((index[u] for u, _, _ in data), dtype=np.int64, count=m)
    target = np.fromiter((index[v] for _, v, _ in data), dtype=np.int64, count=m)
    cost = np.fromiter((d["cost"] for _, _, d in data), dtype=np.float64, count=m)
    strength = np.fromiter((d["strength"] for _, _, d in data), dtype=np.float64, count=m)
    return EdgeArrays(keys, source, target, cost, strength)


def _top(scores: Any, keys: list[str], people: set[str], n: int = 100) -> set[str]:
    ranked = sorted((k for k in keys if k in people), key=lambda k: -float(scores[k]))
    return set(ranked[:n])


def _overlap(
    report: Report,
    what: str,
    ours: Mapping[str, float] | None,
    theirs: list[float] | None,
    arrays: EdgeArrays,
    people: set[str],
) -> None:
    if ours is None or theirs is None:
        return
    mine = _top(ours, arrays.keys, people)
    other = _top(dict(zip(arrays.keys, theirs, strict=True)), arrays.keys, people)
    report.add(
        "peers",
        f"  {what}: top-100 people shared with crm",
        None,
        f"{len(mine & other)} of 100",
        overlap=len(mine & other),
    )


def measure_peers(
    graph: nx.Graph,
    report: Report,
    crm: Mapping[str, Mapping[str, float]],
    *,
    sample: int,
    seed: int,
) -> None:
    np = optional("numpy")
    ig, nk = optional("igraph"), optional("networkit")
    if np is None or (ig is None and nk is None):
        report.add("peers", "igraph / networkit", None, "not installed: pip install -e '.[bench]'")
        return
    people = set(people_of(graph))
    arrays = run(
        report,
        "peers",
        "export edge arrays from the networkx graph",
        lambda: edge_arrays(graph, np),
    )
    assert arrays is not None
    n = len(arrays.keys)
    sources = random.Random(seed).sample(list(graph), min(sample, n))  # networkx's own draw
    partitions: dict[str, list[int]] = {}
    g = None
    if ig is not None:
        g = run(
            report,
            "peers",
            "igraph: Graph from the arrays (+ cost, strength)",
            lambda: _igraph(ig, np, arrays),
        )
        assert g is not None
        random.seed(seed)
        pr = run(
            report, "peers", "igraph pagerank (strength)", lambda: g.pagerank(weights="strength")
        )
        _overlap(report, "igraph pagerank", crm.get("pagerank"), pr, arrays, people)
        run(
            report,
            "peers",
            "igraph eigenvector_centrality (strength)",
            lambda: g.eigenvector_centrality(weights="strength"),
        )
        run(
            report,
            "peers",
            "igraph strength (weighted degree)",
            lambda: g.strength(weights="strength"),
        )
        index = {k: i for i, k in enumerate(arrays.keys)}
        bt = run(
            report,
            "peers",
            f"igraph betweenness (cost) from the same {len(sources)} sources",
            lambda: g.betweenness(
                weights="cost", sources=[index[s] for s in sources], directed=False
            ),
        )
        _overlap(report, "igraph betweenness", crm.get("betweenness"), bt, arrays, people)
        ids = [index[p] for p in sorted(people)]
        run(
            report,
            "peers",
            f"igraph constraint (strength) of {len(ids):,} people",
            lambda: g.constraint(ids, weights="strength"),
        )
        for name, method in (
            ("multilevel (Louvain)", "community_multilevel"),
            ("Leiden (modularity)", "community_leiden"),
        ):
            kwargs: dict[str, Any] = {"weights": "strength"}
            if method == "community_leiden":
                kwargs |= {"objective_function": "modularity", "n_iterations": -1}
            random.seed(seed)
            found = run(report, "peers", f"igraph {name}", partial(getattr(g, method), **kwargs))
            if found is not None:
                partitions[f"igraph {name}"] = list(found.membership)
    if nk is not None:
        nk.setSeed(seed, False)
        threads = nk.getMaxNumberOfThreads()
        by_strength = run(
            report,
            "peers",
            f"networkit: Graph from the arrays (strength; {threads} threads)",
            lambda: _networkit(nk, np, arrays, arrays.strength),
        )
        by_cost = run(
            report,
            "peers",
            "networkit: Graph from the arrays (cost)",
            lambda: _networkit(nk, np, arrays, arrays.cost),
        )
        pr = run(
            report,
            "peers",
            "networkit PageRank (strength)",
            lambda: nk.centrality.PageRank(by_strength, damp=0.85, tol=1e-9).run().scores(),
        )
        _overlap(report, "networkit PageRank", crm.get("pagerank"), pr, arrays, people)
        run(
            report,
            "peers",
            "networkit EigenvectorCentrality (strength)",
            lambda: nk.centrality.EigenvectorCentrality(by_strength).run().scores(),
        )
        bt = run(
            report,
            "peers",
            f"networkit EstimateBetweenness (cost, {sample} samples)",
            lambda: nk.centrality.EstimateBetweenness(by_cost, sample, True, True).run().scores(),
        )
        _overlap(
            report, "networkit EstimateBetweenness", crm.get("betweenness"), bt, arrays, people
        )
        plm = run(
            report,
            "peers",
            "networkit PLM (Louvain, strength)",
            lambda: nk.community.detectCommunities(
                by_strength, algo=nk.community.PLM(by_strength, refine=True), inspect=False
            ),
        )
        if plm is not None:
            partitions["networkit PLM"] = list(plm.getVector())
    community = crm.get("community")
    if community is not None:
        membership = [int(community.get(key, -1)) for key in arrays.keys]
        partitions = {"crm (networkx Louvain)": membership} | partitions
    if g is not None:
        for name, membership in partitions.items():
            q = g.modularity(membership, weights="strength")
            report.add(
                "peers",
                f"  modularity (strength) of {name}",
                None,
                f"Q = {q:.4f}, {len(set(membership)):,} communities",
                modularity=q,
            )


def _igraph(ig: Any, np: Any, arrays: EdgeArrays) -> Any:
    g = ig.Graph(
        n=len(arrays.keys), edges=np.column_stack([arrays.source, arrays.target]), directed=False
    )
    g.es["cost"] = arrays.cost
    g.es["strength"] = arrays.strength
    return g


def _networkit(nk: Any, np: Any, arrays: EdgeArrays, weights: Any) -> Any:
    g = nk.Graph(len(arrays.keys), weighted=True, directed=False)
    g.addEdges((weights, (arrays.source, arrays.target)))
    return g
