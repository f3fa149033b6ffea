"""Snapshot files of the compact graph: written once, mapped by every worker of a machine.

A snapshot is a folder of plain `.npy` arrays and a `meta.json` (the graph revision and
the day its strengths were computed for). `load_snapshot` maps the arrays read-only
(`numpy.load(mmap_mode="r")`): the operating system holds each page once however many
worker processes map it, and a worker is ready as soon as the files are mapped (no SQL,
no rebuild). Snapshots are published by renaming a finished folder into place, and
`latest_snapshot` picks the newest whole one, so a reader never sees a half-written file.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any, Final

import numpy as np

from crm.graph.compact import CompactGraph

__all__ = ["Snapshot", "latest_snapshot", "load_snapshot", "prune_snapshots", "write_snapshot"]

PREFIX: Final = "graph-r"
FORMAT: Final = 1


@dataclass(frozen=True)
class Snapshot:
    graph: CompactGraph
    #: the graph revision the snapshot reflects
    revision: int
    #: the day its recency factors were computed for
    today: date
    path: Path
    #: extra arrays written with the graph (e.g. the link index for catching up)
    extra: dict[str, np.ndarray]


def _name(revision: int, today: date) -> str:
    return f"{PREFIX}{revision:012d}-{today.isoformat()}"


def write_snapshot(
    folder: Path,
    graph: CompactGraph,
    *,
    revision: int,
    today: date,
    extra: dict[str, np.ndarray] | None = None,
) -> Path:
    """Write the graph into a new snapshot under `folder` and publish it; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / _name(revision, today)
    work = Path(tempfile.mkdtemp(prefix=".writing-", dir=folder))
    try:
        arrays = {**graph.arrays(), **{f"extra.{k}": v for k, v in (extra or {}).items()}}
        for name, array in arrays.items():
            np.save(work / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        meta = {
            "format": FORMAT,
            "revision": revision,
            "today": today.isoformat(),
            "nodes": graph.node_count,
            "edges": graph.edge_count,
            "extra": sorted(extra or {}),
        }
        (work / "meta.json").write_text(json.dumps(meta, indent=2))
        if final.exists():
            shutil.rmtree(final)
        os.replace(work, final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def load_snapshot(path: Path) -> Snapshot:
    """Map a snapshot read-only (nothing is read into memory until it is used)."""
    meta: dict[str, Any] = json.loads((path / "meta.json").read_text())
    if meta.get("format") != FORMAT:
        raise ValueError(f"{path}: snapshot format {meta.get('format')!r}, expected {FORMAT}")
    arrays = {f.name: _mapped(path / f"{f.name}.npy") for f in fields(CompactGraph)}
    extra = {name: _mapped(path / f"extra.{name}.npy") for name in meta.get("extra", [])}
    return Snapshot(
        graph=CompactGraph(**arrays),
        revision=int(meta["revision"]),
        today=date.fromisoformat(meta["today"]),
        path=path,
        extra=extra,
    )


def _mapped(file: Path) -> np.ndarray:
    """The array of an .npy file, mapped read-only. A plain ndarray view of the memmap:
    the same pages, without the subclass's cost on every element read (10× on a hub)."""
    mapped: np.ndarray = np.load(file, mmap_mode="r", allow_pickle=False)
    return mapped.view(np.ndarray)


def _published(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.name.startswith(PREFIX) and p.is_dir())


def latest_snapshot(folder: Path) -> Path | None:
    """The newest published snapshot (highest revision, then latest day), if any."""
    found = _published(folder)
    return found[-1] if found else None


def prune_snapshots(folder: Path, *, keep: int = 2) -> list[Path]:
    """Delete all but the `keep` newest snapshots (mapped files stay readable to the
    processes that mapped them until they let go); what was deleted."""
    old = _published(folder)[:-keep] if keep > 0 else _published(folder)
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    return old
