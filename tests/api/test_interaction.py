"""Interactions through GraphQL: participants, last contact, checks, filters and versions."""

from __future__ import annotations

import base64
from typing import Any

import pytest
import strawberry
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col
from strawberry import relay

from crm.db import models
from crm.db.paging import PageRequest
from crm.db.types import utcnow
from crm.resolvers import interaction
from crm.resolvers.context import Context
from crm.schema.connection import Connection, OrderDirection
from crm.schema.info import Info
from crm.schema.interaction import Interaction, InteractionOrder
from crm.settings import Settings
from tests.api.conftest import GraphQLClient

FIELDS = """id version kind occurredAt summary body owner { username }
  event { name } project { name } organization { name }
  participants { totalCount edges { node { id name } } }"""
CREATE = f"""
mutation($input: CreateInteractionInput!) {{
  createInteraction(input: $input) {{
    interaction {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdateInteractionInput!) {{
  updateInteraction(input: $input) {{
    interaction {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
DELETE = """
mutation($input: DeleteInteractionInput!) {
  deleteInteraction(input: $input) { deletedId errors { field message code currentVersion } }
}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ id ... on Interaction {{ {FIELDS} }} }} }}"
LIST = """query($f: InteractionFilter, $o: [InteractionOrder!]) {
  interactions(filter: $f, orderBy: $o) { totalCount edges { node { summary } } } }"""
CONTACTED = "query($id: ID!) { node(id: $id) { ... on Person { lastContactedAt version } } }"

T1, T2, T3 = "2025-03-01T09:00:00+00:00", "2025-04-01T09:00:00+00:00", "2025-05-01T09:00:00+00:00"


def gid(type_name: str, key: int) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def key(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":", 1)[1])


async def create_person(gql: GraphQLClient, name: str) -> str:
    query = """mutation($n: String!) {
      createPerson(input: {name: $n}) { person { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["person"]["id"])


@pytest.fixture
async def cast(gql: GraphQLClient) -> dict[str, str]:
    """Three people, an organisation, an event and a project."""
    org = """mutation {
      createOrganization(input: {name: "深圳湾实验室", kind: RESEARCH_INSTITUTE}) {
        organization { id } errors { code } } }"""
    event = """mutation { createEvent(input: {name: "硅谷路演", kind: ROADSHOW}) {
      event { id } errors { code } } }"""
    project = """mutation { createProject(input: {name: "固态电池", kind: ENTREPRENEURIAL}) {
      project { id } errors { code } } }"""
    return {
        "chen": await create_person(gql, "陈一"),
        "lin": await create_person(gql, "林二"),
        "wang": await create_person(gql, "王三"),
        "org": (await gql.mutate(org))["organization"]["id"],
        "event": (await gql.mutate(event))["event"]["id"],
        "project": (await gql.mutate(project))["project"]["id"],
    }


async def create(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    fields.setdefault("kind", "MEETING")
    fields.setdefault("occurredAt", T2)
    fields.setdefault("summary", "见面")
    interaction: dict[str, Any] = (await gql.mutate(CREATE, input=fields))["interaction"]
    return interaction


async def errors_of(gql: GraphQLClient, **fields: Any) -> dict[tuple[str, ...], str]:
    fields.setdefault("kind", "MEETING")
    fields.setdefault("occurredAt", T2)
    fields.setdefault("summary", "见面")
    payload = (await gql(CREATE, input=fields))["createInteraction"]
    assert payload["interaction"] is None
    return {tuple(e["field"]): e["code"] for e in payload["errors"]}


async def contacted(gql: GraphQLClient, person: str) -> str | None:
    value: str | None = (await gql(CONTACTED, id=person))["node"]["lastContactedAt"]
    return value


def names(interaction: dict[str, Any]) -> list[str]:
    return [e["node"]["name"] for e in interaction["participants"]["edges"]]


async def total(gql: GraphQLClient) -> int:
    return int((await gql(LIST))["interactions"]["totalCount"])


async def test_create_with_participants_and_related_records(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    interaction = await create(
        gql,
        kind="CALL",
        summary="  电话沟通  ",
        body="谈了回国意向",
        participants=[cast["lin"], cast["chen"], cast["lin"]],
        event=cast["event"],
        project=cast["project"],
        organization=cast["org"],
    )
    assert interaction["kind"] == "CALL"
    assert interaction["summary"] == "电话沟通"
    assert interaction["occurredAt"] == T2
    assert (interaction["event"], interaction["project"], interaction["organization"]) == (
        {"name": "硅谷路演"},
        {"name": "固态电池"},
        {"name": "深圳湾实验室"},
    )
    # The staff user who logged it: the signed-in administrator of the test client.
    assert interaction["owner"]["username"].startswith("admin-")
    assert interaction["participants"]["totalCount"] == 2
    assert names(interaction) == ["林二", "陈一"]  # by name
    assert (await gql(NODE, id=interaction["id"]))["node"] == interaction


async def test_last_contacted_moves_up_to_the_latest_interaction_never_back(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    await create(gql, occurredAt=T2, participants=[cast["chen"]])
    assert await contacted(gql, cast["chen"]) == T2
    assert await contacted(gql, cast["lin"]) is None
    await create(gql, occurredAt=T1, participants=[cast["chen"], cast["lin"]])
    assert await contacted(gql, cast["chen"]) == T2
    assert await contacted(gql, cast["lin"]) == T1
    # A derived value: the person's version stays, so nobody's edit is refused for it.
    assert (await gql(CONTACTED, id=cast["chen"]))["node"]["version"] == 1


async def test_update_replaces_participants_and_bumps_the_version(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    interaction = await create(gql, occurredAt=T1, participants=[cast["chen"], cast["lin"]])
    change = {"id": interaction["id"], "expectedVersion": 1, "participants": [cast["wang"]]}
    updated = (await gql.mutate(UPDATE, input=change))["interaction"]
    assert (updated["version"], names(updated)) == (2, ["王三"])
    assert updated["summary"] == "见面"
    assert await contacted(gql, cast["wang"]) == T1

    change = {"id": interaction["id"], "expectedVersion": 2, "occurredAt": T3, "body": "补充"}
    updated = (await gql.mutate(UPDATE, input=change))["interaction"]
    assert (updated["version"], updated["occurredAt"], updated["body"]) == (3, T3, "补充")
    assert await contacted(gql, cast["wang"]) == T3
    # No longer a participant, and no other interaction: never contacted after all.
    assert await contacted(gql, cast["chen"]) is None

    # Fields and people changed together: one new version.
    change = {"id": interaction["id"], "expectedVersion": 3, "summary": "改", "participants": None}
    updated = (await gql.mutate(UPDATE, input=change))["interaction"]
    assert (updated["version"], updated["participants"]["totalCount"]) == (4, 0)
    assert updated["summary"] == "改"


async def test_stale_update_is_a_conflict_and_changes_nothing(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    interaction = await create(gql, participants=[cast["chen"]])
    change = {"id": interaction["id"], "expectedVersion": 1, "summary": "改"}
    await gql.mutate(UPDATE, input=change)
    stale = {**change, "summary": "再改", "participants": [cast["lin"]]}
    payload = (await gql(UPDATE, input=stale))["updateInteraction"]
    (error,) = payload["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    node = (await gql(NODE, id=interaction["id"]))["node"]
    assert (node["summary"], names(node)) == ("改", ["陈一"])
    assert await contacted(gql, cast["lin"]) is None


async def test_bad_input_returns_every_problem_and_changes_nothing(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    errors = await errors_of(
        gql,
        summary="  ",
        occurredAt="2025-04-01T09:00:00",
        participants=[cast["chen"], cast["org"]],
        event=cast["project"],
        project=cast["event"],
        organization=cast["chen"],
    )
    assert errors == {
        ("summary",): "VALIDATION",
        ("occurredAt",): "VALIDATION",
        ("participants",): "VALIDATION",
        ("event",): "VALIDATION",
        ("project",): "VALIDATION",
        ("organization",): "VALIDATION",
    }
    assert await errors_of(gql, summary="长" * 301) == {("summary",): "VALIDATION"}
    assert await total(gql) == 0
    assert await contacted(gql, cast["chen"]) is None


async def test_missing_records_are_not_found_and_nothing_is_written(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    errors = await errors_of(
        gql,
        participants=[cast["chen"], gid("Person", 999_999)],
        project=gid("Project", 999_999),
    )
    assert errors == {("participants",): "NOT_FOUND", ("project",): "NOT_FOUND"}
    assert await total(gql) == 0
    assert await contacted(gql, cast["chen"]) is None

    interaction = await create(gql, participants=[cast["chen"]])
    change = {"id": interaction["id"], "expectedVersion": 1, "kind": None}
    errors_ = (await gql(UPDATE, input=change))["updateInteraction"]["errors"]
    assert [(e["field"], e["code"]) for e in errors_] == [(["kind"], "VALIDATION")]
    change = {"id": interaction["id"], "expectedVersion": 1, "participants": [gid("Person", 0)]}
    errors_ = (await gql(UPDATE, input=change))["updateInteraction"]["errors"]
    assert [(e["field"], e["code"]) for e in errors_] == [(["participants"], "NOT_FOUND")]
    node = (await gql(NODE, id=interaction["id"]))["node"]
    assert (node["version"], node["kind"], names(node)) == (1, "MEETING", ["陈一"])


async def test_filters_and_order(gql: GraphQLClient, cast: dict[str, str]) -> None:
    await create(gql, summary="一", kind="CALL", occurredAt=T1, participants=[cast["chen"]])
    await create(gql, summary="二", kind="NOTE", occurredAt=T3, organization=cast["org"])
    await create(gql, summary="三", occurredAt=T2, participants=[cast["lin"], cast["chen"]])

    async def summaries(f: dict[str, Any] | None = None, o: Any = None) -> list[str]:
        data = await gql(LIST, f=f, o=o)
        return [e["node"]["summary"] for e in data["interactions"]["edges"]]

    assert await summaries() == ["二", "三", "一"]  # most recent first
    assert await summaries(o=[{"field": "OCCURRED_AT"}]) == ["一", "三", "二"]
    assert await summaries(o=[{"field": "KIND", "direction": "DESC"}]) == ["二", "三", "一"]
    assert await summaries({"kind": ["CALL", "NOTE"]}) == ["二", "一"]
    assert await summaries({"participant": [cast["chen"]]}) == ["三", "一"]
    assert await summaries({"participant": [cast["lin"], cast["wang"]]}) == ["三"]
    assert await summaries({"organization": [cast["org"]]}) == ["二"]
    assert await summaries({"occurredAfter": T2}) == ["二", "三"]
    assert await summaries({"occurredBefore": T2}) == ["一"]
    assert await summaries({"not": {"participant": [cast["chen"]]}}) == ["二"]
    body = await gql.execute(LIST, f={"participant": [cast["org"]]})
    assert "participant" in body["errors"][0]["message"]


async def test_delete_removes_the_participant_links(
    gql: GraphQLClient, cast: dict[str, str], session_factory: async_sessionmaker[AsyncSession]
) -> None:
    interaction = await create(gql, participants=[cast["chen"], cast["lin"]])
    data = await gql(DELETE, input={"id": interaction["id"], "expectedVersion": 5})
    assert data["deleteInteraction"]["errors"][0]["code"] == "CONFLICT"
    assert await total(gql) == 1
    payload = await gql.mutate(DELETE, input={"id": interaction["id"], "expectedVersion": 1})
    assert payload["deletedId"] == interaction["id"]
    assert (await gql(NODE, id=interaction["id"]))["node"] is None
    async with session_factory() as session:
        links = (await session.execute(select(models.InteractionParticipant))).all()
        logged = (
            await session.execute(
                select(col(models.GraphChange.op)).where(
                    col(models.GraphChange.entity) == "interaction_participant"
                )
            )
        ).scalars()
        assert sorted(logged) == ["delete", "delete", "insert", "insert"]
    assert links == []
    data = await gql(DELETE, input={"id": interaction["id"], "expectedVersion": 1})
    assert data["deleteInteraction"]["errors"][0]["code"] == "NOT_FOUND"


async def test_owner_is_a_staff_user(
    gql: GraphQLClient, cast: dict[str, str], session_factory: async_sessionmaker[AsyncSession]
) -> None:
    interaction = await create(gql)
    async with session_factory() as session, session.begin():
        user_id = (
            await session.execute(
                insert(models.User)
                .values(
                    username="liaison2",
                    display_name="联络员二",
                    role="liaison",
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
                .returning(col(models.User.id))
            )
        ).scalar_one()
        assert user_id is not None
        await session.execute(
            update(models.Interaction)
            .where(col(models.Interaction.id) == key(interaction["id"]))
            .values(owner_id=user_id)
        )
    node = (await gql(NODE, id=interaction["id"]))["node"]
    assert node["owner"] == {"username": "liaison2"}


# The nested listing, through a schema of its own (many people in one request).


@strawberry.type
class HelperQuery:
    @strawberry.field
    async def interactions_of(
        self,
        info: Info,
        person: relay.GlobalID,
        order_by: list[InteractionOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Interaction]:
        request = PageRequest.of(first=first, after=after, max_page_size=100)
        order = [(o.field.name, o.direction is OrderDirection.DESC) for o in order_by or []]
        listed = interaction.OF_PERSON.page(info.context, int(person.node_id), request, order)
        page, count_rows = await listed
        return Connection.from_page(page, Interaction.from_row, count_rows)


HELPER = strawberry.Schema(query=HelperQuery)
OF_PEOPLE = """query($a: ID!, $b: ID!, $first: Int, $after: String) {
  a: interactionsOf(person: $a, first: $first, after: $after) { ...list }
  b: interactionsOf(person: $b, first: $first, after: $after) { ...list }
}
fragment list on InteractionConnection {
  totalCount pageInfo { hasNextPage endCursor } edges { node { summary } }
}"""


async def test_a_persons_interactions_newest_first(
    gql: GraphQLClient,
    cast: dict[str, str],
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await create(gql, summary="一", occurredAt=T1, participants=[cast["chen"]])
    await create(gql, summary="二", occurredAt=T3, participants=[cast["lin"]])
    await create(gql, summary="三", occurredAt=T2, participants=[cast["lin"], cast["chen"]])

    async def run(**variables: Any) -> dict[str, Any]:
        context = Context(settings=settings, session_factory=session_factory)
        variables = {"a": cast["chen"], "b": cast["lin"], **variables}
        result = await HELPER.execute(OF_PEOPLE, variable_values=variables, context_value=context)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    def summaries(connection: dict[str, Any]) -> list[str]:
        return [e["node"]["summary"] for e in connection["edges"]]

    data = await run()
    assert (summaries(data["a"]), data["a"]["totalCount"]) == (["三", "一"], 2)
    assert (summaries(data["b"]), data["b"]["totalCount"]) == (["二", "三"], 2)
    first = await run(first=1)
    assert first["a"]["pageInfo"]["hasNextPage"] is True
    rest = await run(first=1, after=first["a"]["pageInfo"]["endCursor"])
    assert summaries(rest["a"]) == ["一"]
