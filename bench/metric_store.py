"""The store step of a run (every node's metrics into computed_metric), timed alone and
repeated back to back, the way main stored them (DELETE + COPY into the table) beside
the swap (crm.db.metric_swap: COPY into a new table, indexes after, swapped in).

    createdb -h 127.0.0.1 -U postgres store_1m
    CRM_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/store_1m .venv/bin/crm db upgrade
    psql -h 127.0.0.1 -U postgres scale_1m -c "COPY computed_metric (node_type, node_id, \
        metric, value, graph_revision, computed_at) TO STDOUT" | psql -h 127.0.0.1 \
        -U postgres store_1m -c "COPY computed_metric (node_type, node_id, metric, value, \
        graph_revision, computed_at) FROM STDIN"
    .venv/bin/python bench/metric_store.py --database store_1m \
        --snapshot /work/scale/graph-1m/<snapshot> --way delete --way swap --runs 3

The values stored are the ones the database holds (a real run's), read once into arrays
aligned with the snapshot's nodes; each run stores all of them again, as `crm analyze`
does. Before each way's first run the table is VACUUMed, so both ways start alike; runs
then follow each other with nothing in between but autovacuum, as back-to-back analysis
runs do. Each run prints its seconds, the table's dead rows before it, and the load.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path

import numpy as np
import psycopg
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.engine import create_engine, create_session_factory
from crm.db.metric_swap import COLUMNS
from crm.db.types import utcnow
from crm.graph.compact import NODE_TYPES, CompactGraph
from crm.graph.snapshot import load_snapshot
from crm.network import background
from crm.settings import Settings

ADMIN = "postgresql://postgres@127.0.0.1:5432/"


def _values(url: str, graph: CompactGraph) -> dict[str, np.ndarray]:
    """The stored metrics as arrays over the graph's nodes (NaN where a node has none)."""
    codes = {t.lower(): c for c, t in enumerate(NODE_TYPES)}
    # node i's key as one integer (type code, id), ascending like the graph's nodes
    keys = graph.types.astype(np.int64) << 40 | graph.ids
    values: dict[str, np.ndarray] = {}
    with psycopg.connect(url) as conn:
        metrics = [m for (m,) in conn.execute("SELECT DISTINCT metric FROM computed_metric")]
        for metric in metrics:
            rows = conn.execute(
                "SELECT node_type, node_id, value FROM computed_metric WHERE metric = %s",
                (metric,),
            ).fetchall()
            kinds, ids, found = zip(*rows, strict=True)
            wanted = np.array([codes[k] for k in kinds], dtype=np.int64) << 40 | np.array(ids)
            at = np.searchsorted(keys, wanted).clip(0, len(keys) - 1)
            hit = keys[at] == wanted
            array = np.full(graph.node_count, np.nan)
            array[at[hit]] = np.array(found, dtype=np.float64)[hit]
            values[metric] = array
    return values


async def _delete_and_copy(
    session: AsyncSession, graph: CompactGraph, values: dict[str, np.ndarray]
) -> int:
    """main's store: DELETE the metrics' rows, COPY the new ones into the same table."""
    await session.execute(
        background.delete(background.metric_table).where(
            background.metric_table.c.metric.in_(list(values))
        )
    )
    statement = f"COPY computed_metric ({', '.join(COLUMNS)}) FROM STDIN"
    return await background._copy_metrics(session, statement, graph, values, 1, utcnow())


async def _run(url: str, way: str, graph: CompactGraph, values: dict[str, np.ndarray]) -> float:
    engine = create_engine(Settings(database_url=url, statement_timeout_ms=0))
    try:
        factory = create_session_factory(engine)
        started = time.perf_counter()
        async with factory() as session, session.begin():
            if way == "delete":
                await _delete_and_copy(session, graph, values)
            else:
                await background._store(session, graph, values, 1)
        return time.perf_counter() - started
    finally:
        await engine.dispose()


def _state(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT n_live_tup, n_dead_tup, pg_size_pretty(pg_total_relation_size(relid)) "
            "FROM pg_stat_user_tables WHERE relname = 'computed_metric'"
        ).fetchone()
    assert row is not None
    return f"live {row[0]:,}, dead {row[1]:,}, {row[2]} with indexes"


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--snapshot", type=Path, required=True)
    parser.add_argument("--way", action="append", choices=["delete", "swap"], required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not args.database.startswith("store_"):
        parser.error("--database must be this branch's own copy (store_…)")
    url = f"{ADMIN}{args.database}"
    graph = load_snapshot(args.snapshot).graph
    values = _values(url, graph)
    rows = sum(int((~np.isnan(a)).sum()) for a in values.values())
    print(f"{graph.node_count:,} nodes, {rows:,} values of {len(values)} metrics", flush=True)
    for way in args.way:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE computed_metric")
        for run in range(1, args.runs + 1):
            before, load = _state(url), _load()
            seconds = asyncio.run(_run(url, way, graph, values))
            print(
                f"{way} run {run}: {seconds:.1f} s (before: {before}; load {load} → {_load()}; "
                f"{time.strftime('%H:%M:%S', time.gmtime())} UTC)",
                flush=True,
            )


if __name__ == "__main__":
    os.environ.setdefault("CRM_STATEMENT_TIMEOUT_MS", "0")
    main()
