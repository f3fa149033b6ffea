"""Relationships through GraphQL: canonical order, checks, versions, and a person's ties."""

from __future__ import annotations

import base64
from typing import Any

import pytest
import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db.paging import PageRequest
from crm.resolvers import relationship
from crm.resolvers.context import Context
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import RelationshipKind
from crm.schema.info import Info
from crm.schema.relationship import Relationship, RelationshipOrder
from crm.settings import Settings
from tests.api.conftest import GraphQLClient
from tests.statements import counting

FIELDS = "id version kind strength since source personA { id name } personB { id name }"
CREATE = f"""
mutation($input: CreateRelationshipInput!) {{
  createRelationship(input: $input) {{
    relationship {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdateRelationshipInput!) {{
  updateRelationship(input: $input) {{
    relationship {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
DELETE = """
mutation($input: DeleteRelationshipInput!) {
  deleteRelationship(input: $input) { deletedId errors { field message code currentVersion } }
}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ id ... on Relationship {{ {FIELDS} }} }} }}"
COUNT = "{ networkStats { linkCounts { type count } } }"


def gid(type_name: str, key: int) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def key(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":", 1)[1])


async def create_person(gql: GraphQLClient, name: str) -> str:
    query = """mutation($n: String!) {
      createPerson(input: {name: $n}) { person { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["person"]["id"])


async def two_people(gql: GraphQLClient) -> tuple[str, str]:
    """Two people, the one with the lower key first."""
    low, high = await create_person(gql, "陈一"), await create_person(gql, "林二")
    assert key(low) < key(high)
    return low, high


async def create(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    fields.setdefault("kind", "FRIEND")
    relationship: dict[str, Any] = (await gql.mutate(CREATE, input=fields))["relationship"]
    return relationship


async def errors_of(gql: GraphQLClient, **fields: Any) -> dict[tuple[str, ...], str]:
    fields.setdefault("kind", "FRIEND")
    payload = (await gql(CREATE, input=fields))["createRelationship"]
    assert payload["relationship"] is None
    return {tuple(e["field"]): e["code"] for e in payload["errors"]}


async def relationship_count(gql: GraphQLClient) -> int:
    counts = (await gql(COUNT))["networkStats"]["linkCounts"]
    return int(next(c["count"] for c in counts if c["type"] == "relationship"))


async def test_symmetric_tie_given_in_the_wrong_order_is_stored_lower_key_first(
    gql: GraphQLClient,
) -> None:
    low, high = await two_people(gql)
    rel = await create(gql, personA=high, personB=low, kind="CLASSMATE", source=" 校友会 ")
    assert (rel["personA"]["id"], rel["personB"]["id"]) == (low, high)
    assert rel["strength"] == 0.5
    assert rel["source"] == "校友会"
    assert rel["version"] == 1
    node = (await gql(NODE, id=rel["id"]))["node"]
    assert node == rel


async def test_mentor_keeps_the_mentor_at_a(gql: GraphQLClient) -> None:
    low, high = await two_people(gql)
    rel = await create(gql, personA=high, personB=low, kind="MENTOR", strength=0.9)
    assert (rel["personA"]["id"], rel["personB"]["id"]) == (high, low)
    # The mentee may mentor the mentor too: another tie.
    back = await create(gql, personA=low, personB=high, kind="MENTOR")
    assert (back["personA"]["id"], back["personB"]["id"]) == (low, high)


async def test_duplicate_is_refused_in_either_order(gql: GraphQLClient) -> None:
    low, high = await two_people(gql)
    await create(gql, personA=low, personB=high, kind="COLLEAGUE")
    for a, b in ((low, high), (high, low)):
        errors = await errors_of(gql, personA=a, personB=b, kind="COLLEAGUE")
        assert set(errors.values()) == {"DUPLICATE"}
    # Another kind between the same two people is another tie.
    await create(gql, personA=high, personB=low, kind="FRIEND")
    assert await relationship_count(gql) == 2


async def test_same_person_twice_is_a_validation_error(gql: GraphQLClient) -> None:
    low, _ = await two_people(gql)
    assert await errors_of(gql, personA=low, personB=low) == {("personB",): "VALIDATION"}
    assert await relationship_count(gql) == 0


@pytest.mark.parametrize("strength", [-0.1, 1.01, 7])
async def test_strength_outside_0_to_1_is_a_validation_error(
    gql: GraphQLClient, strength: float
) -> None:
    low, high = await two_people(gql)
    errors = await errors_of(gql, personA=low, personB=high, strength=strength)
    assert errors == {("strength",): "VALIDATION"}
    assert await relationship_count(gql) == 0


async def test_ids_of_the_wrong_type_are_validation_errors(gql: GraphQLClient) -> None:
    query = """mutation { createOrganization(input: {name: "侨联", kind: OTHER}) {
      organization { id } errors { code } } }"""
    org = (await gql.mutate(query))["organization"]["id"]
    low, _ = await two_people(gql)
    errors = await errors_of(gql, personA=org, personB=low)
    assert errors == {("personA",): "VALIDATION"}


async def test_missing_person_is_not_found(gql: GraphQLClient) -> None:
    low, _ = await two_people(gql)
    errors = await errors_of(gql, personA=low, personB=gid("Person", 999_999))
    assert errors == {("personB",): "NOT_FOUND"}
    # Reported on the field the client sent, even when the pair is swapped to store it.
    errors = await errors_of(gql, personA=gid("Person", 999_999), personB=low)
    assert errors == {("personA",): "NOT_FOUND"}


async def test_update_changes_sent_fields_and_checks_the_version(gql: GraphQLClient) -> None:
    low, high = await two_people(gql)
    rel = await create(gql, personA=low, personB=high, source="名片")
    payload = await gql.mutate(
        UPDATE,
        input={"id": rel["id"], "expectedVersion": 1, "strength": 0.8, "since": "2015-09-01"},
    )
    updated = payload["relationship"]
    assert (updated["version"], updated["strength"], updated["since"]) == (2, 0.8, "2015-09-01")
    assert updated["source"] == "名片"
    assert updated["kind"] == "FRIEND"

    stale = (await gql(UPDATE, input={"id": rel["id"], "expectedVersion": 1, "strength": 0.1}))[
        "updateRelationship"
    ]
    assert stale["relationship"] is None
    (error,) = stale["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    assert (await gql(NODE, id=rel["id"]))["node"]["strength"] == 0.8


@pytest.mark.parametrize("strength", [None, 1.5])
async def test_update_refuses_a_bad_strength(gql: GraphQLClient, strength: float | None) -> None:
    low, high = await two_people(gql)
    rel = await create(gql, personA=low, personB=high)
    data = await gql(UPDATE, input={"id": rel["id"], "expectedVersion": 1, "strength": strength})
    (error,) = data["updateRelationship"]["errors"]
    assert (error["field"], error["code"]) == (["strength"], "VALIDATION")
    assert (await gql(NODE, id=rel["id"]))["node"]["version"] == 1


async def test_update_of_another_type_of_id_is_a_validation_error(gql: GraphQLClient) -> None:
    low, _ = await two_people(gql)
    data = await gql(UPDATE, input={"id": low, "expectedVersion": 1, "strength": 0.2})
    (error,) = data["updateRelationship"]["errors"]
    assert (error["field"], error["code"]) == (["id"], "VALIDATION")


async def test_delete_checks_the_version(gql: GraphQLClient) -> None:
    low, high = await two_people(gql)
    rel = await create(gql, personA=low, personB=high)
    data = await gql(DELETE, input={"id": rel["id"], "expectedVersion": 3})
    assert data["deleteRelationship"]["errors"][0]["code"] == "CONFLICT"
    assert (await gql(NODE, id=rel["id"]))["node"] is not None
    payload = await gql.mutate(DELETE, input={"id": rel["id"], "expectedVersion": 1})
    assert payload["deletedId"] == rel["id"]
    assert (await gql(NODE, id=rel["id"]))["node"] is None
    data = await gql(DELETE, input={"id": rel["id"], "expectedVersion": 1})
    assert data["deleteRelationship"]["errors"][0]["code"] == "NOT_FOUND"


# The nested helper, through a schema of its own until Person.relationships uses it.


@strawberry.type
class HelperQuery:
    @strawberry.field
    async def relationships_of(
        self,
        info: Info,
        person: relay.GlobalID,
        kind: list[RelationshipKind] | None = None,  # type: ignore[valid-type]
        order_by: list[RelationshipOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Relationship]:
        request = PageRequest.of(first=first, after=after, max_page_size=100)
        order = [(o.field.name, o.direction is OrderDirection.DESC) for o in order_by or []]
        page, count_rows = await relationship.OF_PERSON.page(
            info.context, int(person.node_id), request, order, kind=kind
        )
        return Connection.from_page(page, Relationship.from_row, count_rows)


HELPER = strawberry.Schema(query=HelperQuery)
TIES = """query($a: ID!, $b: ID!, $c: ID!, $kind: [RelationshipKind!], $o: [RelationshipOrder!],
               $first: Int, $after: String) {
  a: relationshipsOf(person: $a, kind: $kind, orderBy: $o, first: $first, after: $after) {
    ...ties }
  b: relationshipsOf(person: $b, kind: $kind, orderBy: $o, first: $first, after: $after) {
    ...ties }
  c: relationshipsOf(person: $c, kind: $kind, orderBy: $o, first: $first, after: $after) {
    ...ties }
}
fragment ties on RelationshipConnection {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { kind strength personA { name } personB { name } } }
}"""


async def test_a_persons_ties_are_found_from_either_end_in_one_batch(
    gql: GraphQLClient,
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
) -> None:
    a, b = await two_people(gql)
    c, d = await create_person(gql, "王三"), await create_person(gql, "赵四")
    await create(gql, personA=b, personB=a, kind="FRIEND", strength=0.3)
    await create(gql, personA=c, personB=a, kind="MENTOR", strength=0.9)
    await create(gql, personA=a, personB=d, kind="COLLEAGUE", strength=0.6)
    await create(gql, personA=b, personB=c, kind="CLASSMATE", strength=0.5)

    async def run(**variables: Any) -> dict[str, Any]:
        context = Context(settings=settings, session_factory=session_factory)
        result = await HELPER.execute(
            TIES, variable_values={"a": a, "b": b, "c": c, **variables}, context_value=context
        )
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    def ties(connection: dict[str, Any]) -> list[tuple[str, float, str, str]]:
        return [
            (n["kind"], n["strength"], n["personA"]["name"], n["personB"]["name"])
            for n in (e["node"] for e in connection["edges"])
        ]

    with counting(selects_only=True, engine=engine) as statements:
        data = await run()
    # Strongest first; a is at A of one tie and at B of the others.
    assert ties(data["a"]) == [
        ("MENTOR", 0.9, "王三", "陈一"),
        ("COLLEAGUE", 0.6, "陈一", "赵四"),
        ("FRIEND", 0.3, "陈一", "林二"),
    ]
    assert [data[p]["totalCount"] for p in "abc"] == [3, 2, 2]
    assert ties(data["c"]) == [("MENTOR", 0.9, "王三", "陈一"), ("CLASSMATE", 0.5, "林二", "王三")]
    # One page statement for the three people, two counts (as A, as B), one for the people.
    assert len(statements) == 4, statements

    data = await run(kind=["FRIEND", "CLASSMATE"], o=[{"field": "STRENGTH", "direction": "ASC"}])
    assert ties(data["b"]) == [("FRIEND", 0.3, "陈一", "林二"), ("CLASSMATE", 0.5, "林二", "王三")]
    assert [data[p]["totalCount"] for p in "abc"] == [1, 2, 1]

    first = await run(first=2)
    assert first["a"]["pageInfo"]["hasNextPage"] is True
    rest = await run(first=2, after=first["a"]["pageInfo"]["endCursor"])
    assert ties(rest["a"]) == [("FRIEND", 0.3, "陈一", "林二")]
    assert rest["a"]["pageInfo"]["hasNextPage"] is False
