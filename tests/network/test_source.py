"""The network read from the database: every node and link, consent respected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import networkx as nx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import ConsentChannel, ConsentPurpose, RelationshipKind
from crm.network.source import load_graph, load_records
from tests import factories
from tests.conftest import DatabaseFactory
from tests.seed.conftest import SeededDemo, SeededDemos

TODAY = date(2024, 1, 31)


@pytest.fixture(scope="session")
async def graph_demos(databases: DatabaseFactory) -> AsyncIterator[SeededDemos]:
    demos = SeededDemos(databases)
    yield demos
    await demos.close()


@pytest.fixture
async def demo(backend: str, graph_demos: SeededDemos) -> SeededDemo:
    return await graph_demos.get(backend)


async def _count(session: AsyncSession, model: type) -> int:
    return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_every_node_of_the_demo_is_in_the_graph(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        graph = await load_graph(session, today=TODAY, exclude_withdrawn=False)
        expected = {
            "Person": await _count(session, models.Person),
            "Organization": await _count(session, models.Organization),
            "Event": await _count(session, models.Event),
            "Project": await _count(session, models.Project),
        }
    types: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        types[data["type"]] = types.get(data["type"], 0) + 1
    assert types == expected


async def test_the_demo_network_is_mostly_one_component(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        graph = await load_graph(session, today=TODAY)
    largest = max(nx.connected_components(graph), key=len)
    assert len(largest) > 0.8 * graph.number_of_nodes()
    assert all(0 < d["strength"] <= 1 for _, _, d in graph.edges(data=True))


async def test_every_kind_of_link_is_read(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        _, links = await load_records(session)
        relationships = await _count(session, models.Relationship)
    kinds = {link.kind for link in links}
    assert kinds >= {
        "affiliation",
        "relationship",
        "attendance",
        "participation",
        "agreement_party",
        "introduction",
        "parent",
    }
    assert sum(1 for link in links if link.kind == "relationship") == relationships


async def test_people_who_withdrew_consent_are_left_out(session: AsyncSession) -> None:
    kept, withdrawn = await factories.person(session), await factories.person(session)
    back = await factories.person(session)  # withdrew, then consented again
    low, high = sorted([kept.id, withdrawn.id])  # type: ignore[type-var]
    session.add(
        models.Relationship(person_a_id=low, person_b_id=high, kind=RelationshipKind.FRIEND)
    )
    given = datetime(2023, 1, 1, tzinfo=UTC)
    for who, gone, again in ((withdrawn, True, False), (back, True, True)):
        session.add(
            models.Consent(
                person_id=who.id,
                purpose=ConsentPurpose.PROCESSING,
                channel=ConsentChannel.ONLINE_FORM,
                notice_version="2023-1",
                given_at=given,
                withdrawn_at=datetime(2023, 6, 1, tzinfo=UTC) if gone else None,
            )
        )
        if again:
            session.add(
                models.Consent(
                    person_id=who.id,
                    purpose=ConsentPurpose.PROCESSING,
                    channel=ConsentChannel.EMAIL,
                    notice_version="2023-2",
                    given_at=datetime(2023, 9, 1, tzinfo=UTC),
                )
            )
    await session.commit()
    graph = await load_graph(session, today=TODAY)
    assert f"Person:{kept.id}" in graph
    assert f"Person:{back.id}" in graph
    assert f"Person:{withdrawn.id}" not in graph
    everyone = await load_graph(session, today=TODAY, exclude_withdrawn=False)
    assert everyone.has_edge(f"Person:{kept.id}", f"Person:{withdrawn.id}")
