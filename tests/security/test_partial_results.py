"""A token that may not read part of a query gets the rest: each refused field is null
with a FORBIDDEN error at its path (GraphQL's partial results). Writes and
subscriptions are refused whole: nothing is done when part of the answer is refused."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import UserRole
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient


async def _app(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession], *scopes: str
) -> GraphQLClient:
    _, token = await make_user(session_factory, UserRole.APP, scopes=list(scopes))
    return gql.as_user(token)


def _refusals(body: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return [(e["path"], e["extensions"]["code"]) for e in body["errors"]]


async def test_an_event_token_gets_events_and_a_refusal_on_people(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await gql.mutate(
        'mutation { createEvent(input: {name: "2023 福州人才大会", kind: CONFERENCE}) '
        "{ event { id } errors { code } } }"
    )
    app = await _app(gql, session_factory, "Event")
    body = await app.execute(
        "{ events(first: 5) { totalCount edges { node { name } } } people { totalCount } }"
    )
    assert body["data"] is not None, body
    assert body["data"]["events"]["totalCount"] == 1
    assert body["data"]["events"]["edges"][0]["node"]["name"] == "2023 福州人才大会"
    assert body["data"]["people"] is None
    assert _refusals(body) == [(["people"], "FORBIDDEN")]
    assert "Person" in body["errors"][0]["message"]


async def test_a_refused_field_of_a_readable_record_is_null_at_its_path(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await gql.mutate(
        'mutation { createPerson(input: {name: "陈建国", email: "chen@example.org"}) '
        "{ person { id } errors { code } } }"
    )
    app = await _app(gql, session_factory, "Person")
    body = await app.execute("{ people(first: 5) { edges { node { name email } } } }")
    assert body["data"]["people"]["edges"] == [{"node": {"name": "陈建国", "email": None}}]
    assert _refusals(body) == [(["people", "edges", 0, "node", "email"], "FORBIDDEN")]


async def test_a_fully_permitted_query_has_no_errors(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    app = await _app(gql, session_factory, "Event", "Person")
    body = await app.execute("{ events { totalCount } people { totalCount } }")
    assert "errors" not in body


async def test_the_same_token_refused_whole_for_a_write(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """An app's own token management runs only if all of its answer may be read."""
    app = await _app(gql, session_factory, "Event")
    body = await app.execute(
        'mutation { createApiToken(input: {name: "x"}) { token apiToken { id } } }'
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    tokens = await gql("{ users { apiTokens { name } } }")
    assert all(t["name"] != "x" for u in tokens["users"] for t in u["apiTokens"])
