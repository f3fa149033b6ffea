"""Helper processes that end with the process that started them.

A process pool's workers and `crm serve`'s server processes wait on pipes their parent
holds; killed with SIGKILL, a parent runs no clean-up, and its children (spawned ones
hold both ends of their task queue) would wait for ever: `kill -9` of a `crm import`
left its key-deriving worker and multiprocessing's resource tracker running. Each child
therefore asks the kernel to kill it when its parent dies (Linux `PR_SET_PDEATHSIG`),
or, elsewhere, watches its parent from a thread. The resource tracker needs neither: it
exits when the last process holding its pipe is gone. A child started by a forkserver
has the forkserver for its parent, not the process that asked for it: it watches that
process instead (`die_with`), through a pidfd on Linux.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["child_pool", "die_with", "die_with_parent", "forked_helpers"]

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


def die_with(pid: int) -> None:
    """Run in a child first thing: end this process when the process `pid` ends, its
    parent or not (a forkserver's child is the forkserver's, and the forkserver outlives
    the process that started it while any of its children holds its pipe). Starts a
    thread, unless `pid` is the parent."""
    if os.getppid() == pid:
        die_with_parent(pid)
        return
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:  # gone already
        os._exit(1)
    except (AttributeError, OSError):  # no pidfd here: look now and then
        _poll(pid)
        return

    def wait() -> None:
        select.select([handle], [], [])  # readable once the process has ended
        os._exit(1)

    threading.Thread(target=wait, name="parent-watch", daemon=True).start()


def _poll(pid: int) -> None:
    def watch() -> None:
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:  # there, another user's (a reused pid): ours is gone
                os._exit(1)
            time.sleep(POLL_SECONDS)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


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


def forked_helpers(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes forked from this one now (they share what it has
    imported, copy-on-write: no import, no start-up) that die with it.

    Call it while this process has a single thread (a forkserver's child, first thing):
    a fork copies no other thread, and a lock one of them held would stay held."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
    pool.submit(int).result()  # a fork pool starts all its workers at the first task
    return pool
