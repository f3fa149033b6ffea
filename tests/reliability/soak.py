"""The soak of `make reliability`: a server under a steady mixed load for minutes.

    .venv/bin/python -m tests.reliability.soak --database-url URL [--minutes 10]
    .venv/bin/python -m tests.reliability.soak --private-cluster [--minutes 10]

`--private-cluster` runs PostgreSQL of its own (tests/reliability/cluster.py, port
55153), so the soak neither takes nor depends on the shared server's connections.

The database is seeded with the demo when empty. First the server's capacity is measured
(closed loop: `--clients` requests always in flight, `--measure` seconds), then requests
are sent at `--load` (0.7) of it, open loop, for `--minutes`: 80 % reads (a people page
with affiliations, a search, a person by ID), 20 % writes (createPerson, updatePerson).
Passes with 0 errors and the server's RSS growing less than 10 % from the end of the
first minute (warm-up) to the end. With `--report FILE` the results replace the part of
FILE between `<!-- soak:start -->` and `<!-- soak:end -->`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory, refresh_statistics
from crm.seed.demo import database_is_empty, seed_demo
from crm.settings import Settings
from tests.reliability.cluster import Cluster
from tests.reliability.conftest import Server, admin_token

PORT = 8153
CLUSTER_PORT = 55153
PAGE = (
    "{ people(first: 20) { edges { node { id name "
    "affiliations(first: 3) { edges { node { role organization { name } } } } } } } }"
)
SEARCH = "query ($t: String!) { search(text: $t, first: 10) { score } }"
NODE = "query ($id: ID!) { node(id: $id) { id ... on Person { name version } } }"
CREATE = """mutation ($name: String!) { createPerson(input: {name: $name}) {
  person { id version } errors { code } } }"""
UPDATE = """mutation ($id: ID!, $v: Int!, $city: String!) {
  updatePerson(input: {id: $id, expectedVersion: $v, city: $city}) {
  person { version } errors { code } } }"""
WORDS = ["陈", "林", "chen", "lin wei", "黄志明", "Tan", "张", "wang"]


@dataclass
class Tally:
    sent: int = 0
    errors: int = 0
    examples: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    def error(self, what: str) -> None:
        self.errors += 1
        if len(self.examples) < 5:
            self.examples.append(what[:300])


class Traffic:
    def __init__(self, http: httpx.AsyncClient, ids: list[str], seed: int = 1) -> None:
        self.http, self.ids, self.rng = http, ids, random.Random(seed)
        #: people this run created, with their versions (updated by one request at a time)
        self.mine: dict[str, int] = {}
        self.busy: set[str] = set()

    async def one(self, tally: Tally) -> None:
        roll = self.rng.random()
        expect_payload = False
        if roll < 0.4:
            body: dict[str, Any] = {"query": PAGE}
        elif roll < 0.6:
            body = {"query": SEARCH, "variables": {"t": self.rng.choice(WORDS)}}
        elif roll < 0.8:
            body = {"query": NODE, "variables": {"id": self.rng.choice(self.ids)}}
        elif roll < 0.9 or not (set(self.mine) - self.busy):
            body = {"query": CREATE, "variables": {"name": "陈" + self.rng.choice(WORDS)}}
            expect_payload = True
        else:
            person = self.rng.choice(sorted(set(self.mine) - self.busy))
            self.busy.add(person)
            body = {
                "query": UPDATE,
                "variables": {"id": person, "v": self.mine[person], "city": str(tally.sent)},
            }
            expect_payload = True
        tally.sent += 1
        started = time.perf_counter()
        try:
            response = await self.http.post("/graphql", json=body)
        except httpx.HTTPError as error:
            tally.error(f"transport: {error!r}")
            return
        finally:
            if body["query"] is UPDATE:
                self.busy.discard(body["variables"]["id"])
        tally.latencies.append(time.perf_counter() - started)
        if response.status_code != 200:
            tally.error(f"HTTP {response.status_code}: {response.text}")
            return
        answer = response.json()
        if answer.get("errors"):
            tally.error(json.dumps(answer["errors"], ensure_ascii=False))
            return
        if expect_payload:
            ((_, payload),) = answer["data"].items()
            if payload["errors"]:
                tally.error(json.dumps(payload["errors"], ensure_ascii=False))
            elif "person" in payload and payload["person"].get("id"):
                self.mine[payload["person"]["id"]] = payload["person"]["version"]
            else:
                person = body["variables"]["id"]
                self.mine[person] = payload["person"]["version"]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def capacity(traffic: Traffic, clients: int, seconds: float) -> float:
    tally = Tally()
    stop = time.monotonic() + seconds

    async def client() -> None:
        while time.monotonic() < stop:
            await traffic.one(tally)

    await asyncio.gather(*(client() for _ in range(clients)))
    if tally.errors:
        raise SystemExit(f"errors while measuring capacity: {tally.examples}")
    return tally.sent / seconds


async def soak(traffic: Traffic, rate: float, seconds: float, pid: int) -> dict[str, Any]:
    tally = Tally()
    samples: list[tuple[float, int]] = []
    start = time.monotonic()
    pending: set[asyncio.Task[None]] = set()
    next_sample = start
    n = 0
    while (now := time.monotonic()) < start + seconds:
        if now >= next_sample:
            samples.append((now - start, rss_kib(pid)))
            next_sample += 5
        due = start + n / rate
        if due > now:
            await asyncio.sleep(min(due - now, 0.05))
            continue
        n += 1
        task = asyncio.create_task(traffic.one(tally))
        pending.add(task)
        task.add_done_callback(pending.discard)
    await asyncio.gather(*pending)
    samples.append((time.monotonic() - start, rss_kib(pid)))
    warm = next(kib for t, kib in samples if t >= min(60.0, seconds / 2))
    end = samples[-1][1]
    latencies = sorted(tally.latencies)
    return {
        "requests": tally.sent,
        "rate": round(tally.sent / seconds, 1),
        "errors": tally.errors,
        "error_examples": tally.examples,
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1),
        "p99_ms": round(1000 * latencies[int(len(latencies) * 0.99)], 1),
        "rss_warm_mib": round(warm / 1024, 1),
        "rss_end_mib": round(end / 1024, 1),
        "rss_growth": round(end / warm - 1, 4),
        "rss_samples": samples,
    }


async def prepare(database_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, database_url)
    engine = create_engine(Settings(database_url=database_url).for_jobs())
    try:
        factory = create_session_factory(engine)
        async with factory() as session:
            empty = await database_is_empty(session)
        if empty:
            await seed_demo(factory)
            await refresh_statistics(engine)
    finally:
        await engine.dispose()


async def person_ids(http: httpx.AsyncClient) -> list[str]:
    found = await http.post(
        "/graphql", json={"query": "{ people(first: 100) { edges { node { id } } } }"}
    )
    return [e["node"]["id"] for e in found.json()["data"]["people"]["edges"]]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    if not args.private_cluster:
        return await soak_on(args, args.database_url)
    cluster = Cluster(port=CLUSTER_PORT)
    try:
        await asyncio.to_thread(cluster.init)
        await asyncio.to_thread(cluster.pg_ctl, "start")
        # room for the server's pool and the load's connections
        async with await psycopg.AsyncConnection.connect(
            cluster.url + "/postgres", autocommit=True
        ) as admin:
            await admin.execute("CREATE DATABASE crm")
        return await soak_on(args, cluster.url + "/crm")
    finally:
        await asyncio.to_thread(cluster.remove)


async def soak_on(args: argparse.Namespace, url: str) -> dict[str, Any]:
    database_url = Settings(database_url=url).database_url
    await prepare(database_url)
    token = await asyncio.to_thread(admin_token, database_url)
    server = Server(database_url, args.port)
    await asyncio.to_thread(server.start)
    assert server.process is not None
    try:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        async with httpx.AsyncClient(
            base_url=server.url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
            limits=limits,
        ) as http:
            traffic = Traffic(http, await person_ids(http))
            await capacity(traffic, args.clients, 10)  # warm-up: caches, pools, plans
            measured = await capacity(traffic, args.clients, args.measure)
            rate = args.load * measured
            print(f"capacity {measured:.1f} req/s; soaking at {rate:.1f} req/s", file=sys.stderr)
            result = await soak(traffic, rate, args.minutes * 60, server.process.pid)
    finally:
        server.stop()
    result.update(
        capacity=round(measured, 1),
        load=args.load,
        minutes=args.minutes,
        database="SQLite"
        if database_url.startswith("sqlite")
        else "PostgreSQL (private cluster)"
        if args.private_cluster
        else "PostgreSQL",
        passed=result["errors"] == 0 and result["rss_growth"] < 0.10,
    )
    return result


def report(result: dict[str, Any], path: Path, command: str) -> None:
    rows = (
        f"| {result['database']} | {result['capacity']} req/s | {result['rate']} req/s "
        f"({result['load']:.0%}) | {result['minutes']} min | {result['requests']:,} | "
        f"{result['errors']} | {result['p50_ms']} / {result['p99_ms']} ms | "
        f"{result['rss_warm_mib']} → {result['rss_end_mib']} MiB "
        f"({result['rss_growth']:+.1%}) | {'pass' if result['passed'] else 'FAIL'} |"
    )
    block = (
        f"Run of {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: `{command}`\n\n"
        "| database | capacity | soak rate | length | requests | errors | p50 / p99 "
        "| server RSS (after 1 min → end) | result |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---|\n" + rows + "\n"
    )
    fuzzed = [
        json.loads(p.read_text()) for p in sorted(Path("var").glob("reliability-fuzz-*.json"))
    ]
    if fuzzed:
        block += (
            "\nFuzzing of the same `make reliability` run (schemathesis, new cases each run):\n\n"
            "| database | root fields | cases | 5xx or INTERNAL_SERVER_ERROR |\n"
            "|---|---:|---:|---:|\n"
            + "".join(
                f"| {f['database']} | {f['fields']} | {f['cases']:,} | {f['failures']} |\n"
                for f in fuzzed
            )
        )
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("<!-- soak:start -->")
    _, _, tail = rest.partition("<!-- soak:end -->")
    path.write_text(f"{head}<!-- soak:start -->\n{block}<!-- soak:end -->{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--database-url")
    where.add_argument("--private-cluster", action="store_true")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--load", type=float, default=0.7)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--measure", type=float, default=30)
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    result = asyncio.run(run(args))
    summary = {k: v for k, v in result.items() if k != "rss_samples"}
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    if args.report:
        report(result, args.report, "python -m tests.reliability.soak " + " ".join(sys.argv[1:]))
    if not result["passed"]:
        raise SystemExit("the soak failed: errors or RSS growth of 10 % or more")


if __name__ == "__main__":
    main()
