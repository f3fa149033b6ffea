"""`crm serve --workers 2`: two processes share the port, and both take connections."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from crm.serving.workers import reuseport_socket


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_reuseport_sockets_bind_the_same_port_twice() -> None:
    first = reuseport_socket("127.0.0.1", 0)
    try:
        second = reuseport_socket("127.0.0.1", first.getsockname()[1])
        second.close()
    finally:
        first.close()


def test_two_workers_both_answer_new_connections(database_url: str) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "CRM_DATABASE_URL": database_url,
        "CRM_ENV": "production",
        "CRM_LOG_LEVEL": "warning",
    }
    command = [str(Path(sys.executable).with_name("crm")), "serve", "--no-demo"]
    command += ["--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        processes: set[int] = set()
        deadline = time.monotonic() + 90
        while len(processes) < 2 and time.monotonic() < deadline:
            try:
                # a new connection each time: the kernel picks a worker per connection
                with httpx.Client() as client:
                    processes.add(client.get(url, timeout=2).json()["process"])
            except httpx.TransportError:
                time.sleep(0.3)
        assert len(processes) == 2
        assert server.pid not in processes  # the parent only watches its workers
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:  # pragma: no cover - report, do not hang
            os.killpg(server.pid, signal.SIGKILL)
            pytest.fail("crm serve did not stop on SIGTERM")
    assert server.returncode == 0
