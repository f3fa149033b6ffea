"""National scale (issue #16): load, snapshot, analysis beside networkit, workers, paths.

    .venv/bin/python bench/national_scale.py --people 1000000 [--reuse] [--json FILE]

On PostgreSQL (`--server`, database `--database`, dropped at the end unless --keep):

1. `crm seed synthetic --people N` in a child process (skipped with --reuse);
2. `crm analyze` in a child process: read the network, weigh it, publish the snapshot,
   compute and store every metric; its steps and peak memory;
3. the same graph's steps on networkit (2 threads), fed from the snapshot's arrays, and
   the ratio of each crm step to networkit's (`--skip peers` leaves it out);
4. two worker processes that map the snapshot: how soon each is ready, their memory
   (resident, proportional, private), `introductionPaths` as the API computes them
   (search on the arrays + evidence from the database) over random pairs, ego networks
   of the largest hubs, and one committed change caught up (relationship, new member of
   the largest organisation, new alumnus of the university with most alumni, new alumnus
   of a dense cohort of 90 to 94 studies that the run makes, new member of a large
   organisation whose weighed size moves, and the largest organisation grown by new
   members to the one that moves its weighed size).

Every figure goes to --json; docs/scale.md has the table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import psycopg

CRM = str(Path(sys.executable).with_name("crm"))


def memory() -> dict[str, float]:
    """MB: resident now and at peak, proportional (shared pages split) and private."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    rollup = dict(
        (parts[0].rstrip(":"), int(parts[1]))
        for parts in (
            line.split() for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]
        )
        if len(parts) >= 2 and parts[1].isdigit()
    )
    private = rollup.get("Private_Clean", 0) + rollup.get("Private_Dirty", 0)
    return {
        "rss": int(status["VmRSS"].split()[0]) / 1024,
        "peak": int(status["VmHWM"].split()[0]) / 1024,
        "pss": rollup.get("Pss", 0) / 1024,
        "private": private / 1024,
    }


def quantiles(times: list[float]) -> dict[str, float]:
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"p50_ms": q[49] * 1000, "p95_ms": q[94] * 1000, "max_ms": max(times) * 1000}


# -- the parent: orchestrates children, one at a time -------------------------------------


def crm(url: str, *args: str) -> tuple[float, str]:
    env = {**os.environ, "CRM_DATABASE_URL": url, "CRM_STATEMENT_TIMEOUT_MS": "0"}
    started = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-f", "peak_kb=%M", CRM, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"crm {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return took, " ".join(done.stderr.split())


def parent(args: argparse.Namespace) -> None:
    url = f"{args.server}/{args.database}"
    results: dict[str, Any] = {"people": args.people, "started": time.strftime("%F %T")}
    out = Path(args.json) if args.json else None

    def keep(name: str, value: Any) -> None:
        results[name] = value
        print(f"{name}: {json.dumps(value, default=str)}", flush=True)
        if out is not None:
            out.write_text(json.dumps(results, indent=1, default=str))

    if not args.reuse:
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{args.database}"')
        took, said = crm(url, "seed", "synthetic", "--people", str(args.people))
        keep("seed", {"seconds": took, "output": said[-900:]})
    folder = Path(args.snapshots).absolute()
    env_folder = {"CRM_GRAPH_SNAPSHOTS": str(folder)}
    os.environ.update(env_folder)
    if "analyze" not in args.skip:
        took, said = crm(url, "analyze")
        keep("analyze", {"seconds": took, "output": said[-1500:]})
    if "peers" not in args.skip:
        keep("networkit", child(url, "peers", args))
    if "workers" not in args.skip:
        keep("worker", child(url, "worker", args, "--changes"))
        # two workers at once on the same snapshot: the mapped pages are held once
        command = [
            sys.executable,
            __file__,
            "--child",
            "worker",
            "--server",
            args.server,
            "--database",
            args.database,
            "--snapshots",
            str(folder),
            "--pairs",
            "50",
            "--hold",
            "10",
        ]
        both = [subprocess.Popen(command, stdout=subprocess.PIPE, text=True) for _ in range(2)]
        held = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in both]
        snapshot_mb = sum(f.stat().st_size for f in max(folder.glob("graph-r*")).iterdir()) / 2**20
        keep(
            "two workers",
            {
                "snapshot_mb": snapshot_mb,
                "ready_s": [h["ready_s"] for h in held],
                "memory held": [h["memory held"] for h in held],
            },
        )
    if not args.keep:
        with psycopg.connect(f"{args.server}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def child(url: str, role: str, args: argparse.Namespace, *more: str) -> Any:
    command = [
        sys.executable,
        __file__,
        "--child",
        role,
        "--server",
        args.server,
        "--database",
        args.database,
        "--snapshots",
        str(Path(args.snapshots).absolute()),
        "--pairs",
        str(args.pairs),
        *more,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"child {role} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- children --------------------------------------------------------------------------------


def peers(args: argparse.Namespace) -> dict[str, Any]:
    """networkit on the snapshot's arrays: the steps crm analyze runs, same inputs."""
    import networkit as nk

    from crm.graph.compact_metrics import sample_size
    from crm.graph.snapshot import latest_snapshot, load_snapshot

    nk.setNumberOfThreads(2)
    path = latest_snapshot(Path(args.snapshots))
    assert path is not None
    graph = load_snapshot(path).graph
    u, v, at = graph.edge_list()
    out: dict[str, Any] = {"nodes": graph.node_count, "edges": graph.edge_count}
    started = time.perf_counter()
    g = nk.GraphFromCoo(
        (np.asarray(graph.strength)[at], (u.astype(np.uint64), v.astype(np.uint64))),
        n=graph.node_count,
        weighted=True,
        directed=False,
    )
    out["graph from arrays"] = time.perf_counter() - started
    started = time.perf_counter()
    costs = nk.GraphFromCoo(
        (np.asarray(graph.cost)[at], (u.astype(np.uint64), v.astype(np.uint64))),
        n=graph.node_count,
        weighted=True,
        directed=False,
    )
    out["cost graph from arrays"] = time.perf_counter() - started

    def step(name: str, run: Any) -> None:
        started = time.perf_counter()
        run()
        out[name] = time.perf_counter() - started
        print(f"networkit {name}: {out[name]:.1f} s", file=sys.stderr, flush=True)

    step("pagerank", lambda: nk.centrality.PageRank(g, damp=0.85).run())
    step("eigenvector", lambda: nk.centrality.EigenvectorCentrality(g).run())
    step("degree", lambda: nk.centrality.DegreeCentrality(g).run())
    k = sample_size(graph.node_count, graph.edge_count, None) or graph.node_count
    out["betweenness samples"] = k
    step("betweenness", lambda: nk.centrality.EstimateBetweenness(costs, k, True, True).run())
    step("communities", lambda: nk.community.PLM(g, refine=False).run())
    out["memory"] = memory()
    return out


async def worker(args: argparse.Namespace) -> dict[str, Any]:
    """One worker process: map the snapshot, answer paths and ego networks, catch up."""
    started = time.perf_counter()
    from crm.db.engine import create_engine, create_session_factory
    from crm.graph.live_paths import live_ego_network, live_paths
    from crm.network.evidence import paths_with_evidence
    from crm.network.live_cache import LiveGraphCache
    from crm.serving.workers import freeze_start_up
    from crm.settings import Settings

    # what the imports allocated frozen out of the collector's sight before the snapshot
    # is mapped, as a `crm serve` process does once its application is imported
    freeze_start_up()
    settings = Settings(database_url=f"{args.server}/{args.database}", statement_timeout_ms=0)
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    cache = LiveGraphCache(Path(args.snapshots))
    graph = await cache.current(factory)
    out: dict[str, Any] = {"ready_s": time.perf_counter() - started, "refresh": str(cache.last)}
    out["memory ready"] = memory()
    snapshot = cache.snapshot
    assert snapshot is not None
    base = graph.base
    people = np.flatnonzero(np.asarray(base.types) == 0)
    rng = random.Random(7)
    chosen = [rng.sample(range(len(people)), 2) for _ in range(args.pairs)]
    pairs = [(base.key(int(people[a])), base.key(int(people[b]))) for a, b in chosen]
    search, total, hops, found = [], [], [], 0
    for s, t in pairs:
        began = time.perf_counter()
        result = live_paths(graph, s, t, first=3, max_hops=4)
        searched = time.perf_counter()
        async with factory() as session:
            with_evidence = await paths_with_evidence(session, graph, result, today=snapshot.today)
        ended = time.perf_counter()
        search.append(searched - began)
        total.append(ended - began)
        if with_evidence:
            found += 1
            hops.append(len(with_evidence[0].hops))
    out["paths search"] = quantiles(search)
    out["paths with evidence"] = quantiles(total) | {
        "pairs": len(pairs),
        "found": found,
        "mean_hops": statistics.mean(hops) if hops else None,
    }
    degrees = np.diff(np.asarray(base.indptr))
    hubs = np.argsort(-degrees)[:5]
    ego = []
    for hub in hubs.tolist():
        began = time.perf_counter()
        drawn = live_ego_network(graph, base.key(hub), radius=2, max_nodes=500)
        ego.append((time.perf_counter() - began, int(degrees[hub]), len(drawn.nodes)))
    out["ego radius 2 of the 5 largest hubs (s, degree, nodes)"] = ego
    out["memory after queries"] = memory()
    if args.changes:
        out["catch up"] = await changes(factory, cache, base)
    if args.hold:
        await asyncio.sleep(args.hold)
        out["memory held"] = memory()
    await engine.dispose()
    return out


async def changes(factory: Any, cache: Any, base: Any) -> dict[str, Any]:
    """One committed change at a time, then `current()`: median of each kind."""
    from sqlalchemy import func, select

    from crm.db import models
    from crm.db.enums import AffiliationRole, RelationshipKind

    out: dict[str, Any] = {}
    async with factory() as session:
        biggest = (
            await session.execute(
                select(models.Affiliation.organization_id, func.count())
                .group_by(models.Affiliation.organization_id)
                .order_by(func.count().desc())
                .limit(1)
            )
        ).one()
        university = (
            await session.execute(
                select(models.Affiliation.organization_id, func.count())
                .where(models.Affiliation.role == AffiliationRole.ALUMNUS)
                .group_by(models.Affiliation.organization_id)
                .order_by(func.count().desc())
                .limit(1)
            )
        ).one()
    # the revision moves with every run: a second run on the same database adds new rows
    rng = random.Random(11 + cache.last.revision)
    people = int(np.count_nonzero(np.asarray(base.types) == 0))

    async def measure(label: str, make: Any, times: int) -> None:
        took = []
        for _ in range(times):
            async with factory() as session, session.begin():
                session.add(make())
            began = time.perf_counter()
            await cache.current(factory)
            took.append(time.perf_counter() - began)
            assert cache.last.kind == "incremental", cache.last
        out[label] = {"median_ms": statistics.median(took) * 1000, "max_ms": max(took) * 1000}

    def relationship() -> Any:
        a, b = sorted(rng.sample(range(1, people + 1), 2))
        return models.Relationship(person_a_id=a, person_b_id=b, kind=RelationshipKind.COLLEAGUE)

    def member() -> Any:
        return models.Affiliation(
            person_id=rng.randrange(1, people + 1),
            organization_id=biggest[0],
            role=AffiliationRole.MEMBER,
            starts_on=date(2024, 1, rng.randint(1, 28)),
        )

    def alumnus() -> Any:
        return models.Affiliation(
            person_id=rng.randrange(1, people + 1),
            organization_id=university[0],
            role=AffiliationRole.ALUMNUS,
            starts_on=date(2015, 9, 1),
            field_of_study="AI",
        )

    # a dense cohort, the same in every run: a field of its own (named after the
    # revision), 90 studies at the top university in one commit, then one more at a time
    dense_field = f"bench cohort {cache.last.revision}"

    def dense_study(day: int) -> Any:
        return models.Affiliation(
            person_id=rng.randrange(1, people + 1),
            organization_id=university[0],
            role=AffiliationRole.ALUMNUS,
            starts_on=date(2015, 9, 1) + timedelta(days=day),
            field_of_study=dense_field,
        )

    largest = biggest
    await measure("one relationship", relationship, 10)
    await measure(f"one member of the largest organisation ({biggest[1]:,})", member, 5)
    await measure(f"one alumnus of the university with most alumni ({university[1]:,})", alumnus, 5)
    async with factory() as session, session.begin():
        session.add_all(dense_study(rng.randint(-200, 200)) for _ in range(90))
    await cache.current(factory)
    label = "one alumnus of a dense cohort (90 to 94 studies of one field and period)"
    await measure(label, lambda: dense_study(rng.randint(-200, 200)), 5)
    for org, members in await moving_hubs(factory, 3):
        biggest = (org, members)
        label = f"one member whose organisation's weighed size moves ({members:,})"
        await measure(label, member, 1)
    # the largest organisation itself, grown by new members up to the one that moves its
    # weighed size (earlier runs may have used up the hubs that one member moves)
    size = await grow_to_the_edge(factory, cache, largest)
    biggest = largest
    label = f"one member who moves the largest organisation's weighed size ({size:,})"
    await measure(label, member, 1)
    return out


async def grow_to_the_edge(factory: Any, cache: Any, hub: tuple[int, int]) -> int:
    """Add new members (caught up one by one, not timed) until one more moves the hub's
    weighed size; the number of members then."""
    from sqlalchemy import distinct, func, select

    from crm.db import models
    from crm.db.enums import AffiliationRole
    from crm.graph.strength import weighed_size

    async with factory() as session:
        members = set(
            (
                await session.execute(
                    select(distinct(models.Affiliation.person_id)).where(
                        models.Affiliation.organization_id == hub[0]
                    )
                )
            ).scalars()
        )
        people = await session.scalar(select(func.max(models.Person.id)))
    rng = random.Random(len(members))
    while weighed_size(len(members) + 1) == weighed_size(len(members)):
        person = rng.randrange(1, people + 1)
        if person in members:
            continue
        async with factory() as session, session.begin():
            session.add(
                models.Affiliation(
                    person_id=person,
                    organization_id=hub[0],
                    role=AffiliationRole.MEMBER,
                    starts_on=date(2024, 2, 1),
                )
            )
        await cache.current(factory)
        members.add(person)
    return len(members)


async def moving_hubs(factory: Any, wanted: int) -> list[tuple[int, int]]:
    """The largest organisations whose weighed size moves with one member more."""
    from sqlalchemy import distinct, func, select

    from crm.db import models
    from crm.graph.strength import weighed_size

    members = func.count(distinct(models.Affiliation.person_id))
    async with factory() as session:
        counts = (
            await session.execute(
                select(models.Affiliation.organization_id, members)
                .group_by(models.Affiliation.organization_id)
                .order_by(members.desc())
                .limit(500)
            )
        ).all()
    moving = [(int(o), int(n)) for o, n in counts if weighed_size(n + 1) != weighed_size(n)]
    return moving[:wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="scale_bench")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--snapshots", default="var/bench-graph")
    parser.add_argument("--reuse", action="store_true", help="the database is loaded already")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--skip", nargs="*", default=[], help="analyze, peers, workers")
    parser.add_argument("--json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--changes", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--hold", type=float, default=0.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "peers":
        print(json.dumps(peers(args), default=str))
    elif args.child == "worker":
        print(json.dumps(asyncio.run(worker(args)), default=str))
    else:
        parent(args)


if __name__ == "__main__":
    main()
