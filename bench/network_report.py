"""Measuring helpers of the network benchmarks: a report, timed steps, time limits, memory."""

from __future__ import annotations

import importlib
import json
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import networkx as nx

from crm.graph.records import PERSON

T = TypeVar("T")


class TimeLimitError(Exception):
    pass


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt pure-Python work (networkx) after `seconds` with TimeLimitError."""
    if not seconds:
        yield
        return

    def _expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeLimitError

    previous = signal.signal(signal.SIGALRM, _expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def memory_mb() -> dict[str, float]:
    """Resident set size now and at its peak (VmHWM), in MB."""
    status = Path("/proc/self/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {k: int(fields[v].split()[0]) / 1024 for k, v in (("rss", "VmRSS"), ("peak", "VmHWM"))}


@dataclass
class Report:
    """Rows printed as they come and kept for --json (rewritten after each row)."""

    path: Path | None
    meta: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self, section: str, step: str, seconds: float | None, note: str = "", **extra: Any
    ) -> None:
        self.rows.append(
            {"section": section, "step": step, "seconds": seconds, "note": note} | extra
        )
        shown = "" if seconds is None else _duration(seconds)
        print(f"{section:<11} {step:<58} {shown:>10}  {note}", flush=True)
        if self.path is not None:
            self.path.write_text(
                json.dumps({"meta": self.meta, "rows": self.rows}, indent=1, default=str)
            )


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def run(
    report: Report,
    section: str,
    step: str,
    fn: Callable[[], T],
    *,
    limit: float | None = None,
    note: str = "",
) -> T | None:
    """Time `fn` once (under `limit` seconds when given); None when it failed or ran out."""
    started = time.perf_counter()
    try:
        with time_limit(limit):
            result = fn()
    except TimeLimitError:
        report.add(section, step, None, f"stopped after {limit:.0f} s", status="timeout")
        return None
    except Exception as error:  # a peer or backend that cannot run is a finding, not a crash
        report.add(
            section, step, None, f"failed: {type(error).__name__}: {error}"[:160], status="error"
        )
        return None
    report.add(section, step, time.perf_counter() - started, note)
    return result


def optional(name: str) -> Any:
    """An optional module (peers, backends, modules the lead is writing), or None."""
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def people_of(graph: nx.Graph) -> list[str]:
    return sorted(k for k, kind in graph.nodes(data="type") if kind == PERSON)
