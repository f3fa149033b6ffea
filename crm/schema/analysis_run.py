"""The analysis behind the rankings (`AnalysisRun`: when, at which revision, whether it
is stale) and its background runs: `runAnalysis`, `analysisRuns` and `analysisProgress`."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Annotated

import strawberry

from crm.resolvers import analysis
from crm.resolvers import analysis_run as resolver
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.mutation import ERRORS, attempt
from crm.schema.values import from_attributes


@strawberry.type(description="When the rankings were computed, and whether the network changed.")
class AnalysisRun:
    computed_at: datetime | None = described(
        "When the metrics were last computed, by the background worker or "
        "`crm analyze` (null: never; the rankings are empty)."
    )
    metrics_revision: int | None = described("The graph revision the metrics were computed from.")
    current_revision: int = described(
        "The graph revision now; it moves with every change to a link."
    )
    stale: bool = described("The network changed since the metrics were computed.")
    updating: bool = described(
        "A background analysis is queued or running: fresher rankings are "
        "on their way (`analysisProgress` follows it)."
    )

    @strawberry.field(description="Seconds since the metrics were computed (null: never).")
    def age_seconds(self) -> float | None:
        if self.computed_at is None:
            return None
        return max(0.0, (datetime.now(UTC) - self.computed_at).total_seconds())

    @classmethod
    def of(cls, run: analysis.AnalysisRun) -> AnalysisRun:
        return from_attributes(cls, run)


@strawberry.type(
    description="One background computation of the whole-network metrics (the rankings)."
)
class AnalysisRunProgress:
    id: int = described("The run's number, for `analysisProgress(run:)`.")
    state: str = described(
        "queued, running, done, skipped (nothing changed since the last run), "
        "failed, merged (into a run already queued) or abandoned (its worker stopped)."
    )
    reason: str = described(
        "revision (the network changed), day (a new day moved every recency "
        "factor), manual (runAnalysis) or command (crm analyze)."
    )
    step: str | None = described("The step under way.")
    steps_done: int = described("Steps finished so far.")
    steps_total: int = described("Steps the run will take.")
    graph_revision: int | None = described("The revision it computes from.")
    created_at: datetime = described("When it was queued (UTC).")
    started_at: datetime | None = described("When a worker took it up (UTC); null while queued.")
    finished_at: datetime | None = described("When it ended (UTC); null while queued or running.")
    recomputed_steps: list[str] = described(
        "The steps whose inputs had changed (the others kept their values)."
    )
    error: str | None = described(
        "Why it failed or was abandoned; null while queued or running, and when done."
    )

    @classmethod
    def of(cls, run: resolver.RunInfo) -> AnalysisRunProgress:
        return from_attributes(cls, run, recomputed_steps=list(run.recomputed))


@strawberry.type(
    description="The run queued (or the one already queued it was merged into), or `errors`."
)
class RunAnalysisPayload:
    run: AnalysisRunProgress | None = described("The run; follow it with `analysisProgress`.")
    errors: list[UserError] = described(ERRORS)


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
