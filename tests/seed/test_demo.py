"""The demo data set on SQLite and PostgreSQL: every figure of the seed text, loaded once."""

from __future__ import annotations

import hashlib
import json
import re
from statistics import median
from typing import Any

import networkx as nx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import SQLModel, col

from crm.db.enums import RelationshipKind, UserRole
from crm.db.models import GraphChange, Interaction, Person, Relationship, User
from crm.db.queries import follow_up
from crm.db.revision import current_revision
from crm.seed.demo import DemoDataExists, database_is_empty, seed_demo
from crm.seed.figures import DEMO_FIGURES, EXPECTATIONS, Expectation
from crm.seed.loader import INSERT_ORDER
from tests.seed.conftest import SeededDemo, SeededDemos

pytestmark = pytest.mark.slow

LINK_TABLES = (
    "affiliation",
    "relationship",
    "attendance",
    "participation",
    "agreement_party",
    "application",
    "introduction",
    "interaction_participant",
)


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda e: e.name)
def test_the_demo_reproduces_each_figure_of_the_seed_text(
    demo: SeededDemo, expectation: Expectation
) -> None:
    value = demo.figures[expectation.name]
    assert expectation.holds(value), (
        f"{expectation.name} = {value}, outside [{expectation.minimum}, {expectation.maximum}];"
        f" the seed text says: {expectation.quote}"
    )


def test_the_demo_figures_are_exactly_the_planned_values(demo: SeededDemo) -> None:
    assert demo.figures == DEMO_FIGURES


async def test_seeding_an_empty_database_reports_the_rows_it_created(demo: SeededDemo) -> None:
    # How long seeding takes is measured in bench/, not asserted here.
    assert demo.was_empty
    assert demo.created == await _row_counts(demo)
    assert set(demo.created) == {m.__tablename__ for m in INSERT_ORDER}
    assert all(rows > 0 for rows in demo.created.values())
    assert 5_000 <= demo.created["person"] <= 7_000
    assert 20_000 < demo.created["position"] < 22_000
    assert 20_000 <= sum(demo.created[t] for t in LINK_TABLES) <= 60_000


async def test_the_graph_revision_moved_once_with_an_empty_change_log(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        revision = await current_revision(session)
        logged = await session.scalar(
            select(func.count()).where(col(GraphChange.revision) == revision)
        )
    assert revision == demo.revision_before + 1
    assert logged == 0  # an empty log for a revision means "bulk change: rebuild"


async def test_seeding_a_second_time_raises_and_changes_nothing(demo: SeededDemo) -> None:
    before = await _row_counts(demo)
    async with demo.session_factory() as session:
        revision = await current_revision(session)
        assert not await database_is_empty(session)
    with pytest.raises(DemoDataExists, match="already"):
        await seed_demo(demo.session_factory)
    assert await _row_counts(demo) == before
    async with demo.session_factory() as session:
        assert await current_revision(session) == revision


async def test_the_data_is_identical_on_sqlite_and_postgresql(seeded_demos: SeededDemos) -> None:
    sqlite, postgresql = await seeded_demos.get("sqlite"), await seeded_demos.get("postgresql")
    assert await _people_digest(sqlite) == await _people_digest(postgresql)
    assert await _relationships_digest(sqlite) == await _relationships_digest(postgresql)
    assert sqlite.created == postgresql.created


async def test_people_have_realistic_attributes(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        people = (await session.execute(select(Person))).scalars().all()
    assert all(
        p.email is None or re.fullmatch(r"[a-z.]+\.\d+@example\.(com|org)", p.email) for p in people
    )
    assert all(p.phone is None or re.fullmatch(r"\+[1-9]\d{7,14}", p.phone) for p in people)
    assert all(p.dialect_group and p.languages and p.name_latin for p in people)
    assert all(p.birth_year and 1930 < p.birth_year < 2005 for p in people)
    from_fujian = sum(p.hometown_province == "福建省" for p in people)
    assert from_fujian > 0.6 * len(people)
    assert len({p.country for p in people}) >= 15
    assert sum(p.nationality != p.country for p in people) > 100  # Hong Kong, new migrants


async def test_the_demo_keeps_in_touch_over_2023_and_2024(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        people = (await session.execute(select(Person))).scalars().all()
        first, last = (
            await session.execute(
                select(func.min(Interaction.occurred_at), func.max(Interaction.occurred_at))
            )
        ).one()
    kept = [p for p in people if p.contact_cadence_days]
    # the due times the seed planned are those the database's own rule gives
    async with demo.session_factory() as session:
        refreshed = await session.execute(follow_up.refresh([p.id for p in kept if p.id]))
        again = {key: due for key, due in refreshed.all()}
        await session.rollback()
    assert (first.year, last.year) == (2023, 2024)
    assert len(kept) > 1_000
    for person in kept:
        assert person.owner_id is not None
        assert person.last_contacted_at is not None
        assert person.next_contact_due_at == again[person.id]
    # added during 2023, before they were first contacted, not on the day of the load
    assert {p.created_at.year for p in people} == {2023}
    contacted = [p for p in people if p.last_contacted_at]
    assert all(p.created_at <= p.last_contacted_at for p in contacted)


async def test_staff_users_exist_and_liaison_officers_own_people(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        users = {u.username: u for u in (await session.execute(select(User))).scalars()}
        owned = dict(
            (await session.execute(
                select(col(Person.owner_id), func.count()).group_by(col(Person.owner_id))
            )).all()
        )  # fmt: skip
    assert {name: u.role for name, u in users.items()} == {
        "admin": UserRole.ADMIN,
        "liaison.fuzhou": UserRole.LIAISON,
        "liaison.beijing": UserRole.LIAISON,
        "analyst": UserRole.ANALYST,
    }
    assert owned[users["liaison.fuzhou"].id] > 1_000
    assert owned[users["liaison.beijing"].id] > 500


async def test_the_network_has_communities_hubs_and_bridges(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        ties = (await session.execute(select(Relationship))).scalars().all()
        people = await session.execute(select(col(Person.id), col(Person.birth_year)))
        born = {key: year or 0 for key, year in people}
    assert {t.kind for t in ties} == set(RelationshipKind)
    assert all(0 <= t.strength <= 1 for t in ties)
    mentors = [t for t in ties if t.kind == RelationshipKind.MENTOR]
    assert mentors
    assert all(born[t.person_a_id] <= born[t.person_b_id] - 15 for t in mentors)  # A mentors B
    graph = nx.Graph((t.person_a_id, t.person_b_id) for t in ties)
    degrees = sorted(d for _, d in graph.degree())
    assert degrees[-1] >= 10 * median(degrees)  # hubs
    largest = max(nx.connected_components(graph), key=len)
    assert len(largest) > 0.8 * graph.number_of_nodes()  # bridges join the communities
    communities = nx.community.louvain_communities(graph, seed=1)
    assert sum(len(c) >= 50 for c in communities) >= 8


async def _row_counts(demo: SeededDemo) -> dict[str, int]:
    async with demo.session_factory() as session:
        counts = {}
        for model in INSERT_ORDER:
            counts[str(model.__tablename__)] = await _count(session, model)
        return counts


async def _count(session: Any, model: type[SQLModel]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)))


_PERSON_FIELDS = (
    "name", "name_latin", "gender", "birth_year", "nationality", "country", "city",
    "hometown", "hometown_province", "hometown_city", "hometown_county", "dialect_group",
    "expertise", "expertise_as_written", "honours", "languages", "email", "phone", "wechat",
    "source_platform", "source_region", "last_contacted_at",
)  # fmt: skip


async def _people_digest(demo: SeededDemo) -> str:
    async with demo.session_factory() as session:
        people = (await session.execute(select(Person))).scalars().all()
    rows = sorted(
        json.dumps([getattr(p, f) for f in _PERSON_FIELDS], default=str, ensure_ascii=False)
        for p in people
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


async def _relationships_digest(demo: SeededDemo) -> str:
    a, b = aliased(Person), aliased(Person)
    columns = (col(Relationship.kind), col(Relationship.strength), col(Relationship.since))
    statement = (
        select(col(a.name), col(a.email), col(b.name), col(b.email), *columns)
        .join(a, col(a.id) == col(Relationship.person_a_id))
        .join(b, col(b.id) == col(Relationship.person_b_id))
    )
    async with demo.session_factory() as session:
        rows = (await session.execute(statement)).all()
    lines = sorted(json.dumps(list(row), default=str, ensure_ascii=False) for row in rows)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
