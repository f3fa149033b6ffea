"""Where the server's CPU goes for one query of `make bench-api`, in-process.

    .venv/bin/python bench/api_profile.py --database-url postgresql://…/crm_bench_api \
        [--query Q2] [--runs 200] [--top 25] [--cached]

Runs the app through ASGI (no sockets) as the benchmark's frontend app, after a
warm-up, under cProfile; prints self time by package and the costliest functions.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_postgraphile import _app_token, person_with_ties
from api_queries import QUERIES, crm_variables

from crm.app import create_app
from crm.db import migrate
from crm.settings import Environment, Settings


def package_of(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1].split("/", 1)[0]
    if "/crm/" in filename:
        return "crm/" + filename.split("/crm/", 1)[1].split("/", 1)[0]
    if filename.startswith("~") or "<" in filename:
        return "builtins"
    return "stdlib"


async def run(settings: Settings, query: str, runs: int, top: int) -> None:
    await migrate.upgrade_async(settings.database_url)
    token = await _app_token(settings.database_url)
    key = person_with_ties(settings.database_url)
    body = {"query": QUERIES[query].crm, "variables": crm_variables(query, key)}
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as client:
            for _ in range(20):
                response = await client.post("/graphql", json=body)
                assert "errors" not in response.json(), response.text
            start = time.perf_counter()
            for _ in range(runs):
                await client.post("/graphql", json=body)
            took = (time.perf_counter() - start) / runs * 1000
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(runs):
                await client.post("/graphql", json=body)
            profiler.disable()
    print(f"{query}: {took:.2f} ms per request without the profiler")
    stats = pstats.Stats(profiler)
    by_package: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), row in stats.stats.items():  # type: ignore[attr-defined]
        by_package[package_of(filename)] += row[2]
    total = sum(by_package.values())
    for package, seconds in sorted(by_package.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {package:<28} {seconds / runs * 1000:7.3f} ms  {100 * seconds / total:5.1f} %")
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--query", default="Q2", choices=sorted(QUERIES))
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--cached", action="store_true", help="with the response cache (profile its hits)"
    )
    args = parser.parse_args()
    settings = Settings(
        database_url=args.database_url,
        env=Environment.PRODUCTION,
        token_budget_per_minute=10**9,
        response_cache_size=1_000 if args.cached else 0,
    )
    asyncio.run(run(settings, args.query, args.runs, args.top))


if __name__ == "__main__":
    main()
