"""Background analysis runs: start one now (`runAnalysis`), follow its progress, list them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from graphql import GraphQLError
from sqlalchemy import select

from crm.db import models
from crm.db.queries.common import table_of
from crm.errors import UserErrorCode, UserErrors
from crm.network.background import RUN_STEPS
from crm.resolvers.context import Context

__all__ = ["RunInfo", "follow_run", "latest_runs", "run_analysis"]

#: how often a progress subscription looks at its run, seconds
POLL_SECONDS: Final = 0.5
#: states after which a run changes no more
FINAL: Final = frozenset({"done", "skipped", "failed", "merged", "abandoned"})
run_table = table_of(models.AnalysisRun)


@dataclass(frozen=True, slots=True)
class RunInfo:
    id: int
    state: str
    reason: str
    step: str | None
    steps_done: int
    steps_total: int
    graph_revision: int | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    recomputed: tuple[str, ...]
    error: str | None


def _info(row: Any) -> RunInfo:
    steps = row.steps or {}
    return RunInfo(
        id=row.id,
        state=row.state,
        reason=row.reason,
        step=row.step,
        steps_done=row.steps_done,
        steps_total=row.steps_total,
        graph_revision=row.graph_revision,
        created_at=row.created_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        recomputed=tuple(steps.get("recomputed", ())),
        error=row.error,
    )


async def _run(context: Context, run_id: int) -> RunInfo | None:
    async with context.db() as session:
        row = (await session.execute(select(run_table).where(run_table.c.id == run_id))).first()
    return _info(row) if row is not None else None


async def run_analysis(context: Context, *, force: bool) -> RunInfo:
    """Queue a background analysis now (not waiting for the network to be quiet); with
    `force` every step is recomputed, else those whose inputs changed. A run already
    waiting absorbs this one."""
    viewer = context.signed_in
    if not viewer.may_run_analysis:
        raise UserErrors.one(
            UserErrorCode.FORBIDDEN, "only administrators and analysts run the analysis"
        )
    service = context.analysis
    if service is None:
        raise RuntimeError("the request context has no analysis queue")
    if not service.runs_here:
        raise UserErrors.one(
            UserErrorCode.CONFLICT,
            "the analysis runs in another server process of this machine, and on SQLite "
            "each process keeps its own queue: ask again (it reaches another process), or "
            "serve several processes from PostgreSQL",
        )
    async with context.db() as session, session.begin():
        row = models.AnalysisRun(
            state="queued",
            reason="manual",
            requested_by_id=viewer.user_id,
            steps_total=len(RUN_STEPS),
        )
        session.add(row)
        await session.flush()
        assert row.id is not None
        run_id = row.id
    chosen = await service.request(run_id, force=force)
    found = await _run(context, chosen)
    assert found is not None
    return found


async def follow_run(context: Context, run_id: int | None) -> AsyncIterator[RunInfo]:
    """The run's state each time it changes, until it is finished (the latest run when
    `run_id` is None)."""
    if run_id is None:
        latest = await latest_runs(context, first=1)
        if not latest:
            raise GraphQLError("no analysis has run yet", extensions={"code": "NOT_FOUND"})
        run_id = latest[0].id
    last: RunInfo | None = None
    while True:
        found = await _run(context, run_id)
        if found is None:
            raise GraphQLError(f"no analysis run {run_id}", extensions={"code": "NOT_FOUND"})
        if found != last:
            yield found
            last = found
        if found.state in FINAL:
            return
        await asyncio.sleep(POLL_SECONDS)


async def latest_runs(context: Context, *, first: int) -> list[RunInfo]:
    if not 1 <= first <= context.settings.max_page_size:
        raise GraphQLError(
            f"`first` must be between 1 and {context.settings.max_page_size}",
            extensions={"code": "BAD_USER_INPUT"},
        )
    async with context.db() as session:
        rows = await session.execute(select(run_table).order_by(run_table.c.id.desc()).limit(first))
    return [_info(r) for r in rows]
