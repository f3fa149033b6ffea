"""Scale benchmark of the network analysis (issue #4): PostgreSQL to graph, paths, updates, metrics.

    .venv/bin/python bench/network_scale.py [--people 100000] [--keep] [--json FILE]

Creates the database `--database` on `--server` (dropped at the end unless --keep),
migrates it, loads a synthetic network into it (bench/network_data.py, in a child
process so this one's memory is the graph's), then measures, each beside plain
networkx defaults in the same run:

1. load_records (SQL + row mapping) and build_graph, with resident memory;
2. introduction_paths(first=3, max_hops=4) over random pairs of people;
3. the graph catching up after one committed change (GraphCache when it exists,
   else apply_changes on the same record);
4. each `crm analyze` step (compute_metrics when it exists, else the crm.graph
   functions), beside networkx defaults, the nx-parallel and nx-rustworkx backends
   and the compiled peers igraph and networkit fed from the same edge arrays
   (optional: `pip install -e '.[bench]'`).

Plain-networkx calls run under a per-call time limit so the run always finishes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

import networkx as nx
import psycopg
from network_data import TODAY
from network_peers import measure_backends, measure_peers, measure_plain
from network_report import Report, TimeLimitError, memory_mb, optional, people_of, time_limit

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.db.enums import AffiliationRole, RelationshipKind
from crm.db.models import Affiliation, Relationship
from crm.db.queries.metrics import replace_all
from crm.db.types import utcnow
from crm.graph.build import apply_changes, build_graph
from crm.graph.metrics import MetricValues, compute_metrics
from crm.graph.paths import introduction_paths
from crm.graph.records import ORGANIZATION, LinkRecord
from crm.network.analyze import node_ref
from crm.network.source import load_records
from crm.settings import Settings

TARGETS = {"paths_p95_ms": 50.0, "incremental_ms": 50.0, "analyze_s": 300.0}


# -- the database ------------------------------------------------------------------------


def create_database(server: str, name: str) -> str:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def drop_database(server: str, name: str) -> None:
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def load_data(url: str, people: int, seed: int) -> dict[str, Any]:
    """Migrate, then load the network in a child process (its memory is not ours)."""
    migrate.upgrade(Settings(database_url=url).database_url)
    with tempfile.NamedTemporaryFile(suffix=".json") as summary:
        script = Path(__file__).with_name("network_data.py")
        command = [sys.executable, str(script), "--database-url", url]
        command += ["--people", str(people), "--seed", str(seed), "--json", summary.name]
        subprocess.run(command, check=True)
        loaded: dict[str, Any] = json.loads(Path(summary.name).read_text())
    return loaded


def settings_for(url: str) -> Settings:
    # A full read of the network may take longer than the API's statement timeout.
    return Settings(database_url=url, statement_timeout_ms=0)


# -- 1. the graph from PostgreSQL --------------------------------------------------------


async def _read(url: str) -> tuple[Any, float]:
    engine = create_engine(settings_for(url))
    try:
        async with create_session_factory(engine)() as session:
            started = time.perf_counter()
            records = await load_records(session)
            return records, time.perf_counter() - started
    finally:
        await engine.dispose()


def measure_build(url: str, report: Report) -> tuple[nx.Graph, float]:
    gc.collect()
    before = memory_mb()
    (nodes, links), read = asyncio.run(_read(url))
    after_read = memory_mb()
    report.add(
        "build",
        "load_records (SQL + row mapping)",
        read,
        f"{len(nodes):,} nodes, {len(links):,} links",
        rss_mb=after_read["rss"] - before["rss"],
    )
    started = time.perf_counter()
    graph = build_graph(nodes, links, today=TODAY)
    built = time.perf_counter() - started
    del nodes, links
    gc.collect()
    gc.freeze()  # as the graph cache should: the first full collection would walk it all
    after = memory_mb()
    note = f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges"
    report.add("build", "build_graph", built, note, rss_mb=after["rss"] - before["rss"])
    report.add(
        "build",
        "resident memory of the graph (RSS growth)",
        None,
        f"{after['rss'] - before['rss']:,.0f} MB (peak RSS {after['peak']:,.0f} MB)",
        rss_mb=after["rss"] - before["rss"],
        peak_mb=after["peak"],
    )
    return graph, read + built


# -- 2. introduction paths ---------------------------------------------------------------


def _plain_simple_paths(graph: nx.Graph, s: str, t: str) -> list[list[str]]:
    """networkx's Yen in cost order, keeping the first 3 paths of at most 4 hops."""
    within = (p for p in nx.shortest_simple_paths(graph, s, t, weight="cost") if len(p) <= 5)
    return list(islice(within, 3))


def _plain_shortest(graph: nx.Graph, s: str, t: str, weight: str | None) -> list[list[str]]:
    try:
        return [nx.shortest_path(graph, s, t, weight=weight)]
    except nx.NetworkXNoPath:
        return []


def _cost(graph: nx.Graph, path: list[str]) -> float:
    return float(sum(graph.adj[u][v]["cost"] for u, v in pairwise(path)))


def measure_paths(graph: nx.Graph, report: Report, *, pairs: int, seed: int, limit: float) -> None:
    people = people_of(graph)
    rng = random.Random(seed)
    chosen = [rng.sample(people, 2) for _ in range(pairs)]
    variants: dict[str, Callable[[str, str], list[Any]]] = {
        "crm introduction_paths(first=3, max_hops=4)": lambda s, t: [
            p.nodes for p in introduction_paths(graph, s, t, first=3, max_hops=4)
        ],
        "nx.shortest_simple_paths(cost): first 3 of <= 4 hops": lambda s, t: _plain_simple_paths(
            graph, s, t
        ),
        "nx.shortest_path(weight='cost'): one path, no hop limit": lambda s, t: _plain_shortest(
            graph, s, t, "cost"
        ),
        "nx.shortest_path(): fewest hops, one path": lambda s, t: _plain_shortest(
            graph, s, t, None
        ),
    }
    best: dict[str, list[float | None]] = {}
    for name, find in variants.items():
        times, found, hops, stopped, costs = [], 0, [], 0, []
        for s, t in chosen:
            started = time.perf_counter()
            try:
                with time_limit(limit):
                    paths = find(s, t)
            except TimeLimitError:
                paths = None
                stopped += 1
            times.append(time.perf_counter() - started)
            costs.append(_cost(graph, paths[0]) if paths else None)
            if paths:
                found += 1
                hops.append(len(paths[0]) - 1)
        best[name] = costs
        q = statistics.quantiles(times, n=100, method="inclusive")
        note = f"p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, "
        note += f"max {max(times) * 1000:.0f} ms; {found} found"
        if hops:
            note += f" (best {statistics.mean(hops):.2f} hops)"
        if stopped:
            note += f"; {stopped} stopped at {limit:g} s (counted as {limit:g} s)"
        report.add(
            "paths",
            name,
            statistics.median(times),
            note,
            p50_ms=q[49] * 1000,
            p95_ms=q[94] * 1000,
            max_ms=max(times) * 1000,
            found=found,
            stopped=stopped,
            pairs=pairs,
        )
    ours, plain = (
        best["crm introduction_paths(first=3, max_hops=4)"],
        best["nx.shortest_simple_paths(cost): first 3 of <= 4 hops"],
    )
    both = [(a, b) for a, b in zip(ours, plain, strict=True) if a is not None and b is not None]
    same = sum(abs(a - b) < 1e-9 for a, b in both)
    report.add(
        "paths",
        "best path: crm cost == networkx Yen cost",
        None,
        f"{same} of {len(both)} pairs both answered",
        agree=same,
        compared=len(both),
    )


# -- 3. incremental update after one change ----------------------------------------------


@dataclass(frozen=True)
class Change:
    """One write to commit, and the record load_records would read back for it."""

    label: str
    row: Relationship | Affiliation
    source: str
    target: str
    facts: dict[str, object]

    def record(self) -> LinkRecord:
        kind = "relationship" if isinstance(self.row, Relationship) else "affiliation"
        return LinkRecord(self.source, self.target, kind, self.facts, f"{kind}:{self.row.id}")


def _id(key: str) -> int:
    return int(key.partition(":")[2])


def _changes(graph: nx.Graph, rng: random.Random, repeats: int) -> list[Change]:
    """`repeats` new relationships between strangers; a few new members of the largest
    organisation (its size changes, so every member's tie to it is recomputed)."""
    people = people_of(graph)
    out: list[Change] = []
    while len(out) < repeats:
        a, b = sorted(rng.sample(people, 2), key=_id)
        if not graph.has_edge(a, b):
            facts: dict[str, object] = {"kind": "friend", "strength": 0.7, "since": TODAY}
            kind = RelationshipKind.FRIEND
            row = Relationship(person_a_id=_id(a), person_b_id=_id(b), kind=kind, strength=0.7)
            row.since = TODAY
            out.append(Change("relationship", row, a, b, facts))
    hubs = [
        (d.get("size", 0), k) for k, d in graph.nodes(data=True) if d.get("type") == ORGANIZATION
    ]
    size, largest = max(hubs)
    label = f"affiliation to the largest organisation ({size:,} members)"
    outsiders = [p for p in people if not graph.has_edge(p, largest)]
    for p in rng.sample(outsiders, max(1, repeats // 4)):
        member = AffiliationRole.MEMBER
        joined = Affiliation(person_id=_id(p), organization_id=_id(largest), role=member)
        joined.starts_on = TODAY
        out.append(Change(label, joined, p, largest, {"role": "member", "starts_on": TODAY}))
    # a new alumnus changes the studies of the university: its cohort ties are recomputed
    alumni: dict[str, int] = {}
    for link in graph.graph["state"].links.values():
        if link.kind == "affiliation" and link.facts.get("role") == "alumnus":
            alumni[link.target] = alumni.get(link.target, 0) + 1
    if alumni:
        count, university = max((n, k) for k, n in alumni.items())
        label = f"alumnus of the university with most alumni ({count:,})"
        outsiders = [p for p in people if not graph.has_edge(p, university)]
        for p in rng.sample(outsiders, max(1, repeats // 4)):
            role = AffiliationRole.ALUMNUS
            studied = Affiliation(person_id=_id(p), organization_id=_id(university), role=role)
            studied.starts_on, studied.ends_on = date(2015, 9, 1), date(2019, 7, 1)
            studied.field_of_study = "Computer Science"
            facts = {
                "role": "alumnus",
                "starts_on": studied.starts_on,
                "ends_on": studied.ends_on,
                "field_of_study": "Computer Science",
            }
            out.append(Change(label, studied, p, university, facts))
    return out


async def measure_incremental(
    url: str, graph: nx.Graph, report: Report, *, repeats: int, seed: int
) -> None:
    changes = _changes(graph, random.Random(seed), repeats)
    cache_module = optional("crm.network.cache") or optional("crm.resolvers.graph_cache")
    engine = create_engine(settings_for(url))
    factory = create_session_factory(engine)
    timings: dict[str, list[float]] = {}
    kinds: dict[str, set[str]] = {}
    cache = None
    try:
        if cache_module is not None:
            cache = cache_module.GraphCache(exclude_withdrawn=True)
            started = time.perf_counter()
            await cache.current(factory)
            report.add(
                "update",
                "GraphCache.current(): first call (full rebuild)",
                time.perf_counter() - started,
                str(cache.last.kind),
            )
            gc.collect()
            gc.freeze()
        commits = []
        for change in changes:
            name = change.label
            async with factory() as session:
                session.add(change.row)
                started = time.perf_counter()
                await session.commit()  # the flush listener logs the change
                commits.append(time.perf_counter() - started)
            assert change.row.id is not None
            started = time.perf_counter()
            if cache is not None:
                await cache.current(factory)
                kinds.setdefault(name, set()).add(
                    f"{cache.last.kind}, {cache.last.changes} change(s)"
                )
            else:
                apply_changes(graph, upserts_links=[change.record()], today=TODAY)
            timings.setdefault(name, []).append(time.perf_counter() - started)
        if cache is not None:
            started = time.perf_counter()
            await cache.current(factory)
            report.add(
                "update",
                "GraphCache.current(): nothing changed",
                time.perf_counter() - started,
                str(cache.last.kind),
            )
    finally:
        if cache is not None:
            cache.close()
        await engine.dispose()
    how = (
        "GraphCache.current() after commit"
        if cache is not None
        else "apply_changes(one LinkRecord)"
    )
    for name, runs in timings.items():
        note = f"median of {len(runs)}, max {max(runs) * 1000:.1f} ms"
        if name in kinds:
            note += f"; {'; '.join(sorted(kinds[name]))}"
        report.add(
            "update",
            f"{how}: {name}",
            statistics.median(runs),
            note,
            max_ms=max(runs) * 1000,
            runs=len(runs),
            via=how,
        )
    report.add(
        "update",
        "commit of the change (AsyncSession, revision + log)",
        statistics.median(commits),
        f"median of {len(commits)}",
    )


# -- 4. the analyze steps ----------------------------------------------------------------


async def _store(url: str, values: MetricValues) -> int:
    """What `crm analyze` does last: replace the stored metrics (crm.network.analyze)."""
    engine = create_engine(settings_for(url))
    try:
        async with create_session_factory(engine)() as session, session.begin():
            rows = (
                (*node_ref(key), name, value)
                for name, by_node in values.items()
                for key, value in by_node.items()
            )
            return await replace_all(session, rows, graph_revision=1, computed_at=utcnow())
    finally:
        await engine.dispose()


def measure_analyze(
    url: str, graph: nx.Graph, report: Report, *, built: float, sample: int, seed: int
) -> MetricValues:
    """Each step of `crm analyze`: load and build (measured above), compute_metrics,
    store; the total against the target."""
    started = time.perf_counter()
    values = compute_metrics(
        graph,
        seed=seed,
        sample=sample,
        on_step=lambda step, seconds: report.add("analyze", f"crm {step}", seconds),
    )
    steps = time.perf_counter() - started
    report.add("analyze", "crm compute_metrics: all steps", steps, "igraph engine")
    started = time.perf_counter()
    stored = asyncio.run(_store(url, values))
    store = time.perf_counter() - started
    report.add("analyze", "crm store (replace computed_metric)", store, f"{stored:,} rows")
    total = built + steps + store
    verdict = "target met" if total <= TARGETS["analyze_s"] else "TARGET MISSED"
    report.add("analyze", "crm analyze in all: load + build + steps + store", total, verdict)
    return values


# -- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="crm_bench_network")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--pairs", type=int, default=200, help="random pairs for paths")
    parser.add_argument("--path-limit", type=float, default=2.0, help="seconds per plain path call")
    parser.add_argument("--step-limit", type=float, default=1800.0, help="seconds per plain step")
    parser.add_argument(
        "--sample", type=int, default=500, help="betweenness sources (crm analyze's default)"
    )
    parser.add_argument("--updates", type=int, default=20, help="changes for the update step")
    parser.add_argument("--reuse", action="store_true", help="measure the loaded --database")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["paths", "update", "analyze", "plain", "backends", "peers"],
    )
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args()
    report = Report(args.json)
    report.meta = {
        "args": {k: str(v) for k, v in vars(args).items()},
        "python": sys.version.split()[0],
        "networkx": nx.__version__,
    }
    url = f"{args.server}/{args.database}"
    started = time.perf_counter()
    try:
        if not args.reuse:
            create_database(args.server, args.database)
            loaded = load_data(url, args.people, args.seed)
            report.meta["data"] = loaded
            s = loaded["seconds"]
            rows = sum(loaded["rows"].values())
            people, links = loaded["rows"]["person"], loaded["total_links"]
            note = f"{people:,} people, {links:,} links, {rows:,} rows"
            report.add(
                "data",
                "generate + COPY into PostgreSQL",
                s["generate"] + s["map"] + s["copy"],
                f"{note}; COPY {s['copy']:.1f} s",
            )
        graph, built = measure_build(url, report)
        if "paths" not in args.skip:
            measure_paths(graph, report, pairs=args.pairs, seed=args.seed, limit=args.path_limit)
        if "update" not in args.skip:
            asyncio.run(
                measure_incremental(url, graph, report, repeats=args.updates, seed=args.seed)
            )
        crm: MetricValues = {}
        if "analyze" not in args.skip:
            crm = measure_analyze(
                url, graph, report, built=built, sample=args.sample, seed=args.seed
            )
        if "plain" not in args.skip:
            measure_plain(graph, report, sample=args.sample, seed=args.seed, limit=args.step_limit)
        if "backends" not in args.skip:
            measure_backends(
                graph, report, sample=args.sample, seed=args.seed, limit=args.step_limit
            )
        if "peers" not in args.skip:
            measure_peers(graph, report, crm, sample=args.sample, seed=args.seed)
        report.add(
            "run",
            "whole run",
            time.perf_counter() - started,
            f"peak RSS {memory_mb()['peak']:,.0f} MB",
        )
    finally:
        if not args.keep and not args.reuse:
            drop_database(args.server, args.database)


if __name__ == "__main__":
    main()
