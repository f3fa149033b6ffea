"""How long `crm seed demo` takes on a fresh database (SQLite file, or --database-url).

.venv/bin/python bench/seed_demo.py [--database-url postgresql://…/empty_db]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.seed.demo import seed_demo
from crm.settings import Settings


async def run(url: str) -> None:
    settings = Settings(database_url=url)
    await migrate.upgrade_async(settings.database_url)
    engine = create_engine(settings)
    try:
        started = time.perf_counter()
        created = await seed_demo(create_session_factory(engine))
        seconds = time.perf_counter() - started
    finally:
        await engine.dispose()
    rows = sum(created.values())
    print(f"{settings.database_url.split('://')[0]}: {rows:,} rows in {seconds:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    if args.database_url:
        asyncio.run(run(args.database_url))
        return
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(run(f"sqlite:///{Path(tmp) / 'seed.sqlite3'}"))


if __name__ == "__main__":
    main()
