"""Path search and ego networks on a mapped snapshot: the NumPy join beside the Yen search.

    .venv/bin/python bench/live_search.py SNAPSHOT_FOLDER [--pairs 200] [--yen]

Maps the newest snapshot in the folder (no database), draws random pairs of people
(seed 7, as bench/national_scale.py's worker child), and times `live_paths` (first 3,
at most 4 hops: the join of crm.graph.path_join) on each, once with the pages coming
from the disk and once in memory; with --yen also the hop-bounded Yen search it
replaced, on the same pairs in memory, checking both find the same costs. Then the
radius-2 ego network (capped at 500) of the five largest hubs. Prints one JSON object;
docs/benchmarks.md "National scale" has the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from crm.graph.live import LiveGraph
from crm.graph.live_paths import live_ego_network, live_paths, yen_paths
from crm.graph.snapshot import latest_snapshot, load_snapshot


def quantiles(times: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "max_ms": max(times) * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--yen", action="store_true", help="time the Yen search too")
    args = parser.parse_args()
    started = time.perf_counter()
    path = latest_snapshot(args.folder)
    if path is None:
        raise SystemExit(f"no snapshot in {args.folder}")
    graph = LiveGraph(load_snapshot(path).graph)
    out: dict[str, Any] = {
        "snapshot": str(path),
        "nodes": graph.base.node_count,
        "edges": graph.base.edge_count,
        "map_s": time.perf_counter() - started,
        "load_average": os.getloadavg(),
    }
    base = graph.base
    people = np.flatnonzero(np.asarray(base.types) == 0)
    rng = random.Random(7)
    chosen = [rng.sample(range(len(people)), 2) for _ in range(args.pairs)]
    pairs = [(base.key(int(people[a])), base.key(int(people[b]))) for a, b in chosen]
    cold = []
    for s, t in pairs:  # first pass: the pages of the snapshot come from the disk
        began = time.perf_counter()
        live_paths(graph, s, t, first=3, max_hops=4)
        cold.append(time.perf_counter() - began)
    out["paths (join), first pass"] = quantiles(cold)
    joined, joined_cpu, yen, yen_cpu, found, differ = [], [], [], [], 0, 0
    for s, t in pairs:
        began, cpu = time.perf_counter(), time.process_time()
        paths = live_paths(graph, s, t, first=3, max_hops=4)
        joined.append(time.perf_counter() - began)
        joined_cpu.append(time.process_time() - cpu)
        found += bool(paths)
        if args.yen:
            i, j = graph.index(s), graph.index(t)
            assert i is not None
            assert j is not None
            began, cpu = time.perf_counter(), time.process_time()
            searched = list(islice(yen_paths(graph, i, j, max_hops=4, avoid=set()), 3))
            yen.append(time.perf_counter() - began)
            yen_cpu.append(time.process_time() - cpu)
            costs = [c for c, _ in searched]
            differ += not np.allclose([p.cost for p in paths], costs, rtol=1e-9)
    # CPU time too: on a shared machine the wall time is mostly waiting for a core
    out["paths (join)"] = quantiles(joined) | {"pairs": len(pairs), "found": found}
    out["paths (join), CPU"] = quantiles(joined_cpu)
    if args.yen:
        out["paths (Yen search)"] = quantiles(yen) | {"pairs with other costs": differ}
        out["paths (Yen search), CPU"] = quantiles(yen_cpu)
    degrees = np.diff(np.asarray(base.indptr))
    ego = []
    for hub in np.argsort(-degrees)[:5].tolist():
        began, cpu = time.perf_counter(), time.process_time()
        drawn = live_ego_network(graph, base.key(hub), radius=2, max_nodes=500)
        took = time.perf_counter() - began, time.process_time() - cpu
        ego.append((*took, int(degrees[hub]), len(drawn.nodes)))
    out["ego radius 2 of the 5 largest hubs (s, CPU s, degree, nodes)"] = ego
    out["load_average_end"] = os.getloadavg()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
