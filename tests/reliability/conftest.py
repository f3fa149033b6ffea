"""Processes and databases of the reliability suite: servers and imports run as the
operating system runs them (subprocesses that can be killed), each on a database of
its own, so a test that kills something never disturbs the rest of the run."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crm.db.engine import create_engine, create_session_factory
from crm.db.enums import UserRole
from crm.settings import Settings
from tests.accounts import make_user
from tests.ports import free_port

CRM = str(Path(sys.executable).with_name("crm"))
#: `make reliability` sets it: the long variants run (fuzzing, soak, the slower backends)
LONG = os.environ.get("CRM_RELIABILITY_LONG", "") == "1"


def long_variant(what: str) -> None:
    """Skip the rest of this test unless the long variants run (`make reliability`)."""
    if not LONG:
        pytest.skip(f"{what}: a long variant, run by `make reliability`")


def admin_token(database_url: str) -> str:
    """A fresh administrator's token, made directly in the database."""

    async def make() -> str:
        engine = create_engine(Settings(database_url=database_url))
        try:
            _, token = await make_user(create_session_factory(engine), UserRole.ADMIN)
            return token
        finally:
            await engine.dispose()

    return asyncio.run(make())


def environment(database_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "CRM_DATABASE_URL": database_url,
        "CRM_ENV": "production",
        "CRM_LOG_LEVEL": "warning",
        "CRM_ACCESS_LOG": "false",
        "CRM_ANALYSIS_WORKER": "off",
        **extra,
    }


class Server:
    """One `uvicorn crm.app:app` process on a port (by default a free one), started and
    killed at will."""

    def __init__(self, database_url: str, port: int | None = None, **extra: str) -> None:
        self.env = environment(database_url, **extra)
        self.port = free_port() if port is None else port
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, wait: float = 60) -> None:
        command = [sys.executable, "-m", "uvicorn", "crm.app:app", "--port", str(self.port)]
        command += ["--log-level", "warning", "--no-access-log"]
        self.process = subprocess.Popen(command, env=self.env, start_new_session=True)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited while starting"
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail(f"the server on port {self.port} did not start in {wait} s")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no clean-up (a crash, or the OOM killer)."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def server_factory() -> Iterator[list[Server]]:
    """Servers a test starts; all are stopped at its end, whatever happened."""
    servers: list[Server] = []
    yield servers
    for server in servers:
        server.stop()


def descendants(pid: int) -> set[int]:
    """The processes started by `pid`, their children, and so on (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name (2nd field) may hold spaces: the parent pid follows its ')'
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of `pids` still running (zombies, waiting for their parent, are not)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running
