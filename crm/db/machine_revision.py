"""The data revision as this machine knows it without a round trip: a counter in a small
memory-mapped file that every process of the machine maps (`Settings.data_revision_file`).

Every engine `crm.db.engine.create_engine` makes moves it right after the COMMIT of a
transaction that wrote anything has landed, before the write's answer can be sent
(`crm.db.data_revision.track_writes`). So a read that starts after a write's answer was
sent, in any process of this machine, finds the counter moved; an answer computed while
it had an older value is never taken for a current one (crm/serving/response_cache.py).
Writes from other machines are learnt from the database's notifications instead
(`crm.db.revision_listener`).

Increments take an exclusive `lockf` on the file (a lost increment could move the counter
back to a value an older answer was kept under); reads take no lock: an aligned 8-byte
load is atomic on the machines we run on, and the counter only ever grows.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import threading
from pathlib import Path

__all__ = ["MachineCounter", "machine_counter"]

_SIZE = 8


class MachineCounter:
    """A 64-bit counter shared by the processes that map `path`."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = path
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                if os.fstat(self._fd).st_size < _SIZE:
                    os.ftruncate(self._fd, _SIZE)  # zero-filled
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)
            self._map = mmap.mmap(self._fd, _SIZE)
        except BaseException:
            os.close(self._fd)
            raise
        self._view = memoryview(self._map).cast("Q")
        self._lock = threading.Lock()  # lockf locks are per process, not per thread

    @property
    def value(self) -> int:
        return int(self._view[0])

    def bump(self) -> int:
        """Add one, as one step for every process of the machine; return the new value."""
        with self._lock:
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                value = self._view[0] + 1
                self._view[0] = value
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)
        return int(value)


_counters: dict[Path, MachineCounter] = {}
_counters_lock = threading.Lock()


def machine_counter(path: Path) -> MachineCounter:
    """This process's mapping of the counter at `path` (one per file, kept for the
    process's life: every engine of the database shares it)."""
    key = path.absolute()
    with _counters_lock:
        counter = _counters.get(key)
        if counter is None:
            counter = _counters[key] = MachineCounter(key)
        return counter
