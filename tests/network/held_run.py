"""A run's child that first holds its interpreter, as igraph's long steps do, until the
test lets it go (tests/network/test_run_process.py); then it does the real run.

It spins in Python with the interpreter's thread switching put off to every half
second, reading a byte of a mapped file (no system call, so the interpreter lock is let
go only then: `die_with`'s watcher thread needs a turn to end it with its worker): in the
server's process this would stop its event loop as a long igraph step did. The
files live beside the run's snapshot folder: `held.pid` (its pid and run, written when it holds),
`held.gate` (one byte: 0 hold, 1 go on).
"""

from __future__ import annotations

import mmap
import os
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path

from crm.network.run_process import RunRequest, run_child
from crm.processes import die_with

#: a hold longer than this ends the run with an error (the test failed to let it go)
HOLD_SECONDS = 120.0


def gate_files(request_folder: Path) -> tuple[Path, Path]:
    """The gate and pid files for runs whose snapshot folder is `request_folder`."""
    return request_folder.parent / "held.gate", request_folder.parent / "held.pid"


def release(request_folder: Path) -> None:
    """Let the held child go on: its gate byte set in place (truncating the mapped file
    first, as `write_bytes` does, would kill the child with SIGBUS)."""
    gate, _ = gate_files(request_folder)
    with gate.open("r+b") as file:
        file.write(b"\1")


def held_child(request: RunRequest, answer: Connection, parent: int) -> None:
    die_with(parent)  # as run_child does first: a worker killed while it holds
    gate, pid = gate_files(request.settings.snapshot_folder)
    with gate.open("r+b") as file, mmap.mmap(file.fileno(), 1) as byte:
        pid.write_text(f"{os.getpid()} {request.run_id}")
        interval = sys.getswitchinterval()
        sys.setswitchinterval(0.5)  # long holds; die_with's watcher still gets a turn
        deadline = time.monotonic() + HOLD_SECONDS
        while byte[0] == 0 and time.monotonic() < deadline:
            pass
        sys.setswitchinterval(interval)
        released = byte[0] == 1
    if not released:
        answer.send(("failed", "held_child: the test never let the run go"))
        answer.close()
        return
    run_child(request, answer, parent)


def waiting_child(asker: int, answer: Connection) -> None:
    """A child that ends with `asker` (not its parent: the forkserver is), says its pid and
    its parent's, and waits (tests/network/test_run_process.py)."""
    die_with(asker)
    answer.send((os.getpid(), os.getppid()))
    answer.close()
    time.sleep(600)
