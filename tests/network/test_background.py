"""The analysis keeps itself current: after writes the background worker recomputes the
rankings (debounced, only the steps whose inputs changed), and does nothing when nothing
changed; runAnalysis and analysisProgress for administrators and analysts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.app import create_app
from crm.db import models
from crm.db.enums import RelationshipKind, UserRole
from crm.graph.snapshot import latest_snapshot, load_snapshot
from crm.network.jobs import QUEUE, AnalysisJobs, analysis_due
from crm.resolvers.context import Context
from crm.schema.schema import schema
from crm.security.viewer import Viewer
from crm.seed.synthetic import seed_synthetic
from crm.settings import Settings
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.conftest import _empty_tables


@pytest.fixture
async def network(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    await _empty_tables(session_factory)
    await seed_synthetic(session_factory, people=120, seed=5)
    yield
    await _empty_tables(session_factory)


@pytest.fixture
async def jobs(settings: Settings, tmp_path: Path) -> AsyncIterator[AnalysisJobs]:
    quick = settings.model_copy(
        update={"graph_snapshots": tmp_path / "graph", "analysis_debounce_seconds": 0.0}
    )
    jobs = AnalysisJobs.create(quick)
    async with jobs.app.open_async():
        await jobs.prepare()
        if not quick.is_sqlite:
            # start from an empty queue: runs queued by earlier tests of the session's
            # database (runAnalysis asked by the API's tests) are not this test's
            await jobs.app.connector.execute_query_async(
                "DELETE FROM procrastinate_jobs WHERE queue_name = %(queue)s", queue=QUEUE
            )
        yield jobs
    await jobs.close()


async def _work(jobs: AnalysisJobs) -> None:
    """Run whatever is queued, then stop (what `crm worker --once` does)."""
    await jobs.app.run_worker_async(queues=[QUEUE], wait=False, install_signal_handlers=False)


async def _runs(session_factory: async_sessionmaker[AsyncSession]) -> list[models.AnalysisRun]:
    async with session_factory() as session:
        found = await session.execute(select(models.AnalysisRun).order_by(models.AnalysisRun.id))  # type: ignore[arg-type]
        return list(found.scalars())


async def _metrics(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    m = models.ComputedMetric
    async with session_factory() as session:
        rows = await session.execute(select(m.metric, func.count()).group_by(m.metric))
        return {name: n for name, n in rows.all()}


@pytest.mark.usefixtures("network")
async def test_a_run_follows_writes_and_nothing_runs_when_nothing_changed(
    jobs: AnalysisJobs, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    # the loaded network has never been analysed: a run is due, and it computes it all
    assert await jobs.queue_if_due() is not None
    await _work(jobs)
    (first,) = await _runs(session_factory)
    assert first.state == "done", first.error
    assert set(first.steps["recomputed"]) == {
        "pagerank",
        "eigenvector",
        "degree",
        "betweenness",
        "structural holes",
        "communities",
    }
    sampling = first.steps["betweenness"]
    assert sampling["sources"] >= 2
    assert sampling["confidence"] == 0.9
    # exact on a network this small (no error), sampled with its bound above 2,000 nodes
    assert sampling["exact"] == (sampling["error_bound"] == 0.0)
    stored = await _metrics(session_factory)
    assert stored["pagerank"] > 100
    assert stored["community"] == stored["pagerank"]
    snapshot = latest_snapshot(jobs.settings.snapshot_folder)
    assert snapshot is not None
    assert load_snapshot(snapshot).revision == first.graph_revision

    # nothing changed: nothing is due, nothing runs
    assert await jobs.queue_if_due() is None
    await _work(jobs)
    assert len(await _runs(session_factory)) == 1

    # a new tie changes every weight: the next run recomputes every step
    async with session_factory() as session, session.begin():
        a, b = (await session.execute(select(models.Person.id).limit(2))).scalars().all()
        session.add(models.Relationship(person_a_id=a, person_b_id=b, kind=RelationshipKind.FAMILY))
    assert await jobs.queue_if_due() is not None
    await _work(jobs)
    second = (await _runs(session_factory))[-1]
    assert second.state == "done", second.error
    assert second.graph_revision is not None
    assert first.graph_revision is not None
    assert second.graph_revision > first.graph_revision
    assert len(second.steps["recomputed"]) == 6

    # a renamed person changes no metric's input: the run recomputes nothing
    async with session_factory() as session, session.begin():
        person = await session.get(models.Person, a)
        assert person is not None
        person.name = "改了名字"
    assert await jobs.queue_if_due() is not None
    await _work(jobs)
    third = (await _runs(session_factory))[-1]
    assert third.state == "done", third.error
    assert third.steps["recomputed"] == []
    assert third.graph_revision == second.graph_revision + 1  # type: ignore[operator]
    assert await _metrics(session_factory) == stored


@pytest.mark.usefixtures("network")
async def test_runs_wait_for_the_network_to_be_quiet_but_not_forever(
    jobs: AnalysisJobs, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await jobs.queue_if_due()
    await _work(jobs)
    async with session_factory() as session, session.begin():
        a, b = (await session.execute(select(models.Person.id).limit(2))).scalars().all()
        session.add(models.Relationship(person_a_id=a, person_b_id=b, kind=RelationshipKind.MENTOR))
    now = datetime.now(UTC)
    async with session_factory() as session:

        async def due(at: datetime) -> str | None:
            return await analysis_due(session, today=date.today(), debounce=10, max_wait=60, now=at)

        assert await due(now) is None  # a write just now: wait for quiet
        assert await due(now + timedelta(seconds=11)) == "revision"
    # a run already queued answers for the changes
    await jobs.queue(reason="revision")
    async with session_factory() as session:
        assert await analysis_due(session, today=date.today(), debounce=0, max_wait=60) is None


async def _subscribe(context: Context, run: int) -> list[dict[str, Any]]:
    events = await schema.subscribe(
        "subscription($run: Int) { analysisProgress(run: $run) { id state stepsDone "
        "stepsTotal recomputedSteps } }",
        variable_values={"run": run},
        context_value=context,
    )
    found = []
    async for event in events:  # type: ignore[union-attr]
        assert event.errors is None, event.errors
        found.append(event.data["analysisProgress"])  # type: ignore[index]
    return found


@pytest.mark.usefixtures("network")
async def test_run_analysis_for_analysts_with_its_progress_and_fresh_rankings(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    serving = settings.model_copy(
        update={
            "graph_snapshots": tmp_path / "graph",
            "analysis_worker": "in-process",
            "analysis_watch_seconds": 59,
        }
    )
    app = create_app(serving)
    async with app.router.lifespan_context(app):
        _, liaison = await make_user(session_factory, UserRole.LIAISON)
        analyst_id, analyst = await make_user(session_factory, UserRole.ANALYST)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as http:
            as_analyst = GraphQLClient(http, analyst)
            refused = await GraphQLClient(http, liaison)(
                "mutation { runAnalysis { run { id } errors { code } } }"
            )
            assert refused["runAnalysis"]["errors"][0]["code"] == "FORBIDDEN"
            started = await as_analyst.mutate(
                "mutation { runAnalysis(force: true) { run { id state } errors { code } } }"
            )
            run_id = started["run"]["id"]
            context = Context(
                settings=serving,
                session_factory=session_factory,
                viewer=Viewer(user_id=analyst_id, username="analyst", role=UserRole.ANALYST),
            )
            progress = await _subscribe(context, run_id)
            assert progress[-1]["state"] == "done"
            assert progress[-1]["stepsDone"] == progress[-1]["stepsTotal"]
            assert len(progress[-1]["recomputedSteps"]) == 6
            ranking = await as_analyst(
                "{ influencers(first: 3) { analysis { stale updating ageSeconds "
                "metricsRevision currentRevision } items { score } } }"
            )
            analysis = ranking["influencers"]["analysis"]
            assert analysis["stale"] is False
            assert analysis["updating"] is False
            assert 0 <= analysis["ageSeconds"] < 120
            assert len(ranking["influencers"]["items"]) == 3
