"""The servers `bench/api_postgraphile.py` compares: PostGraphile and `crm serve` variants,
each in its own process group, and the answers they give."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from api_queries import QUERIES, crm_variables, pgl_variables, rows_of
from network_data import plain_url

__all__ = ["Server", "answer", "start_crm", "start_postgraphile", "wait_ready"]


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    token: str | None = None
    person_key: int = 1
    log: Path = field(default_factory=Path)

    def headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def body(self, query: str) -> dict[str, Any]:
        spec = QUERIES[query]
        if self.name == "postgraphile":
            return {"query": spec.pgl, "variables": pgl_variables(query, self.person_key)}
        return {"query": spec.crm, "variables": crm_variables(query, self.person_key)}

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def start_postgraphile(url: str, port: int, workers: int, folder: Path, logs: Path) -> Server:
    if not (folder / "node_modules" / "postgraphile").exists():
        raise SystemExit(f"PostGraphile is not installed in {folder}: run `make bench-api`")
    log = logs / "postgraphile.log"
    env = {**os.environ, "DATABASE_URL": plain_url(url), "PORT": str(port)}
    env["WORKERS"] = str(workers)
    process = subprocess.Popen(
        ["node", str(folder / "server.mjs")],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    return Server("postgraphile", f"http://127.0.0.1:{port}/graphql", process, log=log)


def start_crm(name: str, url: str, port: int, extra: dict[str, str], logs: Path) -> Server:
    log = logs / f"{name}.log"
    # no background analysis: `crm serve` would start one in each process (at 100,000
    # people it takes the cores for minutes), and the comparison is of the API alone
    env = {
        **os.environ,
        "CRM_DATABASE_URL": url,
        "CRM_ENV": "production",
        "CRM_ANALYSIS_WORKER": "off",
        **extra,
    }
    command = [str(Path(sys.executable).with_name("crm")), "serve", "--no-demo"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    if "WORKERS" in extra:
        command += ["--workers", extra.pop("WORKERS")]
    process = subprocess.Popen(
        command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
    )
    return Server(name, f"http://127.0.0.1:{port}/graphql", process, log=log)


def wait_ready(server: Server, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited: see {server.log}")
        try:
            response = httpx.post(server.url, json=server.body("Q1"), headers=server.headers())
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{server.name} did not answer within {timeout:.0f} s: see {server.log}")


def answer(server: Server, query: str) -> list[tuple[Any, ...]]:
    response = httpx.post(server.url, json=server.body(query), headers=server.headers())
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{server.name} {query}: {response.status_code} {body}")
    return rows_of("crm" if server.name != "postgraphile" else "pgl", query, body["data"])
