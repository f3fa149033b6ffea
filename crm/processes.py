"""Helper processes that end with the process that started them.

A process pool's workers and `crm serve`'s server processes wait on pipes their parent
holds; killed with SIGKILL, a parent runs no clean-up, and its children (spawned ones
hold both ends of their task queue) would wait for ever: `kill -9` of a `crm import`
left its key-deriving worker and multiprocessing's resource tracker running. Each child
therefore asks the kernel to kill it when its parent dies (Linux `PR_SET_PDEATHSIG`),
or, elsewhere, watches its parent from a thread. The resource tracker needs neither: it
exits when the last process holding its pipe is gone.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["child_pool", "die_with_parent"]

_PR_SET_PDEATHSIG = 1
#: how often a child without PR_SET_PDEATHSIG looks at its parent, seconds
POLL_SECONDS = 1.0


def die_with_parent(parent: int) -> None:
    """Run in a child first thing: end this process when `parent` (its parent's pid) dies.

    The death signal is tied to the thread that started the child, so a pool must be
    created and first used from a thread that outlives the pool (the event loop's, or a
    `with` block's). If the parent died before this ran, the child ends at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            _watch(parent)
    else:
        _watch(parent)
    if os.getppid() != parent:
        os._exit(1)


def _watch(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def child_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes (no fork of a process with threads) that
    die with this one."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
