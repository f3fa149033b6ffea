"""Q1, Q2 and Q3 of `make bench-api` answered by the general executor, the compiled
path's Python builder and the answer PostgreSQL writes: the same bytes, in-process.

    .venv/bin/python bench/api_same_bytes.py --database-url postgresql://…/crm_bench_api

The harness compares the servers' rows; this compares the crm answers byte for byte on
the benchmark's own data (100,000 people), the first time and in front of GraphQL.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_postgraphile import _app_token, person_with_ties
from api_queries import QUERIES, crm_variables

from crm.app import create_app
from crm.serving.compiled.answer import TEXT_COUNTS
from crm.settings import Environment, Settings

VARIANTS = {
    "general": {"compiled_reads": False},
    "python": {"compiled_json": False},
    "postgresql": {"compiled_json": True},
}


async def answers(settings: Settings, bodies: dict[str, dict[str, object]], token: str) -> dict:
    app = create_app(settings)
    found: dict[str, list[bytes]] = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://bench", headers=headers
        ) as client:
            for name, body in bodies.items():
                found[name] = [(await client.post("/graphql", json=body)).content for _ in "12"]
    return found


async def run(url: str) -> None:
    token = await _app_token(url)
    key = person_with_ties(url)
    bodies = {q: {"query": QUERIES[q].crm, "variables": crm_variables(q, key)} for q in QUERIES}
    base = Settings(
        database_url=url,
        env=Environment.PRODUCTION,
        token_budget_per_minute=10**9,
        response_cache_size=0,
    )
    results = {}
    for variant, update in VARIANTS.items():
        written = TEXT_COUNTS.written
        results[variant] = await answers(base.model_copy(update=update), bodies, token)
        print(f"{variant}: {TEXT_COUNTS.written - written} answers written by PostgreSQL")
    failed = False
    for name in bodies:
        general = results["general"][name][0]
        for variant in VARIANTS:
            same = all(answer == general for answer in results[variant][name])
            failed |= not same
            print(
                f"{name} {variant:<11} {len(general):>7,} bytes  {'same' if same else 'DIFFERENT'}"
            )
    if failed:
        raise SystemExit("the answers differ")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True)
    asyncio.run(run(parser.parse_args().database_url))


if __name__ == "__main__":
    main()
