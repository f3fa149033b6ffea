"""`crm serve --workers N`: N uvicorn processes, each with its own listening socket.

Each process binds the same address with SO_REUSEPORT, so the kernel spreads new
connections over the processes' accept queues. uvicorn's own `--workers` shares one
socket that every process accepts from: on a machine with few cores one process tends
to win most keep-alive connections (uvicorn issue 3149) and a second one idles.

Every process imports the application, then freezes what start-up allocated
(`gc.freeze()`): the schema, the models and the modules are then never scanned again by
the garbage collector, whose full collections otherwise cost a loaded worker a fifth of
its CPU.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import socket
import time
from typing import Any

import uvicorn

from crm.processes import die_with_parent

__all__ = ["freeze_start_up", "reuseport_socket", "serve"]

log = logging.getLogger(__name__)

#: uvicorn's default accept backlog
BACKLOG = 2048
#: the ASGI application each process serves (imported by uvicorn, by name)
APP = "crm.app:app"


def reuseport_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket other processes may bind too (SO_REUSEPORT)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    sock.setblocking(False)
    return sock


def freeze_start_up() -> None:
    """Move every object alive after start-up out of the collector's generations."""
    gc.collect()
    gc.freeze()


def _worker(host: str, port: int, options: dict[str, Any], parent: int | None = None) -> None:
    from crm.settings import get_settings

    if parent is not None:
        # a server process outliving a killed `crm serve` would keep serving the port
        die_with_parent(parent)

    config = uvicorn.Config(APP, **options)
    config.load()  # imports and builds the application, before the freeze
    if get_settings().gc_freeze:
        freeze_start_up()
    uvicorn.Server(config).run(sockets=[reuseport_socket(host, port)])


def serve(*, host: str, port: int, workers: int, **options: Any) -> None:
    """Run `workers` processes serving `APP` on host:port until SIGINT/SIGTERM;
    a process that dies is replaced. One worker runs in this process."""
    if workers <= 1:
        _worker(host, port, options)
        return
    # Bind once here first, so a taken port fails at once and not in every child.
    reuseport_socket(host, port).close()
    spawn = multiprocessing.get_context("spawn")  # no fork of a process with threads

    def start(index: int) -> multiprocessing.process.BaseProcess:
        process = spawn.Process(
            target=_worker, args=(host, port, options, os.getpid()), name=f"crm-worker-{index}"
        )
        process.start()
        return process

    processes = [start(i) for i in range(workers)]
    stopping = False

    def stop(_signal: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    while not stopping:
        time.sleep(0.5)
        for index, process in enumerate(processes):
            if not process.is_alive() and not stopping:
                log.warning("worker %s exited (%s): starting another", index, process.exitcode)
                processes[index] = start(index)
    for process in processes:
        if process.pid is not None and process.is_alive():
            process.terminate()  # uvicorn shuts down gracefully on SIGTERM
    for process in processes:
        process.join(30)
