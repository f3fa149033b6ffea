"""The analysis steps of `crm analyze` beside networkit's, on one graph, wall and CPU each.

    .venv/bin/python bench/analysis_side_by_side.py --people 100000 --sources 32
    .venv/bin/python bench/analysis_side_by_side.py --snapshots /path/to/snapshots

With --people the synthetic network of `crm seed synthetic` is generated and weighed in
memory (no database); with --snapshots the newest snapshot there is mapped (e.g. the one
`crm analyze` published for the 1M database). crm's steps run first
(crm.graph.compact_metrics: SciPy for PageRank and eigenvector, Leiden by igraph or, from
NETWORKIT_EDGES, networkit with one thread (then igraph's beside it), the arrays' engine
for betweenness, igraph's beside it), then networkit's on the same arrays (2 threads).
Betweenness uses the same fixed number of sources on both, so the per-source cost is
compared. Communities: the modularity of every partition (one function) beside its
time, networkit's Louvain (PLM) without and with refinement and its ParallelLeiden.
CPU seconds (this process and its threads) are printed beside the wall: on a shared
machine the wall is mostly waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from crm.graph import engine
from crm.graph.compact import CompactGraph
from crm.graph.compact_betweenness import normalised_betweenness
from crm.graph.compact_metrics import community_engine, compact_metrics, to_igraph
from crm.graph.snapshot import latest_snapshot, load_snapshot

STEPS = ("pagerank", "eigenvector", "betweenness", "communities")


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def generated(people: int) -> CompactGraph:
    from crm.graph.columns import columns_from_records
    from crm.graph.compact_build import build_compact
    from crm.graph.synthetic import synthetic_network
    from crm.seed.synthetic import TODAY, network_size

    found = synthetic_network(**network_size(people), seed=42, today=TODAY)
    return build_compact(columns_from_records(found.nodes, found.links), today=TODAY)


def _modularity(compiled: Any, membership: list[int]) -> float:
    """Modularity (strength, resolution 1) of a partition, one function for every engine."""
    return round(float(compiled.graph.modularity(membership, weights="strength")), 5)


def crm_side(graph: CompactGraph, sources: int, out: dict[str, Any]) -> Any:
    """crm's steps, each as `crm analyze` runs it at this scale; returns the igraph copy."""
    last = [cpu()]

    def crm_step(name: str, took: float) -> None:
        now = cpu()
        out[f"crm {name}"] = {"wall_s": round(took, 2), "cpu_s": round(now - last[0], 2)}
        last[0] = now
        print(f"crm {name}: {out[f'crm {name}']}", flush=True)

    # PageRank alone first: it needs no igraph copy, whose conversion the first
    # igraph step would otherwise be charged with
    compact_metrics(graph, steps=["pagerank"], on_step=crm_step)
    began, began_wall = cpu(), time.perf_counter()
    compiled = to_igraph(graph)
    copy = {"wall_s": round(time.perf_counter() - began_wall, 2), "cpu_s": round(cpu() - began, 2)}
    out["crm igraph copy"] = copy
    engine_used = community_engine(graph)
    if engine_used == "igraph":
        print(f"crm igraph copy: {copy} (charged to the next step, then taken off)", flush=True)
        last[0] = cpu() + copy["cpu_s"]  # the next call makes its own copy first
    else:
        print(f"crm igraph copy: {copy} (the steps below do not need it)", flush=True)
        last[0] = cpu()
    found = compact_metrics(graph, steps=["eigenvector", "communities"], on_step=crm_step)
    out["crm communities"]["engine"] = engine_used
    out["crm communities"]["modularity"] = _modularity(
        compiled, found["community"].astype(int).tolist()
    )
    print(f"crm communities: {out['crm communities']}", flush=True)
    if engine_used != "igraph":
        # igraph's Leiden, which this graph had before NETWORKIT_EDGES, on the same copy
        began, began_wall = cpu(), time.perf_counter()
        groups = engine.leiden(compiled, seed=42)
        took = {
            "wall_s": round(time.perf_counter() - began_wall, 2),
            "cpu_s": round(cpu() - began, 2),
        }
        membership = [0] * graph.node_count
        for number, group in enumerate(groups):
            for i in group:
                membership[i] = number
        took["modularity"] = _modularity(compiled, membership)
        out["crm communities igraph"] = took
        print(f"crm communities igraph: {took}", flush=True)
    # betweenness: the arrays' engine (what the two processes of a large run compute,
    # here in one), then igraph's from the same sources
    chosen = random.Random(42).sample(range(graph.node_count), sources)
    for name, run in (
        ("betweenness", lambda: normalised_betweenness(graph, chosen)),
        ("betweenness igraph", lambda: engine.betweenness(compiled, sources=chosen)),
    ):
        last[0], began = cpu(), time.perf_counter()
        run()
        crm_step(name, time.perf_counter() - began)
    return compiled


def side_by_side(graph: CompactGraph, sources: int) -> dict[str, Any]:
    import networkit as nk

    out: dict[str, Any] = {
        "nodes": graph.node_count,
        "edges": graph.edge_count,
        "sources": sources,
        "load average before": os.getloadavg(),
    }
    compiled = crm_side(graph, sources, out)

    nk.setNumberOfThreads(2)
    u, v, at = graph.edge_list()
    ends = (u.astype(np.uint64), v.astype(np.uint64))
    n = graph.node_count
    by_strength = nk.GraphFromCoo(
        (np.asarray(graph.strength)[at], ends), n=n, weighted=True, directed=False
    )
    by_cost = nk.GraphFromCoo(
        (np.asarray(graph.cost)[at], ends), n=n, weighted=True, directed=False
    )

    def nk_step(name: str, run: Callable[[], Any]) -> Any:
        began_cpu, began = cpu(), time.perf_counter()
        algorithm = run()
        took: dict[str, Any] = {
            "wall_s": round(time.perf_counter() - began, 2),
            "cpu_s": round(cpu() - began_cpu, 2),
        }
        if hasattr(algorithm, "getPartition"):
            took["modularity"] = _modularity(compiled, algorithm.getPartition().getVector())
        out[f"networkit {name}"] = took
        print(f"networkit {name}: {took}", flush=True)

    nk_step("pagerank", lambda: nk.centrality.PageRank(by_strength, damp=0.85).run())
    nk_step("eigenvector", lambda: nk.centrality.EigenvectorCentrality(by_strength).run())
    nk_step(
        "betweenness", lambda: nk.centrality.EstimateBetweenness(by_cost, sources, True, True).run()
    )
    # Louvain without refinement (the comparison before), with it, and Leiden
    nk_step("communities", lambda: nk.community.PLM(by_strength, refine=False).run())
    nk_step("communities PLM refine", lambda: nk.community.PLM(by_strength, refine=True).run())
    nk_step("communities Leiden", lambda: nk.community.ParallelLeiden(by_strength).run())
    out["load average after"] = os.getloadavg()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--snapshots", type=Path, help="map the newest snapshot here instead")
    parser.add_argument("--sources", type=int, default=32, help="betweenness sources, both")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.snapshots is not None:
        path = latest_snapshot(args.snapshots)
        if path is None:
            raise SystemExit(f"no snapshot in {args.snapshots}")
        graph = load_snapshot(path).graph
    else:
        graph = generated(args.people)
    out = side_by_side(graph, args.sources)
    print(json.dumps(out))
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
