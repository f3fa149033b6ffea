"""The machine's compact graph: built from the database like the reference graph, mapped
from a snapshot, and caught up on the change log to exactly what a rebuild gives."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.app import create_app
from crm.db import models
from crm.db.enums import (
    AffiliationRole,
    AgreementKind,
    AttendanceRole,
    InteractionKind,
    OrganizationKind,
    RelationshipKind,
    UserRole,
)
from crm.graph.compact import KINDS
from crm.graph.compact_build import build_compact
from crm.graph.live import LiveGraph
from crm.graph.live_paths import live_paths
from crm.graph.paths import introduction_paths
from crm.graph.snapshot import latest_snapshot, load_snapshot
from crm.network import catch_up
from crm.network.columns_source import load_columns
from crm.network.evidence import paths_with_evidence
from crm.network.live_cache import LiveGraphCache
from crm.network.source import load_graph
from crm.seed.synthetic import TODAY, seed_synthetic
from crm.settings import Settings
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.conftest import _empty_tables
from tests.graph.test_compact import assert_same

Edges = dict[tuple[str, str], tuple[float, str]]


def gid(type_name: str, key: int) -> str:
    return str(relay.GlobalID(type_name, str(key)))


@pytest.fixture
async def seeded(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    await _empty_tables(session_factory)
    await seed_synthetic(session_factory, people=150, seed=3)
    yield
    await _empty_tables(session_factory)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[LiveGraphCache]:
    cache = LiveGraphCache(tmp_path / "graph", today=lambda: TODAY)
    yield cache
    cache.close()


def live_state(graph: LiveGraph) -> tuple[Edges, dict[str, str], dict[str, int]]:
    edges: Edges = {}
    labels, sizes = {}, {}
    for u in graph.nodes():
        key = graph.key(u)
        labels[key] = graph.label(u)
        if not key.startswith("Person:"):
            sizes[key] = graph.size(u)
        for v, edge in graph.row(u).items():
            other = graph.key(v)
            if key < other:
                edges[key, other] = (edge.strength, KINDS[edge.kind])
    return edges, labels, sizes


State = tuple[Edges, dict[str, str], dict[str, int]]


def assert_same_state(mine: State, fresh: State) -> None:
    """The same nodes, labels, sizes and edges, each edge of the same kind and of the same
    strength to a relative 1e-9 (an edge rescaled in memory may differ in the last bits)."""
    assert mine[1:] == fresh[1:]
    assert mine[0].keys() == fresh[0].keys()
    for pair, (strength, kind) in fresh[0].items():
        assert mine[0][pair] == (pytest.approx(strength, rel=1e-9, abs=0), kind), pair


async def fresh_state(session_factory: async_sessionmaker[AsyncSession]) -> State:
    async with session_factory() as session, session.begin():
        columns, _ = await load_columns(session)
    return live_state(LiveGraph(build_compact(columns, today=TODAY)))


@pytest.mark.usefixtures("seeded")
async def test_the_compact_graph_of_the_database_is_the_reference_graph(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session, session.begin():
        reference = await load_graph(session, today=TODAY)
        columns, _ = await load_columns(session)
    assert reference.number_of_edges() > 500
    assert_same(build_compact(columns, today=TODAY), reference)


@pytest.mark.usefixtures("seeded")
async def test_first_use_builds_a_snapshot_that_a_second_process_maps(
    cache: LiveGraphCache, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    graph = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "rebuild"
    path = latest_snapshot(cache.folder)
    assert path is not None
    # round trip: the mapped file is the graph a rebuild gives
    assert live_state(LiveGraph(load_snapshot(path).graph)) == await fresh_state(session_factory)
    other = LiveGraphCache(cache.folder, today=lambda: TODAY)
    try:
        mapped = await other.current(session_factory)
        assert other.last is not None
        assert other.last.kind == "mapped"
        assert live_state(mapped) == live_state(graph)
        await other.current(session_factory)
        assert other.last.kind == "hit"
    finally:
        other.close()


async def _change(session: AsyncSession, rng: random.Random, action: str) -> None:
    people = (await session.execute(select(models.Person.id))).scalars().all()
    orgs = (await session.execute(select(models.Organization.id))).scalars().all()
    a, b = sorted(rng.sample(list(people), 2))
    if action == "relationship":
        kind = rng.choice([RelationshipKind.FRIEND, RelationshipKind.COLLEAGUE])
        session.add(
            models.Relationship(
                person_a_id=a, person_b_id=b, kind=kind, strength=rng.choice([None, 0.3, 0.9])
            )
        )
    elif action == "drop relationship":
        rows = (await session.execute(select(models.Relationship))).scalars().all()
        await session.delete(rng.choice(list(rows)))
    elif action == "strength":
        rows = (await session.execute(select(models.Relationship))).scalars().all()
        rng.choice(list(rows)).strength = rng.choice([0.1, 0.5, 1.0])
    elif action == "alumnus":
        session.add(
            models.Affiliation(
                person_id=a,
                organization_id=rng.choice(list(orgs)),
                role=AffiliationRole.ALUMNUS,
                starts_on=date(rng.randint(2000, 2012), 9, 1),
                field_of_study=rng.choice(["AI", "law", None]),
            )
        )
    elif action == "member":
        session.add(
            models.Affiliation(
                person_id=a,
                organization_id=rng.choice(list(orgs)),
                role=rng.choice([AffiliationRole.MEMBER, AffiliationRole.OFFICER]),
                starts_on=date(rng.randint(1990, 2024), 1, 1),
            )
        )
    elif action == "drop affiliation":
        rows = (await session.execute(select(models.Affiliation))).scalars().all()
        await session.delete(rng.choice(list(rows)))
    elif action in STUDY_ACTIONS:
        await _change_study(session, rng, action, a)
    elif action == "rename":
        person = await session.get(models.Person, a)
        assert person is not None
        person.name = f"改名{rng.randrange(1000)}"
    elif action == "drop person":
        person = await session.get(models.Person, a)
        await session.delete(person)
    elif action == "new person":
        person = models.Person(name=f"新人{rng.randrange(1000)}")
        session.add(person)
        await session.flush()
        session.add(
            models.Relationship(person_a_id=a, person_b_id=person.id, kind=RelationshipKind.FRIEND)
        )
    elif action == "meeting":
        meeting = models.Interaction(
            kind=InteractionKind.MEETING,
            occurred_at=datetime(2025, rng.randint(1, 5), 1, tzinfo=UTC),
            summary="met",
        )
        session.add(meeting)
        await session.flush()
        for p in (a, b):
            session.add(models.InteractionParticipant(interaction_id=meeting.id, person_id=p))
    elif action == "event date":
        event = (await session.execute(select(models.Event))).scalars().first()
        assert event is not None
        event.starts_on = date(rng.randint(2020, 2025), 3, 1)
    elif action == "attendance":
        event = (await session.execute(select(models.Event))).scalars().first()
        assert event is not None
        session.add(models.Attendance(person_id=a, event_id=event.id, role=AttendanceRole.GUEST))


async def _alumni(session: AsyncSession) -> list[models.Affiliation]:
    statement = select(models.Affiliation).where(
        models.Affiliation.role == AffiliationRole.ALUMNUS,
        models.Affiliation.starts_on.is_not(None),
    )
    return list((await session.execute(statement.order_by(models.Affiliation.id))).scalars())


async def _change_study(
    session: AsyncSession, rng: random.Random, action: str, person: int
) -> None:
    """Changes aimed at cohorts: into an existing field group, out of it, across it."""
    alumni = await _alumni(session)
    if not alumni:
        return  # every study dropped already
    study = rng.choice(alumni)
    if action == "classmate":  # a new alumnus overlapping an existing study
        assert study.starts_on is not None
        session.add(
            models.Affiliation(
                person_id=person,
                organization_id=study.organization_id,
                role=AffiliationRole.ALUMNUS,
                starts_on=study.starts_on + timedelta(days=rng.randint(-1200, 1200)),
                field_of_study=rng.choice(
                    [study.field_of_study, (study.field_of_study or "").upper()]
                ),
            )
        )
    elif action == "drop alumnus":
        await session.delete(study)
    elif action == "field":
        study.field_of_study = rng.choice([None, "AI", "law", (study.field_of_study or "").upper()])
    elif action == "period":
        assert study.starts_on is not None
        study.starts_on = study.starts_on + timedelta(days=rng.randint(-900, 900))
        study.ends_on = rng.choice([None, study.starts_on + timedelta(days=rng.randint(300, 2500))])
    elif action == "role":  # member ↔ alumnus, both ways
        rows = (await session.execute(select(models.Affiliation))).scalars().all()
        row = rng.choice([study, rng.choice(list(rows))])
        if row.role == AffiliationRole.ALUMNUS:
            row.role, row.field_of_study = AffiliationRole.MEMBER, None
        else:
            row.role = AffiliationRole.ALUMNUS
            row.starts_on = row.starts_on or date(rng.randint(2000, 2012), 9, 1)
            row.field_of_study = rng.choice([None, "AI", "law"])
    elif action == "big member":  # the organisation with most members
        counts = (
            await session.execute(
                select(models.Affiliation.organization_id, func.count())
                .group_by(models.Affiliation.organization_id)
                .order_by(func.count().desc(), models.Affiliation.organization_id)
            )
        ).first()
        assert counts is not None
        session.add(
            models.Affiliation(
                person_id=person,
                organization_id=counts[0],
                role=rng.choice([AffiliationRole.MEMBER, AffiliationRole.ALUMNUS]),
                starts_on=date(rng.randint(2000, 2012), 9, 1),
            )
        )
    elif action == "drop organization":
        await session.delete(await session.get(models.Organization, study.organization_id))


STUDY_ACTIONS = [
    "classmate",
    "drop alumnus",
    "field",
    "period",
    "role",
    "big member",
    "drop organization",
]
ACTIONS = [
    *STUDY_ACTIONS,
    "relationship",
    "drop relationship",
    "strength",
    "alumnus",
    "member",
    "drop affiliation",
    "rename",
    "drop person",
    "new person",
    "meeting",
    "event date",
    "attendance",
]


BATCHES = st.lists(
    st.lists(st.tuples(st.sampled_from(ACTIONS), st.integers(0, 10**6)), min_size=1, max_size=3),
    min_size=1,
    max_size=3,
)


async def _caught_up_equals_rebuild(
    cache: LiveGraphCache,
    session_factory: async_sessionmaker[AsyncSession],
    batches: list[list[tuple[str, int]]],
) -> None:
    await cache.current(session_factory)
    for batch in batches:
        for action, seed in batch:
            try:
                async with session_factory() as session, session.begin():
                    await _change(session, random.Random(seed), action)
            except IntegrityError:
                pass  # a duplicate the constraints refuse: nothing changed
        graph = await cache.current(session_factory)
        assert cache.last is not None
        assert cache.last.kind in ("incremental", "hit"), cache.last
        assert_same_state(live_state(graph), await fresh_state(session_factory))


@pytest.mark.usefixtures("seeded")
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=BATCHES)
async def test_a_mapped_snapshot_caught_up_on_the_change_log_equals_a_rebuild(
    cache: LiveGraphCache,
    session_factory: async_sessionmaker[AsyncSession],
    batches: list[list[tuple[str, int]]],
) -> None:
    await _caught_up_equals_rebuild(cache, session_factory, batches)


@pytest.mark.usefixtures("seeded")
@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batches=BATCHES)
async def test_a_snapshot_without_its_studies_is_caught_up_by_whole_organisations(
    cache: LiveGraphCache,
    session_factory: async_sessionmaker[AsyncSession],
    batches: list[list[tuple[str, int]]],
) -> None:
    # snapshots written before they kept the alumni studies: a changed row of the
    # snapshot re-weighs every cohort pair of its organisation
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(catch_up, "study_arrays", lambda alumni: {})
        await _caught_up_equals_rebuild(cache, session_factory, batches)
    snapshot = cache.snapshot
    assert snapshot is not None
    assert "study_row" not in snapshot.extra


async def _join(
    session_factory: async_sessionmaker[AsyncSession], organization: int, people: list[int]
) -> None:
    async with session_factory() as session, session.begin():
        for person in people:
            alumnus = person % 2 == 0
            session.add(
                models.Affiliation(
                    person_id=person,
                    organization_id=organization,
                    role=AffiliationRole.ALUMNUS if alumnus else AffiliationRole.MEMBER,
                    starts_on=date(2000 + person % 12, 9, 1),
                    field_of_study="AI" if alumnus else None,
                )
            )


@pytest.fixture
def reread(monkeypatch: pytest.MonkeyPatch) -> set[frozenset[str]]:
    """The pairs (node keys) the catch-up re-reads from the database."""
    pairs: set[frozenset[str]] = set()
    original = catch_up._reweigh_pairs

    async def spy(
        session: AsyncSession, live: LiveGraph, dirty: set[Any], *a: Any, **k: Any
    ) -> None:
        pairs.update(frozenset((live.key(u), live.key(v))) for u, v in dirty)
        await original(session, live, dirty, *a, **k)

    monkeypatch.setattr(catch_up, "_reweigh_pairs", spy)
    return pairs


async def _new_university(
    session_factory: async_sessionmaker[AsyncSession],
) -> tuple[int, list[int]]:
    async with session_factory() as session, session.begin():
        university = models.Organization(name="大学", kind=OrganizationKind.UNIVERSITY)
        session.add(university)
        await session.flush()
        people = list((await session.execute(select(models.Person.id))).scalars())
        return university.id, sorted(people)


async def _agreement(
    session_factory: async_sessionmaker[AsyncSession], organization: int, person: int
) -> None:
    async with session_factory() as session, session.begin():
        agreement = models.Agreement(title="合作协议", kind=AgreementKind.COOPERATION)
        session.add(agreement)
        await session.flush()
        session.add(models.AgreementParty(agreement_id=agreement.id, organization_id=organization))
        session.add(models.AgreementParty(agreement_id=agreement.id, person_id=person))


@pytest.mark.usefixtures("seeded")
async def test_a_large_hub_rescales_its_members_only_when_its_weighed_size_moves(
    cache: LiveGraphCache,
    session_factory: async_sessionmaker[AsyncSession],
    reread: set[frozenset[str]],
) -> None:
    hub, people = await _new_university(session_factory)
    await _join(session_factory, hub, people[:124])
    graph = await cache.current(session_factory)
    key = f"Organization:{hub}"
    assert graph.size(graph.index(key) or 0) == 124  # weighed as 120
    await _join(session_factory, hub, people[124:125])  # 125: still 120
    # a member who is also party to an agreement with the hub; a child organisation
    await _agreement(session_factory, hub, people[1])
    async with session_factory() as session, session.begin():
        session.add(
            models.Organization(name="附属学院", kind=OrganizationKind.UNIVERSITY, parent_id=hub)
        )
    graph = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "incremental"
    assert_same_state(live_state(graph), await fresh_state(session_factory))
    # the new member, the hub and the members of its cohort: not the hub's 124 members
    assert len(graph.rows) < 40, len(graph.rows)
    reread.clear()
    await _join(session_factory, hub, people[125:126])  # 126: weighed as 130
    graph = await cache.current(session_factory)
    assert cache.last.kind == "incremental"
    assert_same_state(live_state(graph), await fresh_state(session_factory))
    # members with the affiliation alone are rescaled in memory, their rows read scaled
    # (not copied); the others re-read
    assert graph.index(key) in graph.scaled
    assert len(graph.rows) < 124, len(graph.rows)
    assert frozenset((key, f"Person:{people[3]}")) not in reread
    assert frozenset((key, f"Person:{people[1]}")) in reread
    # the new member's first tie with the hub: weighed from the row read, not re-read
    assert frozenset((key, f"Person:{people[125]}")) not in reread
    assert sum(1 for pair in reread if key in pair) < 5, reread


async def _study(
    session_factory: async_sessionmaker[AsyncSession], organization: int, people: list[int]
) -> None:
    async with session_factory() as session, session.begin():
        for person in people:
            session.add(
                models.Affiliation(
                    person_id=person,
                    organization_id=organization,
                    role=AffiliationRole.ALUMNUS,
                    starts_on=date(2003, 9, 1),
                    field_of_study="考古",
                )
            )


def _unrelated(graph: LiveGraph, people: list[int], wanted: int = 3) -> list[int]:
    """People with no edge among them."""
    found: list[int] = []
    for person in people:
        i = graph.index(f"Person:{person}")
        if i is not None and all(
            graph.edge(i, graph.index(f"Person:{p}") or 0) is None for p in found
        ):
            found.append(person)
        if len(found) == wanted:
            return found
    raise AssertionError("not enough unrelated people")


@pytest.mark.usefixtures("seeded")
async def test_a_cohort_only_pair_is_weighed_in_memory_and_a_related_pair_re_read(
    cache: LiveGraphCache,
    session_factory: async_sessionmaker[AsyncSession],
    reread: set[frozenset[str]],
) -> None:
    hub, people = await _new_university(session_factory)
    graph = await cache.current(session_factory)
    a, b, c, d = _unrelated(graph, people, 4)
    async with session_factory() as session, session.begin():
        session.add(models.Relationship(person_a_id=a, person_b_id=c, kind=RelationshipKind.FRIEND))
    await _study(session_factory, hub, [a])
    graph = await cache.current(session_factory)
    reread.clear()
    await _study(session_factory, hub, [b, c])
    graph = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "incremental"
    assert_same_state(live_state(graph), await fresh_state(session_factory))
    key = {p: f"Person:{p}" for p in (a, b, c)}
    assert graph.kind_name(graph.index(key[a]) or 0, graph.index(key[b]) or 0) == "cohort"
    assert frozenset((key[a], key[b])) not in reread
    assert frozenset((key[b], key[c])) not in reread
    assert frozenset((key[a], key[c])) in reread  # a relationship and a cohort tie
    # a classmate and a relationship committed together: the new pair is re-read
    reread.clear()
    async with session_factory() as session, session.begin():
        session.add(models.Relationship(person_a_id=b, person_b_id=d, kind=RelationshipKind.FRIEND))
    await _study(session_factory, hub, [d])
    graph = await cache.current(session_factory)
    assert cache.last.kind == "incremental"
    assert_same_state(live_state(graph), await fresh_state(session_factory))
    assert frozenset((key[b], f"Person:{d}")) in reread
    assert graph.kind_name(graph.index(key[b]) or 0, graph.index(f"Person:{d}") or 0) != "cohort"


@pytest.mark.usefixtures("seeded")
async def test_paths_on_the_snapshot_carry_the_reference_evidence(
    cache: LiveGraphCache, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    graph = await cache.current(session_factory)
    async with session_factory() as session, session.begin():
        reference = await load_graph(session, today=TODAY)
    rng = random.Random(4)
    people = sorted(k for k in reference if k.startswith("Person:"))
    compared = 0
    for _ in range(40):
        source, target = rng.sample(people, 2)
        expected = introduction_paths(reference, source, target, first=3, max_hops=4)
        found = live_paths(graph, source, target, first=3, max_hops=4)
        async with session_factory() as session:
            mine = await paths_with_evidence(session, graph, found, today=TODAY)
        assert [p.cost for p in mine] == pytest.approx([p.cost for p in expected])
        for ours, theirs in zip(mine, expected, strict=True):
            if ours.nodes == theirs.nodes:
                compared += 1
                assert [h.evidence for h in ours.hops] == [h.evidence for h in theirs.hops]
                assert [h.kind for h in ours.hops] == [h.kind for h in theirs.hops]
    assert compared > 20


PATHS = """query($from: ID!, $to: ID!) {
  introductionPaths(from: $from, to: $to, first: 3, maxHops: 4) {
    strength cost hops { from { id label } to { id label } kind strength evidence } } }"""
EGO = """query($id: ID!) { egoNetwork(id: $id, radius: 2, maxNodes: 60) {
  nodes { node { id label } distance size } edges { source target kind } truncated } }"""


@pytest.mark.usefixtures("seeded")
async def test_the_api_answers_the_same_on_the_compact_engine(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    answers: dict[str, list[Any]] = {}
    for engine in ("networkx", "compact"):
        app = create_app(
            settings.model_copy(
                update={"graph_engine": engine, "graph_snapshots": tmp_path / "graph"}
            )
        )
        async with app.router.lifespan_context(app):
            _, token = await make_user(session_factory, UserRole.ANALYST)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                client = GraphQLClient(http, token)
                found = []
                for a, b in ((1, 2), (3, 40), (5, 77), (9, 120)):
                    found.append(
                        await client(
                            PATHS,
                            **{"from": gid("Person", a), "to": gid("Person", b)},
                        )
                    )
                ego = await client(EGO, id=gid("Organization", 1))
                # the same edges, listed in the order each graph keeps its neighbours
                ego["egoNetwork"]["edges"].sort(key=lambda e: (e["source"], e["target"]))
                found.append(ego)
                answers[engine] = found
    assert answers["compact"] == answers["networkx"]
    assert any(p["introductionPaths"] for p in answers["compact"][:4])
