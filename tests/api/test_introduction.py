"""Introductions through GraphQL: writes, checks, the path, filters, order and versions."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db import models
from crm.db.types import utcnow
from tests.api.conftest import GraphQLClient

FIELDS = """id version status purpose requestedAt statusChangedAt path outcomeNote
  seeker { id name } targetPerson { id name } targetOrganization { id name }
  broker { id name } event { id name } requestedBy { id username }"""
CREATE = f"""
mutation($input: CreateIntroductionInput!) {{
  createIntroduction(input: $input) {{
    introduction {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdateIntroductionInput!) {{
  updateIntroduction(input: $input) {{
    introduction {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
DELETE = """
mutation($input: DeleteIntroductionInput!) {
  deleteIntroduction(input: $input) { deletedId errors { field message code currentVersion } }
}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ id ... on Introduction {{ {FIELDS} }} }} }}"
LIST = """query($f: IntroductionFilter, $o: [IntroductionOrder!]) {
  introductions(filter: $f, orderBy: $o) { totalCount edges { node { purpose } } } }"""


def gid(type_name: str, key: int) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def key(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":", 1)[1])


async def create_person(gql: GraphQLClient, name: str) -> str:
    query = """mutation($n: String!) {
      createPerson(input: {name: $n}) { person { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["person"]["id"])


async def create_organization(gql: GraphQLClient, name: str = "中关村科技园") -> str:
    query = """mutation($n: String!) {
      createOrganization(input: {name: $n, kind: INDUSTRIAL_PARK}) {
        organization { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["organization"]["id"])


async def create_event(gql: GraphQLClient, name: str = "海创大会") -> str:
    query = """mutation($n: String!) {
      createEvent(input: {name: $n, kind: CONFERENCE}) { event { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["event"]["id"])


@pytest.fixture
async def cast(gql: GraphQLClient) -> dict[str, str]:
    """A seeker, a target person, a broker, an organisation and an event."""
    return {
        "seeker": await create_person(gql, "陈求"),
        "target": await create_person(gql, "林标"),
        "broker": await create_person(gql, "王介"),
        "org": await create_organization(gql),
        "event": await create_event(gql),
    }


async def create(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    introduction: dict[str, Any] = (await gql.mutate(CREATE, input=fields))["introduction"]
    return introduction


async def errors_of(gql: GraphQLClient, **fields: Any) -> dict[tuple[str, ...], str]:
    payload = (await gql(CREATE, input=fields))["createIntroduction"]
    assert payload["introduction"] is None
    return {tuple(e["field"]): e["code"] for e in payload["errors"]}


async def total(gql: GraphQLClient) -> int:
    return int((await gql(LIST))["introductions"]["totalCount"])


async def test_create_to_a_person_with_broker_event_and_path(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    path = [cast["seeker"], cast["broker"], cast["target"]]
    intro = await create(
        gql,
        seeker=cast["seeker"],
        targetPerson=cast["target"],
        broker=cast["broker"],
        event=cast["event"],
        purpose="  合作研发  ",
        path=path,
    )
    assert intro["status"] == "REQUESTED"
    assert intro["purpose"] == "合作研发"
    assert intro["path"] == path
    assert (intro["seeker"]["name"], intro["targetPerson"]["name"]) == ("陈求", "林标")
    assert (intro["broker"]["name"], intro["event"]["name"]) == ("王介", "海创大会")
    assert intro["targetOrganization"] is None
    # Who asked for it: the signed-in staff user.
    assert intro["requestedBy"]["username"].startswith("admin-")
    assert intro["version"] == 1
    assert (await gql(NODE, id=intro["id"]))["node"] == intro


async def test_create_to_an_organisation(gql: GraphQLClient, cast: dict[str, str]) -> None:
    path = [cast["seeker"], cast["event"], cast["org"]]
    intro = await create(gql, seeker=cast["seeker"], targetOrganization=cast["org"], path=path)
    assert intro["targetOrganization"] == {"id": cast["org"], "name": "中关村科技园"}
    assert intro["targetPerson"] is None
    assert intro["path"] == path


async def test_exactly_one_target(gql: GraphQLClient, cast: dict[str, str]) -> None:
    assert await errors_of(gql, seeker=cast["seeker"]) == {("targetPerson",): "VALIDATION"}
    both = {"targetPerson": cast["target"], "targetOrganization": cast["org"]}
    assert await errors_of(gql, seeker=cast["seeker"], **both) == {("targetPerson",): "VALIDATION"}
    assert await total(gql) == 0


async def test_nobody_is_introduced_to_themselves_or_brokers_for_themselves(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    errors = await errors_of(
        gql, seeker=cast["seeker"], targetPerson=cast["seeker"], broker=cast["seeker"]
    )
    assert errors == {("targetPerson",): "VALIDATION", ("broker",): "VALIDATION"}
    assert await total(gql) == 0


async def test_ids_of_the_wrong_type_are_validation_errors(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    errors = await errors_of(
        gql,
        seeker=cast["org"],
        targetOrganization=cast["target"],
        broker=cast["event"],
        event=cast["broker"],
    )
    assert errors == {
        ("seeker",): "VALIDATION",
        ("targetOrganization",): "VALIDATION",
        ("broker",): "VALIDATION",
        ("event",): "VALIDATION",
    }


async def test_missing_records_are_not_found(gql: GraphQLClient, cast: dict[str, str]) -> None:
    errors = await errors_of(
        gql,
        seeker=cast["seeker"],
        targetOrganization=gid("Organization", 999_999),
        event=gid("Event", 999_999),
    )
    assert errors == {("targetOrganization",): "NOT_FOUND", ("event",): "NOT_FOUND"}
    assert await total(gql) == 0


async def test_path_must_run_from_seeker_to_target_once_through_nodes(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    s, t, b = cast["seeker"], cast["target"], cast["broker"]
    for path in (
        [s],  # too short
        [b, t],  # does not start at the seeker
        [s, b],  # does not end at the target
        [s, b, s, t],  # passes the seeker twice
        [s, gid("Consent", 1), t],  # not a node of the network
        [s, base64.b64encode(b"Person:abc").decode(), t],  # not a key
    ):
        errors = await errors_of(gql, seeker=s, targetPerson=t, path=path)
        assert errors == {("path",): "VALIDATION"}, path
    assert await total(gql) == 0


async def test_filters_and_order(gql: GraphQLClient, cast: dict[str, str]) -> None:
    s, t, b, org = cast["seeker"], cast["target"], cast["broker"], cast["org"]
    await create(gql, seeker=s, targetPerson=t, broker=b, purpose="一")
    await create(gql, seeker=s, targetOrganization=org, event=cast["event"], purpose="二")
    await create(gql, seeker=b, targetPerson=s, purpose="三")

    async def purposes(f: dict[str, Any] | None = None, o: Any = None) -> list[str]:
        data = await gql(LIST, f=f, o=o)
        return [e["node"]["purpose"] for e in data["introductions"]["edges"]]

    assert await purposes() == ["三", "二", "一"]  # newest request first
    assert await purposes(o=[{"field": "REQUESTED_AT", "direction": "ASC"}]) == ["一", "二", "三"]
    assert await purposes(o=[{"field": "STATUS_CHANGED_AT"}]) == ["一", "二", "三"]
    assert await purposes({"seeker": [s]}) == ["二", "一"]
    assert await purposes({"target": [t, org]}) == ["二", "一"]
    assert await purposes({"target": [s]}) == ["三"]
    assert await purposes({"broker": [b]}) == ["一"]
    assert await purposes({"event": [cast["event"]]}) == ["二"]
    assert await purposes({"status": ["REQUESTED"]}) == ["三", "二", "一"]
    assert await purposes({"status": ["MADE", "DECLINED"]}) == []
    assert await purposes({"not": {"broker": [b]}}) == ["三", "二"]
    assert await purposes({"or": [{"broker": [b]}, {"target": [s]}]}) == ["三", "一"]
    assert await purposes({"requestedAfter": "2000-01-01T00:00:00Z"}) == ["三", "二", "一"]
    assert await purposes({"requestedAfter": "2999-01-01T00:00:00Z"}) == []


async def test_filter_by_an_id_of_the_wrong_type_is_a_clear_error(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    body = await gql.execute(LIST, f={"target": [cast["event"]]})
    assert "target" in body["errors"][0]["message"]
    body = await gql.execute(LIST, f={"requestedAfter": "2025-01-01T00:00:00"})
    assert "time zone" in body["errors"][0]["message"]


async def test_update_changes_details_and_checks_the_version(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    intro = await create(gql, seeker=cast["seeker"], targetPerson=cast["target"], purpose="旧")
    update_input = {
        "id": intro["id"],
        "expectedVersion": 1,
        "broker": cast["broker"],
        "event": cast["event"],
        "outcomeNote": " 已见面 ",
    }
    updated = (await gql.mutate(UPDATE, input=update_input))["introduction"]
    assert updated["version"] == 2
    assert (updated["broker"]["name"], updated["event"]["name"]) == ("王介", "海创大会")
    assert (updated["outcomeNote"], updated["purpose"], updated["status"]) == (
        "已见面",
        "旧",
        "REQUESTED",
    )

    stale = (await gql(UPDATE, input={**update_input, "purpose": "新"}))["updateIntroduction"]
    (error,) = stale["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    assert (await gql(NODE, id=intro["id"]))["node"]["purpose"] == "旧"

    cleared = {"id": intro["id"], "expectedVersion": 2, "broker": None, "event": None}
    updated = (await gql.mutate(UPDATE, input=cleared))["introduction"]
    assert (updated["broker"], updated["event"], updated["version"]) == (None, None, 3)


async def test_update_checks_references_and_the_broker(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    intro = await create(gql, seeker=cast["seeker"], targetPerson=cast["target"])
    cases = [
        ({"broker": cast["seeker"]}, ("broker",), "VALIDATION"),  # the seeker
        ({"broker": cast["org"]}, ("broker",), "VALIDATION"),  # not a person
        ({"event": gid("Event", 999_999)}, ("event",), "NOT_FOUND"),
    ]
    for fields, field, code in cases:
        data = await gql(UPDATE, input={"id": intro["id"], "expectedVersion": 1, **fields})
        errors = {tuple(e["field"]): e["code"] for e in data["updateIntroduction"]["errors"]}
        assert errors == {field: code}, fields
    node = (await gql(NODE, id=intro["id"]))["node"]
    assert (node["version"], node["broker"], node["event"]) == (1, None, None)


async def test_delete_checks_the_version(gql: GraphQLClient, cast: dict[str, str]) -> None:
    intro = await create(gql, seeker=cast["seeker"], targetPerson=cast["target"])
    data = await gql(DELETE, input={"id": intro["id"], "expectedVersion": 2})
    assert data["deleteIntroduction"]["errors"][0]["code"] == "CONFLICT"
    assert await total(gql) == 1
    await gql.mutate(DELETE, input={"id": intro["id"], "expectedVersion": 1})
    assert await total(gql) == 0
    assert (await gql(NODE, id=intro["id"]))["node"] is None


async def test_requested_by_is_a_staff_user_without_secrets(
    gql: GraphQLClient, cast: dict[str, str], session_factory: async_sessionmaker[AsyncSession]
) -> None:
    intro = await create(gql, seeker=cast["seeker"], targetPerson=cast["target"])
    async with session_factory() as session, session.begin():
        user_id = (
            await session.execute(
                insert(models.User)
                .values(
                    username="liaison1",
                    display_name="联络员一",
                    role="liaison",
                    email="l1@example.com",
                    password_hash="secret",
                    created_at=utcnow(),
                    updated_at=utcnow(),
                )
                .returning(col(models.User.id))
            )
        ).scalar_one()
        assert user_id is not None
        await session.execute(
            update(models.Introduction)
            .where(col(models.Introduction.id) == key(intro["id"]))
            .values(requested_by_id=user_id)
        )
    node = (await gql(NODE, id=intro["id"]))["node"]
    assert node["requestedBy"] == {"id": gid("User", user_id), "username": "liaison1"}
    query = """query($id: ID!) { node(id: $id) { ... on User {
      username displayName role isActive } } }"""
    user = (await gql(query, id=gid("User", user_id)))["node"]
    assert user == {
        "username": "liaison1",
        "displayName": "联络员一",
        "role": "LIAISON",
        "isActive": True,
    }
    fields = (await gql('{ __type(name: "User") { fields { name } } }'))["__type"]["fields"]
    # No password hash, no token secret: a user's tokens show their prefixes only.
    assert {f["name"] for f in fields} == {
        "id",
        "version",
        "username",
        "displayName",
        "role",
        "isActive",
        "createdAt",
        "updatedAt",
        "apiTokens",
    }
    token = (await gql('{ __type(name: "ApiToken") { fields { name } } }'))["__type"]["fields"]
    assert {f["name"] for f in token} == {
        "id",
        "name",
        "prefix",
        "scopes",
        "expiresAt",
        "revokedAt",
        "lastUsedAt",
        "createdAt",
    }
