"""The background analysis: recompute the whole-network metrics when the network changed.

One run reads the network into columns, weighs it into the compact graph and publishes
it as the machine's snapshot (every worker process maps it), then computes the metrics
on the arrays (crm.graph.compact_metrics) and stores them. Each step's fingerprint (what
it reads) is kept with the run; a step whose fingerprint is the previous run's is not
recomputed, so a renamed person costs a snapshot and no metric. Progress is written to
the run's row as it goes (`analysisProgress` reads it), in short transactions of its own.

The job queue, its locks and its schedule are procrastinate's (crm.network.jobs); this
module is what a job does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.metric_swap import swap_in
from crm.db.queries.common import table_of
from crm.db.revision import current_revision
from crm.db.types import utcnow
from crm.graph.columns import NetworkColumns
from crm.graph.compact import NODE_TYPES, CompactGraph
from crm.graph.compact_build import build_compact
from crm.graph.compact_metrics import (
    BOUND_CONFIDENCE,
    STEP_METRICS,
    betweenness_error,
    compact_metrics,
    sample_size,
    step_fingerprints,
)
from crm.graph.snapshot import prune_snapshots, write_snapshot
from crm.network.catch_up import pair_index_arrays
from crm.network.columns_source import RowIndex, load_columns
from crm.network.source import withdrawn_people

__all__ = ["RUN_STEPS", "RunOutcome", "create_run", "last_finished", "recompute"]

#: every step a run reports, in order
RUN_STEPS: Final = ("load", "build", "snapshot", *STEP_METRICS, "store")

run_table = table_of(models.AnalysisRun)
metric_table = table_of(models.ComputedMetric)


@dataclass(frozen=True, slots=True)
class RunOutcome:
    run_id: int
    state: str
    graph_revision: int | None
    recomputed: tuple[str, ...]
    seconds: dict[str, float]
    nodes: int
    edges: int


async def create_run(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    reason: str,
    requested_by: int | None = None,
) -> int:
    """A queued run's row (what `runAnalysis` and the watcher hand to the queue)."""
    async with session_factory() as session, session.begin():
        result = await session.execute(
            insert(run_table)
            .returning(run_table.c.id)
            .values(
                state="queued",
                reason=reason,
                requested_by_id=requested_by,
                created_at=utcnow(),
                steps_done=0,
                steps_total=len(RUN_STEPS),
                steps={},
            )
        )
        return int(result.scalar_one())


async def last_finished(session: AsyncSession) -> Any:
    """The latest run that finished (done or skipped), or None."""
    statement = (
        select(run_table)
        .where(run_table.c.state.in_(["done", "skipped"]))
        .order_by(run_table.c.id.desc())
        .limit(1)
    )
    return (await session.execute(statement)).first()


async def _progress(
    session_factory: async_sessionmaker[AsyncSession], run_id: int, **values: Any
) -> None:
    async with session_factory() as session, session.begin():
        await session.execute(update(run_table).where(run_table.c.id == run_id).values(**values))


async def recompute(
    session_factory: async_sessionmaker[AsyncSession],
    folder: Path,
    *,
    run_id: int,
    today: date,
    force: bool = False,
    exclude_withdrawn: bool = True,
    seed: int = 42,
    sample: int | None = None,
    helper: Executor | None = None,
) -> RunOutcome:
    """Run `run_id`: skip it when the revision and day are those of the last run (unless
    `force`), else rebuild the snapshot and recompute the steps whose inputs changed
    (with a `helper` process, the betweenness split with it: crm.graph.compact_metrics)."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    await _progress(session_factory, run_id, state="running", started_at=utcnow(), step="load")
    try:
        loaded = await _load(session_factory, run_id, today, force, exclude_withdrawn)
        if isinstance(loaded, RunOutcome):
            return loaded
        revision, previous, columns, rows, exclude = loaded
        seconds["load"] = time.perf_counter() - started
        await _progress(
            session_factory, run_id, step="build", steps_done=1, graph_revision=revision
        )

        started = time.perf_counter()
        graph = await asyncio.to_thread(build_compact, columns, today=today, exclude=exclude)
        seconds["build"] = time.perf_counter() - started
        await _progress(session_factory, run_id, step="snapshot", steps_done=2)

        started = time.perf_counter()
        snapshot = await asyncio.to_thread(
            _publish, folder, graph, columns, rows, exclude, revision=revision, today=today
        )
        del columns, rows
        seconds["snapshot"] = time.perf_counter() - started

        fingerprints = step_fingerprints(graph, seed=seed, sample=sample)
        before = previous.steps.get("fingerprints", {}) if previous is not None else {}
        todo = [s for s in STEP_METRICS if force or before.get(s) != fingerprints[s]]
        values = await _compute(
            session_factory, run_id, graph, todo, seed, sample, seconds, snapshot, helper
        )

        started = time.perf_counter()
        await _progress(session_factory, run_id, step="store", steps_done=len(RUN_STEPS) - 1)
        async with session_factory() as session, session.begin():
            await _store(session, graph, values, revision)
        seconds["store"] = time.perf_counter() - started
        summary = {
            "day": today.isoformat(),
            "fingerprints": fingerprints,
            "seconds": seconds,
            "recomputed": todo,
            "nodes": graph.node_count,
            "edges": graph.edge_count,
            "betweenness": _sampling(graph, sample),
        }
        await _progress(
            session_factory,
            run_id,
            state="done",
            step=None,
            steps_done=len(RUN_STEPS),
            finished_at=utcnow(),
            steps=summary,
        )
        return RunOutcome(
            run_id, "done", revision, tuple(todo), seconds, graph.node_count, graph.edge_count
        )
    except Exception as exc:
        await _progress(
            session_factory, run_id, state="failed", finished_at=utcnow(), error=repr(exc)[:2000]
        )
        raise


def _sampling(graph: CompactGraph, sample: int | None) -> dict[str, Any]:
    """How betweenness is sampled on this graph, and the bound on its error."""
    k = sample_size(graph.node_count, graph.edge_count, sample)
    return {
        "sources": graph.node_count if k is None else k,
        "exact": k is None,
        "error_bound": betweenness_error(graph.node_count, k),
        "confidence": BOUND_CONFIDENCE,
    }


async def _load(
    session_factory: async_sessionmaker[AsyncSession],
    run_id: int,
    today: date,
    force: bool,
    exclude_withdrawn: bool,
) -> RunOutcome | tuple[int, Any, NetworkColumns, RowIndex, set[str]]:
    """The network's columns at the current revision, with the last finished run and
    the people left out; or, when nothing changed since that run (the same revision on
    the same day, and not `force`), the run marked skipped."""
    async with session_factory() as session, session.begin():
        revision = await current_revision(session)
        previous = await last_finished(session)
        same_day = previous is not None and previous.steps.get("day") == today.isoformat()
        if not force and same_day and previous.graph_revision == revision:
            await session.execute(
                update(run_table)
                .where(run_table.c.id == run_id)
                .values(state="skipped", graph_revision=revision, finished_at=utcnow())
            )
            return RunOutcome(run_id, "skipped", revision, (), {}, 0, 0)
        columns, rows = await load_columns(session)
        exclude = await withdrawn_people(session) if exclude_withdrawn else set()
    return revision, previous, columns, rows, exclude


def _publish(
    folder: Path,
    graph: CompactGraph,
    columns: NetworkColumns,
    rows: RowIndex,
    exclude: set[str],
    *,
    revision: int,
    today: date,
) -> Path:
    """Write the run's snapshot (with the pair index and the people left out) and keep
    the two newest."""
    extra = pair_index_arrays(columns, rows, graph)
    extra["excluded"] = np.array(sorted(int(k.partition(":")[2]) for k in exclude), dtype=np.int64)
    path = write_snapshot(folder, graph, revision=revision, today=today, extra=extra)
    prune_snapshots(folder, keep=2)
    return path


async def _compute(
    session_factory: async_sessionmaker[AsyncSession],
    run_id: int,
    graph: CompactGraph,
    todo: list[str],
    seed: int,
    sample: int | None,
    seconds: dict[str, float],
    snapshot: Path,
    helper: Executor | None = None,
) -> dict[str, np.ndarray]:
    """The metrics of `todo` on a thread; each finished step is written as progress."""
    loop = asyncio.get_running_loop()
    finished: asyncio.Queue[tuple[str, float]] = asyncio.Queue()

    def on_step(name: str, took: float) -> None:
        loop.call_soon_threadsafe(finished.put_nowait, (name, took))

    computing = asyncio.create_task(
        asyncio.to_thread(
            compact_metrics,
            graph,
            steps=todo,
            seed=seed,
            sample=sample,
            on_step=on_step,
            snapshot=snapshot,
            helper=helper,
        )
    )
    for name in STEP_METRICS:
        if name not in todo:
            continue
        await _progress(session_factory, run_id, step=name)
        done, took = await finished.get()
        seconds[done] = took
        await _progress(session_factory, run_id, steps_done=3 + list(STEP_METRICS).index(done) + 1)
    return await computing


def _metric_rows(
    graph: CompactGraph, values: dict[str, np.ndarray], revision: int, at: datetime
) -> Iterator[dict[str, Any]]:
    types = [t.lower() for t in NODE_TYPES]
    codes, ids = graph.types.tolist(), graph.ids.tolist()
    for name, array in values.items():
        for i in np.flatnonzero(~np.isnan(array)).tolist():
            yield {
                "node_type": types[codes[i]],
                "node_id": ids[i],
                "metric": name,
                "value": float(array[i]),
                "graph_revision": revision,
                "computed_at": at,
            }


async def _store(
    session: AsyncSession, graph: CompactGraph, values: dict[str, np.ndarray], revision: int
) -> int:
    """Replace the stored values of the recomputed metrics (the others stay, still true):
    on PostgreSQL into a new table swapped in whole (crm.db.metric_swap), on SQLite by
    DELETE and INSERT in the session's transaction."""
    if not values:
        return 0
    at = utcnow()
    if (await session.connection()).dialect.name == "postgresql":

        async def load(statement: str) -> int:
            return await _copy_metrics(session, statement, graph, values, revision, at)

        return await swap_in(session, load, replaced=list(values))
    await session.execute(delete(metric_table).where(metric_table.c.metric.in_(list(values))))
    return await _insert_metrics(session, graph, values, revision, at)


async def _insert_metrics(
    session: AsyncSession,
    graph: CompactGraph,
    values: dict[str, np.ndarray],
    revision: int,
    at: datetime,
) -> int:
    """The values as INSERTs of 10,000 rows (SQLite)."""
    stored, batch = 0, []
    for row in _metric_rows(graph, values, revision, at):
        batch.append(row)
        if len(batch) == 10_000:
            await session.execute(insert(metric_table), batch)
            stored, batch = stored + len(batch), []
    if batch:
        await session.execute(insert(metric_table), batch)
        stored += len(batch)
    return stored


#: rows per COPY write (a few MB of text)
_COPY_ROWS: Final = 100_000


async def _copy_metrics(
    session: AsyncSession,
    statement: str,
    graph: CompactGraph,
    values: dict[str, np.ndarray],
    revision: int,
    at: datetime,
) -> int:
    """The values as COPY text through `statement` (COPY … FROM STDIN of the columns
    crm.db.metric_swap.COLUMNS), written in blocks of _COPY_ROWS rows: a row by
    `write_row` cost microseconds each, seconds for the millions of a 1M-people run."""
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    names = np.array([t.lower() for t in NODE_TYPES], dtype=object)
    end = f"\t{revision}\t{at.isoformat()}\n"
    stored = 0
    async with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for metric, array in values.items():
            middle = f"\t{metric}\t"
            present = np.flatnonzero(~np.isnan(array))
            for start in range(0, len(present), _COPY_ROWS):
                part = present[start : start + _COPY_ROWS]
                await copy.write(
                    "".join(
                        f"{kind}\t{key}{middle}{value!r}{end}"
                        for kind, key, value in zip(
                            names[graph.types[part]].tolist(),
                            graph.ids[part].tolist(),
                            array[part].tolist(),
                            strict=True,
                        )
                    )
                )
                stored += len(part)
    return stored
