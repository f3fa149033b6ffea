"""Loads a synthetic talent network of any size into an empty, migrated PostgreSQL database.

    .venv/bin/python bench/network_data.py --database-url postgresql://…/db [--people 100000]

The benchmarks' loader is `crm seed synthetic` (crm.seed.synthetic.seed_synthetic): one
generator and one row writer for the command and the benchmarks. This script only runs
it on a URL and writes the summary the benchmarks read (rows per table, links per
kind, seconds per step).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from typing import Any

from crm.db.engine import create_engine, create_session_factory
from crm.seed.synthetic import TODAY, seed_synthetic
from crm.settings import Settings

__all__ = ["TODAY", "load_network", "plain_url"]


def plain_url(url: str) -> str:
    """A libpq URL (postgresql://…) from an SQLAlchemy one (postgresql+psycopg://…)."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql://{rest}" if sep and scheme.startswith("postgres") else url


async def _load(url: str, people: int, seed: int) -> dict[str, Any]:
    engine = create_engine(Settings(database_url=url, statement_timeout_ms=0))
    try:
        load = await seed_synthetic(create_session_factory(engine), people=people, seed=seed)
    finally:
        await engine.dispose()
    s = load.seconds
    return {
        "people": people,
        "seed": seed,
        "rows": load.rows,
        "links": load.links,
        "total_links": load.total_links,
        "seconds": {
            # each chunk is COPYed while the next is drawn: "copy" is what the load adds
            # after the drawing ends (the last chunks, index builds, commit)
            "generate": s.get("generate", 0.0),
            "map": 0.0,
            "copy": max(0.0, s.get("generate and copy", 0.0) - s.get("generate", 0.0))
            + s.get("commit", 0.0),
            "analyze": s.get("analyze", 0.0),
        },
        "copy_seconds": {k.removeprefix("copy "): v for k, v in s.items() if k.startswith("copy ")},
        "step_seconds": s,
    }


def load_network(url: str, *, people: int, seed: int = 42) -> dict[str, Any]:
    """Generate and load the network (`crm seed synthetic`); counts and timings."""
    return asyncio.run(_load(url, people, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True, help="an empty, migrated database")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, help="write the summary here")
    args = parser.parse_args()
    summary = load_network(args.database_url, people=args.people, seed=args.seed)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    rows, s = summary["rows"], summary["step_seconds"]
    steps = ", ".join(f"{k} {v:.1f} s" for k, v in s.items() if not k.startswith("copy "))
    print(
        f"loaded {rows['person']:,} people, {summary['total_links']:,} links "
        f"({sum(rows.values()):,} rows): {steps}"
    )


if __name__ == "__main__":
    main()
