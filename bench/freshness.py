"""How soon rankings are current after a write, on the demo network, as `make serve` runs.

    .venv/bin/python bench/freshness.py [--port 8201] [--writes 3] [--busy N]

A fresh SQLite database in a temporary folder, `crm seed demo`, `crm analyze`, then `crm
serve` (its analysis worker, each run in a child process) on --port; for each write (a
new relationship through the API) the seconds until `influencers { analysis { stale } }`
says the rankings are current again, and their median and maximum, with where the time
went: from the write's answer until the run was queued, until it was running (its
process started), each step, until it was stored, until the API said current.

`--busy N` loads the machine while it measures: N busy loops, each at `nice -n 10` in a
session of its own (as other people's test suites run beside ours); the server is not
niced. They are started after `crm analyze` and stopped at the end. With the kernel's
autogroup scheduling (/proc/sys/kernel/sched_autogroup_enabled) a session gets an equal
share whatever its processes' nice values; `--group-nice 10` also sets the loops'
sessions' nice (/proc/self/autogroup), which is what `nice -n 10` means there.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

CRM = str(Path(sys.executable).with_name("crm"))
RANKING = (
    "{ influencers(first: 3) { analysis { stale updating metricsRevision currentRevision } } }"
)
PEOPLE = "{ people(first: 40) { edges { node { id } } } }"
RELATE = """mutation($a: ID!, $b: ID!) { createRelationship(input: {personA: $a, personB: $b,
  kind: FRIEND, strength: 0.8}) { relationship { id } errors { message } } }"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--writes", type=int, default=3)
    parser.add_argument("--busy", type=int, default=0, help="busy loops beside (see above)")
    parser.add_argument("--group-nice", type=int, default=None, help="their sessions' nice")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crm-freshness-") as folder:
        env = {**os.environ, "CRM_DATABASE_URL": f"sqlite:///{folder}/crm.sqlite3"}
        env["CRM_PORT"] = str(args.port)
        subprocess.run([CRM, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run([CRM, "seed", "demo"], env=env, check=True, capture_output=True)
        subprocess.run([CRM, "analyze"], env=env, check=True, capture_output=True)
        made = subprocess.run(
            [CRM, "user", "create", "bench-admin", "--role", "admin"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        token = made.stdout.strip().splitlines()[-1]
        # the server's log goes to a file: a pipe nobody reads fills up with the access
        # log of the polling below and then blocks the server
        log = Path(folder) / "serve.log"
        args.database = Path(folder) / "crm.sqlite3"
        with busy_loops(args.busy, args.group_nice), log.open("w") as sink:
            server = subprocess.Popen(
                [CRM, "serve", "--no-demo"], env=env, stdout=sink, stderr=subprocess.STDOUT
            )
            try:
                print(json.dumps(measure(args, token), indent=1))
            except BaseException:
                print(log.read_text()[-3000:], file=sys.stderr)
                raise
            finally:
                server.terminate()
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:  # busy in an analysis step
                    server.kill()
                    server.wait()


def measure(args: argparse.Namespace, token: str) -> dict[str, Any]:
    url = f"http://127.0.0.1:{args.port}/graphql"
    headers = {"Authorization": f"Bearer {token}"}
    # long: on a loaded machine the server may answer late (a 30 s timeout ended the
    # first run of this bench, when the analysis still ran in the server's process)
    with httpx.Client(timeout=300) as http:

        def ask(query: str, **variables: Any) -> Any:
            answer = http.post(url, json={"query": query, "variables": variables}, headers=headers)
            body = answer.json()
            assert "errors" not in body, body
            return body["data"]

        for _ in range(600):  # start-up on a loaded machine: up to 5 minutes
            try:
                ask("{ __typename }")
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise SystemExit("the server did not answer within 5 minutes")
        people = [e["node"]["id"] for e in ask(PEOPLE)["people"]["edges"]]
        seconds, phases = [], []
        for n in range(args.writes):
            result = ask(RELATE, a=people[2 * n], b=people[2 * n + 1])
            assert not result["createRelationship"]["errors"], result
            written, written_at = time.perf_counter(), datetime.now(UTC)
            while True:
                analysis = ask(RANKING)["influencers"]["analysis"]
                if not analysis["stale"]:
                    break
                if time.perf_counter() - written > 300:
                    raise SystemExit("rankings still stale after 300 s")
                time.sleep(0.5)
            seconds.append(time.perf_counter() - written)
            phases.append(run_phases(args.database, written_at, seconds[-1]))
            print(json.dumps({"write": n + 1, **phases[-1]}), file=sys.stderr)
            time.sleep(2)
    return {
        "seconds_until_current": seconds,
        "p50": statistics.median(seconds),
        "max": max(seconds),
        "target": 60,
        "phases": phases,
        "busy_loops": args.busy,
        "group_nice": args.group_nice,
    }


def _at(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=UTC)


def run_phases(database: Path, written_at: datetime, current: float) -> dict[str, Any]:
    """Where the `current` seconds after the write at `written_at` went, from the row of
    the first run that finished after it."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        row = db.execute(
            "SELECT id, created_at, started_at, finished_at, steps FROM analysis_run"
            " WHERE state = 'done' AND created_at >= ? ORDER BY id LIMIT 1",
            (written_at.replace(tzinfo=None).isoformat(sep=" "),),
        ).fetchone()
    if row is None:
        return {"current": round(current, 1), "run": None}
    run_id, created, started, finished = row[0], _at(row[1]), _at(row[2]), _at(row[3])
    assert created is not None
    assert started is not None
    assert finished is not None
    steps = json.loads(row[4])
    return {
        "current": round(current, 1),
        "run": run_id,
        "queued": round((created - written_at).total_seconds(), 1),
        "running": round((started - created).total_seconds(), 1),
        "steps": {k: round(v, 1) for k, v in steps.get("seconds", {}).items()},
        "stored": round((finished - started).total_seconds(), 1),
        "seen": round(current - (finished - written_at).total_seconds(), 1),
    }


@contextmanager
def busy_loops(count: int, group_nice: int | None) -> Iterator[None]:
    """`count` busy Python loops at nice 10, each in a session of its own (whose autogroup
    nice is `group_nice`, if given), until the end."""
    loop = "while True: pass"
    if group_nice is not None:
        loop = f"open('/proc/self/autogroup', 'w').write('{group_nice}')\n{loop}"
    loops = [
        subprocess.Popen(["nice", "-n", "10", sys.executable, "-c", loop], start_new_session=True)
        for _ in range(count)
    ]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


if __name__ == "__main__":
    main()
