"""How soon rankings are current after a write, on the demo network, as `make serve` runs.

    .venv/bin/python bench/freshness.py [--port 8201] [--writes 3]

A fresh SQLite database in a temporary folder, `crm seed demo`, `crm analyze`, then `crm
serve` (its analysis worker: debounce 5 s, watch every 5 s, each run in a child process)
on --port; for each write (a new relationship through the API) the seconds until
`influencers { analysis { stale } }` says the rankings are current again, and their
median and maximum. The server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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
        with log.open("w") as sink:
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
        seconds = []
        for n in range(args.writes):
            result = ask(RELATE, a=people[2 * n], b=people[2 * n + 1])
            assert not result["createRelationship"]["errors"], result
            written = time.perf_counter()
            while True:
                analysis = ask(RANKING)["influencers"]["analysis"]
                if not analysis["stale"]:
                    break
                if time.perf_counter() - written > 300:
                    raise SystemExit("rankings still stale after 300 s")
                time.sleep(0.5)
            seconds.append(time.perf_counter() - written)
            time.sleep(2)
    return {
        "seconds_until_current": seconds,
        "p50": statistics.median(seconds),
        "max": max(seconds),
        "target": 60,
    }


if __name__ == "__main__":
    main()
