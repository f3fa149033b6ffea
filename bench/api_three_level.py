"""Server time of the three-level people query on the demo data, and where it goes.

    .venv/bin/python bench/api_three_level.py [--repeat 30] [--database-url URL]

Runs the app in-process (ASGI, no sockets), so the time is the server's: GraphQL
parsing/validation/execution, DataLoaders, SQL and row building. Reports the median
and p95 of repeated runs for first: 10/50/100, then a profile of first: 100 grouped
by package (tottime), to show whether the time is SQL or Python.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import tempfile
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import httpx

from crm.app import create_app
from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.db.enums import UserRole
from crm.security.auth import provision
from crm.seed.demo import database_is_empty, seed_demo
from crm.settings import Settings

QUERY = """
query($first: Int!) {
  people(first: $first) {
    totalCount
    edges { node {
      id name nameLatin country
      affiliations(first: 5) { totalCount edges { node {
        role title
        organization { id name kind parent { id name kind } }
      } } }
    } }
  }
}"""


async def ensure_demo(settings: Settings) -> str:
    """Seed the demo data if needed; return a bearer token (signing in is mandatory)."""
    await migrate.upgrade_async(settings.database_url)
    engine = create_engine(settings)
    try:
        factory = create_session_factory(engine)
        async with factory() as session:
            empty = await database_is_empty(session)
        if empty:
            await seed_demo(factory)
        return await provision(
            factory,
            username="bench-admin",
            role=UserRole.ADMIN,
            token_name="bench/api_three_level.py",
            lifetime=timedelta(hours=1),
            reuse=True,
        )
    finally:
        await engine.dispose()


async def measure(settings: Settings, repeat: int, token: str) -> dict[int, list[float]]:
    app = create_app(settings)
    timings: dict[int, list[float]] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as client:
            for first in (10, 50, 100):
                body = {"query": QUERY, "variables": {"first": first}}
                await client.post("/graphql", json=body)  # warm caches
                runs = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    response = await client.post("/graphql", json=body)
                    runs.append((time.perf_counter() - start) * 1000)
                    assert "errors" not in response.json(), response.text
                timings[first] = runs
            profiler = cProfile.Profile()
            body = {"query": QUERY, "variables": {"first": 100}}
            profiler.enable()
            for _ in range(10):
                await client.post("/graphql", json=body)
            profiler.disable()
    report_profile(profiler)
    return timings


def report_profile(profiler: cProfile.Profile) -> None:
    stats = pstats.Stats(profiler)
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        by_package[package_of(filename)] += tottime
    total = sum(by_package.values())
    print("\nprofile of 10 runs of first: 100, self time by package:")
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {package:<28} {seconds * 1000:8.1f} ms  {100 * seconds / total:5.1f} %")


def package_of(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/crm/" in filename:
        return "crm (ours)"
    if filename.startswith("~") or "<" in filename:
        return "builtins (incl. sqlite3/C calls)"
    return "python stdlib"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / 'crm-bench.sqlite3'}"
    # A benchmark must not hit the per-token budget it is not measuring.
    settings = Settings(database_url=url, token_budget_per_minute=10**9)
    token = asyncio.run(ensure_demo(settings))
    timings = asyncio.run(measure(settings, args.repeat, token))
    print(f"\nthree-level query on {settings.database_url.split('://')[0]}, {args.repeat} runs:")
    for first, runs in timings.items():
        p95 = statistics.quantiles(runs, n=20)[-1]
        print(f"  first: {first:>3}  median {statistics.median(runs):7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
