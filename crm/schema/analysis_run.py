"""Background analysis runs: `runAnalysis`, `analysisRuns` and `analysisProgress`."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from crm.resolvers import analysis_run as resolver
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.mutation import ERRORS, attempt
from crm.schema.values import from_attributes


@strawberry.type(
    description="One background computation of the whole-network metrics (the rankings)."
)
class AnalysisRunProgress:
    id: int = strawberry.field(description="The run's number, for `analysisProgress(run:)`.")
    state: str = strawberry.field(
        description="queued, running, done, skipped (nothing changed since the last run), "
        "failed, merged (into a run already queued) or abandoned (its worker stopped)."
    )
    reason: str = strawberry.field(
        description="revision (the network changed), day (a new day moved every recency "
        "factor), manual (runAnalysis) or command (crm analyze)."
    )
    step: str | None = strawberry.field(description="The step under way.")
    steps_done: int = strawberry.field(description="Steps finished so far.")
    steps_total: int = strawberry.field(description="Steps the run will take.")
    graph_revision: int | None = strawberry.field(description="The revision it computes from.")
    created_at: datetime = strawberry.field(description="When it was queued (UTC).")
    started_at: datetime | None = strawberry.field(
        description="When a worker took it up (UTC); null while queued."
    )
    finished_at: datetime | None = strawberry.field(
        description="When it ended (UTC); null while queued or running."
    )
    recomputed_steps: list[str] = strawberry.field(
        description="The steps whose inputs had changed (the others kept their values)."
    )
    error: str | None = strawberry.field(
        description="Why it failed; null unless the state is failed."
    )

    @classmethod
    def of(cls, run: resolver.RunInfo) -> AnalysisRunProgress:
        return from_attributes(cls, run, recomputed_steps=list(run.recomputed))


@strawberry.type(
    description="The run queued (or the one already queued it was merged into), or `errors`."
)
class RunAnalysisPayload:
    run: AnalysisRunProgress | None = strawberry.field(
        description="The run; follow it with `analysisProgress`."
    )
    errors: list[UserError] = strawberry.field(description=ERRORS)


@strawberry.type
class AnalysisRunQuery:
    @strawberry.field(description="The latest background analysis runs, newest first.")
    async def analysis_runs(
        self,
        info: Info,
        first: Annotated[
            int, strawberry.argument(description="How many, 1 to the server's page maximum.")
        ] = 10,
    ) -> list[AnalysisRunProgress]:
        return [
            AnalysisRunProgress.of(r) for r in await resolver.latest_runs(info.context, first=first)
        ]


@strawberry.type
class AnalysisRunMutation:
    @strawberry.mutation(
        description="Recompute the rankings now in the background (administrators and "
        "analysts), without waiting for the network to be quiet; `force` recomputes every "
        "step, otherwise only those whose inputs changed. Follow it with analysisProgress."
    )
    async def run_analysis(
        self,
        info: Info,
        force: Annotated[
            bool,
            strawberry.argument(
                description="Recompute every step, not only those whose inputs changed."
            ),
        ] = False,
    ) -> RunAnalysisPayload:
        run, errors = await attempt(resolver.run_analysis(info.context, force=force))
        return RunAnalysisPayload(
            run=AnalysisRunProgress.of(run) if run is not None else None, errors=errors
        )


@strawberry.type
class AnalysisRunSubscription:
    @strawberry.subscription(
        description="A background analysis run as it moves (the latest when `run` is left "
        "out), until it is finished."
    )
    async def analysis_progress(
        self,
        info: Info,
        run: Annotated[
            int | None, strawberry.argument(description="The run's `id`; none: the latest run.")
        ] = None,
    ) -> AsyncGenerator[AnalysisRunProgress, None]:
        async for found in resolver.follow_run(info.context, run):
            yield AnalysisRunProgress.of(found)
