"""Our API beside PostGraphile on the same PostgreSQL rows, under wrk (issue #15).

    .venv/bin/python bench/api_postgraphile.py [--database-url URL] [--people 100000]
        [--queries Q1,Q2,Q3] [--connections 1,16] [--duration 15] [--warmup 3]
        [--crm NAME[:VAR=VALUE,…]]… [--json FILE]

Loads the synthetic network of `bench/network_data.py` into the database when it is
empty (and ANALYZEs it), signs a frontend app in (an APP token reading people,
affiliations, organisations and relationships), starts PostGraphile
(`bench/postgraphile/server.mjs`, Node's cluster over `--pgl-workers` processes) and
one `crm serve` per `--crm` variant (production mode, `--workers`), checks that every
query returns the same rows from each server, then measures each query at each
connection count with wrk (1 thread, a warm-up run, then the measured run), peer and
ours one after the other, so the ratios compare like with like on a noisy machine.
Server CPU per request is read from /proc (the whole process tree of each server).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api_servers import Server, answer, start_crm, start_postgraphile, wait_ready
from network_data import load_network, plain_url

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.db.enums import UserRole
from crm.security.auth import provision
from crm.settings import Settings

HERE = Path(__file__).resolve().parent
APP_SCOPES = ("Person", "Affiliation", "Organization", "Relationship")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- the data ------------------------------------------------------------------------


def ensure_database(url: str, people: int) -> None:
    """Create, migrate and fill the database unless it already holds people."""
    server, _, name = plain_url(url).rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    migrate.upgrade(url)
    with psycopg.connect(plain_url(url)) as connection:
        count = connection.execute("SELECT count(*) FROM person").fetchone()
    if count is None or count[0] == 0:
        print(f"loading {people:,} people into {name} …", flush=True)
        print(load_network(plain_url(url), people=people))


def person_with_ties(url: str) -> int:
    """The first person with at least 10 relationships, all at the A end (PostGraphile
    reads one end per field; ours reads both, so such a person gives the same rows)."""
    with psycopg.connect(plain_url(url)) as connection:
        row = connection.execute(
            """SELECT a.person_a_id FROM relationship a
               GROUP BY a.person_a_id HAVING count(*) >= 10
               AND NOT EXISTS (SELECT 1 FROM relationship b WHERE b.person_b_id = a.person_a_id)
               ORDER BY a.person_a_id LIMIT 1"""
        ).fetchone()
    if row is None:
        raise SystemExit("no person with 10 relationships at the A end")
    return int(row[0])


async def _app_token(url: str) -> str:
    engine = create_engine(Settings(database_url=url))
    try:
        return await provision(
            create_session_factory(engine),
            username="bench-frontend-app",
            role=UserRole.APP,
            scopes=APP_SCOPES,
            token_name="make bench-api",
            lifetime=timedelta(days=1),
            reuse=True,
        )
    finally:
        await engine.dispose()


# -- measuring -----------------------------------------------------------------------------


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU of a process and all its descendants (alive ones)."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        pid = int(entry.name)
        stats[pid] = fields
        children.setdefault(int(fields[1]), []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        if pid in stats:
            total += int(stats[pid][11]) + int(stats[pid][12])
        stack.extend(children.get(pid, []))
    return total / CLOCK_TICKS


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(
    server: Server, query: str, connections: int, seconds: float, workdir: Path
) -> dict[str, Any]:
    script = workdir / f"{server.name}-{query}.lua"
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(json.dumps(server.body(query)))}"]
    lines += [
        f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in server.headers().items()
    ]
    script.write_text("\n".join(lines) + "\n")
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "--latency"]
    command += ["-s", str(script)]
    before = tree_cpu_seconds(server.process.pid)
    output = subprocess.run([*command, server.url], capture_output=True, text=True, check=True)
    cpu = tree_cpu_seconds(server.process.pid) - before
    text = output.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", text).group(1))  # type: ignore[union-attr]
    latency = {p: _ms(v) for p, v in re.findall(r"^\s+(50|90|99)%\s+(\S+)\s*$", text, re.M)}
    if "50" not in latency:
        print(text, file=sys.stderr)
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return {
        "rps": rps,
        "requests": total,
        "p50_ms": latency.get("50"),
        "p90_ms": latency.get("90"),
        "p99_ms": latency.get("99"),
        "cpu_ms_per_request": 1000 * cpu / total if total else None,
        "non_2xx": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(1) if errors else None,
    }


def measure(servers: list[Server], args: argparse.Namespace, workdir: Path) -> list[dict[str, Any]]:
    results = []
    for query in args.queries:
        for connections in args.connections:
            for server in servers:
                wrk(server, query, connections, args.warmup, workdir)
                figures = wrk(server, query, connections, args.duration, workdir)
                figures.update(server=server.name, query=query, connections=connections)
                results.append(figures)
                print(_line(figures), flush=True)
    return results


def _line(f: dict[str, Any]) -> str:
    f = {k: (v if v is not None else float("nan")) for k, v in f.items()}
    return (
        f"{f['query']} c{f['connections']:<3} {f['server']:<14} {f['rps']:9.1f} rps  "
        f"p50 {f['p50_ms']:7.2f} ms  p99 {f['p99_ms']:7.2f} ms  "
        f"cpu {f['cpu_ms_per_request']:6.2f} ms/req"
        + (f"  NON-2XX {f['non_2xx']}" if f["non_2xx"] else "")
    )


def report(results: list[dict[str, Any]]) -> None:
    print("\n| query | c | server | rps | p50 ms | p99 ms | CPU ms/req | × PostGraphile |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    peer = {
        (r["query"], r["connections"]): r["rps"] for r in results if r["server"] == "postgraphile"
    }
    for r in results:
        base = peer.get((r["query"], r["connections"]))
        ratio = f"{r['rps'] / base:.3f}" if base else ""
        cells = [_num(r[k]) for k in ("p50_ms", "p99_ms", "cpu_ms_per_request")]
        print(
            f"| {r['query']} | {r['connections']} | {r['server']} | {r['rps']:,.1f} | "
            + " | ".join(cells)
            + f" | {ratio} |"
        )


def _num(value: float | None) -> str:
    return f"{value:,.2f}" if value is not None else "–"


def _variant(text: str) -> tuple[str, dict[str, str]]:
    name, _, settings = text.partition(":")
    pairs = [p.split("=", 1) for p in settings.split(",") if p]
    return name, {k: v for k, v in pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/crm_bench_api"
    )
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", default="Q1,Q2,Q3", type=lambda s: s.split(","))
    parser.add_argument(
        "--connections", default="1,16", type=lambda s: [int(c) for c in s.split(",")]
    )
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--pgl-workers", type=int, default=2, help="PostGraphile processes")
    parser.add_argument("--pgl-dir", type=Path, default=HERE / "postgraphile")
    parser.add_argument("--port", type=int, default=8300, help="first port to use")
    parser.add_argument(
        "--crm",
        action="append",
        type=_variant,
        help="a crm server to measure: NAME[:CRM_VAR=VALUE,…,WORKERS=N] (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    # by default: every request executed, and repeated reads from the response cache
    variants = args.crm or [
        ("crm", {"WORKERS": "2", "CRM_RESPONSE_CACHE_SIZE": "0"}),
        ("crm-cached", {"WORKERS": "2"}),
    ]
    url = Settings(database_url=args.database_url).database_url
    ensure_database(url, args.people)
    token = asyncio.run(_app_token(url))
    key = person_with_ties(url)
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    servers = [start_postgraphile(url, args.port + 1, args.pgl_workers, args.pgl_dir, workdir)]
    try:
        for i, (name, extra) in enumerate(variants):
            server = start_crm(name, url, args.port + 2 + i, dict(extra), workdir)
            server.token = token
            servers.append(server)
        for server in servers:
            server.person_key = key
            wait_ready(server)
        for query in args.queries:
            expected = answer(servers[0], query)
            for server in servers[1:]:
                if answer(server, query) != expected:
                    raise SystemExit(f"{query}: {server.name} and PostGraphile return other rows")
            print(f"{query}: every server returns the same {len(expected)} rows", flush=True)
        results = measure(servers, args, workdir)
    finally:
        for server in servers:
            server.stop()
    report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"results": results, "variants": variants}, indent=2))


if __name__ == "__main__":
    main()
