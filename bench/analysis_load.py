"""The first two steps of `crm analyze` alone: the load (every node and link into
columns) and the build (the compact graph), wall and CPU each, on CRM_DATABASE_URL.

    CRM_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> \\
        nice -n 10 .venv/bin/python bench/analysis_load.py [--row-by-row]

On PostgreSQL the load reads packed records (crm.network.columns_packed); with
--row-by-row it reads as before, a row at a time, for the comparison. The CPU is this
process's: PostgreSQL's own work shows only in the wall.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import time
from datetime import date

from crm.db.engine import create_engine, create_session_factory
from crm.graph.compact_build import build_compact
from crm.network.columns_source import load_columns, load_row_by_row
from crm.settings import get_settings


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def main(row_by_row: bool) -> None:
    print("load average before", os.getloadavg(), flush=True)
    engine = create_engine(get_settings().for_jobs())
    factory = create_session_factory(engine)
    began, began_cpu = time.perf_counter(), cpu()
    async with factory() as session, session.begin():
        read = load_row_by_row if row_by_row else load_columns
        columns, _ = await read(session)
    wall = time.perf_counter() - began
    print(
        f"load: {len(columns.kind):,} links, {len(columns.node_id):,} nodes, "
        f"{len(columns.alumni):,} alumni; wall {wall:.1f} s, CPU {cpu() - began_cpu:.1f} s, "
        f"{len(columns.kind) / wall:,.0f} links/s",
        flush=True,
    )
    await engine.dispose()
    began, began_cpu = time.perf_counter(), cpu()
    graph = build_compact(columns, today=date.today())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(
        f"build: wall {time.perf_counter() - began:.1f} s, CPU {cpu() - began_cpu:.1f} s, "
        f"{graph.edge_count:,} edges; peak resident {peak:.2f} GB"
    )
    print("load average after", os.getloadavg())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--row-by-row", action="store_true", help="the reader before")
    asyncio.run(main(parser.parse_args().row_by_row))
