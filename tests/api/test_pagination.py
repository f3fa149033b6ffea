"""Walking 1,000 records page by page: no repeats, no gaps, forwards and backwards,
also while records are being inserted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from tests.api.conftest import GraphQLClient

FORWARD = """query($after: String, $o: [PersonOrder!]) {
  people(first: 100, after: $after, orderBy: $o) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { name birthYear } } } }"""
BACKWARD = """query($before: String, $o: [PersonOrder!]) {
  people(last: 100, before: $before, orderBy: $o) {
    pageInfo { hasPreviousPage startCursor } edges { node { name birthYear } } } }"""

ORDERS: list[list[dict[str, str]] | None] = [
    None,  # by name
    [{"field": "BIRTH_YEAR", "direction": "DESC"}, {"field": "NAME", "direction": "ASC"}],
]


async def _insert(factory: async_sessionmaker[AsyncSession], rows: list[dict[str, Any]]) -> None:
    async with factory() as session, session.begin():
        await session.execute(insert(models.Person), rows)


@pytest.fixture
async def thousand(session_factory: async_sessionmaker[AsyncSession]) -> list[str]:
    # every 7th person has no birth year, so NULLs are paged through too
    rows = [
        {"name": f"P{i:04d}", "birth_year": None if i % 7 == 0 else 1950 + i % 40}
        for i in range(1000)
    ]
    await _insert(session_factory, rows)
    return [r["name"] for r in rows]


@pytest.mark.parametrize("order", ORDERS)
async def test_forward_walk_sees_every_record_once_despite_inserts(
    gql: GraphQLClient,
    thousand: list[str],
    session_factory: async_sessionmaker[AsyncSession],
    order: list[dict[str, str]] | None,
) -> None:
    seen: list[str] = []
    after = None
    for page_number in range(50):
        data = (await gql(FORWARD, after=after, o=order))["people"]
        seen += [e["node"]["name"] for e in data["edges"]]
        # someone inserts records before and after the cursor while we walk
        await _insert(
            session_factory,
            [
                {"name": f"A-new-{page_number}", "birth_year": 2001},
                {"name": f"Z-new-{page_number}", "birth_year": 1901},
            ],
        )
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    original = [n for n in seen if n.startswith("P")]
    assert sorted(original) == sorted(thousand)  # every record, none twice
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize("order", ORDERS)
async def test_backward_walk_is_the_forward_walk_reversed(
    gql: GraphQLClient, thousand: list[str], order: list[dict[str, str]] | None
) -> None:
    forward: list[str] = []
    after = None
    while True:
        data = (await gql(FORWARD, after=after, o=order))["people"]
        forward += [e["node"]["name"] for e in data["edges"]]
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]

    backward: list[str] = []
    before = None
    while True:
        data = (await gql(BACKWARD, before=before, o=order))["people"]
        backward = [e["node"]["name"] for e in data["edges"]] + backward
        if not data["pageInfo"]["hasPreviousPage"]:
            break
        before = data["pageInfo"]["startCursor"]

    assert len(forward) == 1000
    assert backward == forward


async def test_a_cursor_from_elsewhere_is_a_clear_error(gql: GraphQLClient) -> None:
    body = await gql.execute('{ people(after: "not-a-cursor") { totalCount } }')
    assert "cursor" in body["errors"][0]["message"]


async def test_a_cursor_of_another_ordering_is_refused(
    gql: GraphQLClient, thousand: list[str]
) -> None:
    data = await gql(FORWARD, after=None, o=None)
    by_name = data["people"]["pageInfo"]["endCursor"]
    body = await gql.execute(FORWARD, after=by_name, o=ORDERS[1])
    assert "another list or ordering" in body["errors"][0]["message"]
