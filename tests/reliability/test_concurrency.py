"""Concurrent conflicting writes: one wins, the others are told why, nothing is doubled.

The requests run at once through the ASGI app on both databases (on PostgreSQL each
request has its own connection and transaction).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.app import create_app
from crm.db.enums import UserRole
from crm.db.models import Affiliation
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.conftest import _empty_tables

CREATE_PERSON = """
mutation ($name: String!) {
  createPerson(input: {name: $name}) { person { id version } errors { code } }
}"""
UPDATE_PERSON = """
mutation ($id: ID!, $city: String!) {
  updatePerson(input: {id: $id, expectedVersion: 1, city: $city}) {
    person { version } errors { code }
  }
}"""
CREATE_ORGANIZATION = """
mutation { createOrganization(input: {name: "福州大学", kind: UNIVERSITY}) {
  organization { id } errors { code } } }"""
CREATE_AFFILIATION = """
mutation ($person: ID!, $organization: ID!) {
  createAffiliation(input: {person: $person, organization: $organization, role: MEMBER}) {
    affiliation { id } errors { code message }
  }
}"""
CREATE_INTRODUCTION = """
mutation ($seeker: ID!, $target: ID!) {
  createIntroduction(input: {seeker: $seeker, targetPerson: $target}) {
    introduction { id version status } errors { code }
  }
}"""
MOVE_INTRODUCTION = """
mutation ($id: ID!) {
  moveIntroduction(input: {id: $id, expectedVersion: 1, to: BROKER_AGREED}) {
    introduction { version status } errors { code }
  }
}"""


class Client:
    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http, self.token = http, token

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=bearer(self.token)
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        ((_, payload),) = body["data"].items()
        result: dict[str, Any] = payload
        return result

    async def at_once(self, n: int, query: str, **variables: Any) -> list[dict[str, Any]]:
        return await asyncio.gather(*(self(query, **variables) for _ in range(n)))


@pytest.fixture
async def client(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Client]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        _, token = await make_user(session_factory, UserRole.ADMIN)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", timeout=120
        ) as http:
            yield Client(http, token)
    await _empty_tables(session_factory)


def outcomes(payloads: list[dict[str, Any]]) -> Counter[str]:
    return Counter(p["errors"][0]["code"] if p["errors"] else "OK" for p in payloads)


async def _person(client: Client, name: str) -> str:
    created = await client(CREATE_PERSON, name=name)
    assert created["errors"] == []
    person_id: str = created["person"]["id"]
    return person_id


async def test_of_50_conflicting_updates_of_one_person_exactly_1_wins(client: Client) -> None:
    person = await _person(client, "陈建国")
    payloads = await asyncio.gather(
        *(client(UPDATE_PERSON, id=person, city=f"城市{i}") for i in range(50))
    )
    assert outcomes(payloads) == {"OK": 1, "CONFLICT": 49}
    assert [p["person"]["version"] for p in payloads if not p["errors"]] == [2]


async def test_50_concurrent_creations_of_one_affiliation_make_1_row(
    client: Client, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person = await _person(client, "林美玲")
    organization = (await client(CREATE_ORGANIZATION))["organization"]["id"]
    payloads = await client.at_once(
        50, CREATE_AFFILIATION, person=person, organization=organization
    )
    counts = outcomes(payloads)
    assert counts["OK"] == 1, counts
    # every other one is refused as a duplicate (the database's unique constraint or the
    # check before it), none with an error that hides why
    assert set(counts) <= {"OK", "DUPLICATE"}, counts
    async with session_factory() as session:
        rows = await session.execute(select(func.count()).select_from(Affiliation))
        assert rows.scalar_one() == 1


async def test_of_20_concurrent_moves_of_one_introduction_exactly_1_wins(client: Client) -> None:
    seeker = await _person(client, "黄志明")
    target = await _person(client, "张淑芬")
    created = await client(CREATE_INTRODUCTION, seeker=seeker, target=target)
    assert created["errors"] == []
    assert created["introduction"]["version"] == 1
    payloads = await client.at_once(20, MOVE_INTRODUCTION, id=created["introduction"]["id"])
    assert outcomes(payloads) == {"OK": 1, "CONFLICT": 19}
    winner = next(p for p in payloads if not p["errors"])
    assert winner["introduction"] == {"version": 2, "status": "BROKER_AGREED"}
