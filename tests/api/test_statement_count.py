"""The number of SQL statements depends on a query's shape, never on the page size."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.app import create_app
from crm.db import models
from crm.settings import Settings
from tests.accounts import admin_headers
from tests.conftest import _empty_tables
from tests.statements import counting

THREE_LEVELS = """
query($first: Int!) {
  people(first: $first) {
    totalCount
    edges { node {
      name
      affiliations(first: 5) { totalCount edges { node {
        role
        organization { name parent { name kind } }
      } } }
    } }
  }
}"""


@pytest.fixture
async def network(session_factory: async_sessionmaker[AsyncSession]) -> Any:
    async with session_factory() as session, session.begin():
        parents = (
            (
                await session.execute(
                    insert(models.Organization).returning(models.Organization.id),  # type: ignore[arg-type]
                    [{"name": f"总会{i}", "kind": "overseas_chinese_federation"} for i in range(3)],
                )
            )
            .scalars()
            .all()
        )
        orgs = (
            (
                await session.execute(
                    insert(models.Organization).returning(models.Organization.id),  # type: ignore[arg-type]
                    [
                        {
                            "name": f"分会{i}",
                            "kind": "alumni_association",
                            "parent_id": parents[i % 3],
                        }
                        for i in range(12)
                    ],
                )
            )
            .scalars()
            .all()
        )
        people = (
            (
                await session.execute(
                    insert(models.Person).returning(models.Person.id),  # type: ignore[arg-type]
                    [{"name": f"会员{i:03d}"} for i in range(120)],
                )
            )
            .scalars()
            .all()
        )
        await session.execute(
            insert(models.Affiliation),
            [
                {"person_id": p, "organization_id": orgs[(i + k) % 12], "role": "member"}
                for i, p in enumerate(people)
                for k in range(3)
            ],
        )
    yield
    await _empty_tables(session_factory)


@pytest.mark.parametrize(("compiled", "expected"), [(False, 6), (True, 1)])
async def test_three_level_query_runs_the_same_statements_for_10_and_100(
    settings: Settings, network: Any, compiled: bool, expected: int
) -> None:
    """The general executor: one statement per level and count; the compiled read path
    (crm/serving/compiled): one for the whole root field."""
    app = create_app(settings.model_copy(update={"compiled_reads": compiled}))
    counts = {}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as client:
            for first in (10, 100):
                with counting(app.state.engine) as statements:
                    response = await client.post(
                        "/graphql", json={"query": THREE_LEVELS, "variables": {"first": first}}
                    )
                body = response.json()
                assert "errors" not in body, body
                people = body["data"]["people"]["edges"]
                assert len(people) == first
                assert all(p["node"]["affiliations"]["totalCount"] == 3 for p in people)
                some = people[0]["node"]["affiliations"]["edges"][0]["node"]["organization"]
                assert some["parent"]["kind"] == "OVERSEAS_CHINESE_FEDERATION"
                counts[first] = len(statements)
    # general: people page, people count, affiliation pages, affiliation counts,
    # organisations, parent organisations
    assert counts[10] == counts[100] == expected, counts


async def test_concurrent_top_level_fields_each_get_their_own_session(
    settings: Settings, network: Any
) -> None:
    # graphql-core runs sibling async fields concurrently; one shared AsyncSession
    # would fail with "concurrent operations are not permitted".
    query = """{
      a: people(first: 50) { totalCount edges { node { affiliations { totalCount } } } }
      b: organizations(first: 50) { totalCount edges { node { members { totalCount } } } }
      c: people(first: 5, orderBy: [{field: NAME, direction: DESC}]) { totalCount }
      d: organizations(filter: {kind: [ALUMNI_ASSOCIATION]}) { totalCount }
    }"""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as client:
            body = (await client.post("/graphql", json={"query": query})).json()
    assert "errors" not in body, body
    data = body["data"]
    assert (data["a"]["totalCount"], data["b"]["totalCount"]) == (120, 15)
    assert data["d"]["totalCount"] == 12
