"""Ports for the servers and clusters the tests start: free ones, asked of the kernel,
so that parallel test processes (pytest-xdist's workers, or another checkout's run on
the same machine) never meet on a fixed port."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
