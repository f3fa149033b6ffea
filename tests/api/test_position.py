"""Positions and applications through GraphQL: create, read, filter, order, update, delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.relay import to_base64

from tests import factories
from tests.api.conftest import GraphQLClient

ERRORS = "errors { field message code currentVersion }"
CREATE = f"""
mutation($input: CreatePositionInput!) {{
  createPosition(input: $input) {{
    position {{
      id version title field kind place region openings status isHighLevel description
      organization {{ id name }} event {{ id }}
    }}
    {ERRORS}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdatePositionInput!) {{
  updatePosition(input: $input) {{
    position {{ id version title openings status region }} {ERRORS}
  }}
}}"""
DELETE = f"""
mutation($input: DeletePositionInput!) {{ deletePosition(input: $input) {{ deletedId {ERRORS} }} }}
"""
NODE = """query($id: ID!) { node(id: $id) { id ... on Position {
  title version openings region organization { id } } } }"""
LIST = """query($f: PositionFilter, $o: [PositionOrder!]) {
  positions(filter: $f, orderBy: $o) { totalCount edges { node { title } } } }"""
APPLY = f"""
mutation($input: CreateApplicationInput!) {{
  createApplication(input: $input) {{
    application {{
      id version stage note submittedAt person {{ id name }} position {{ id title }} event {{ id }}
    }}
    {ERRORS}
  }}
}}"""
UPDATE_APPLICATION = f"""
mutation($input: UpdateApplicationInput!) {{
  updateApplication(input: $input) {{ application {{ id version stage note }} {ERRORS} }}
}}"""
DELETE_APPLICATION = f"""
mutation($input: DeleteApplicationInput!) {{
  deleteApplication(input: $input) {{ deletedId {ERRORS} }}
}}"""
APPLICATIONS = """query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Position {
  applications(first: $first, after: $after, orderBy: [{field: CREATED_AT}]) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { person { name } } } } } } }"""
MISSING_ORGANIZATION = to_base64("Organization", 999_999)
MISSING_EVENT = to_base64("Event", 999_999)


async def organization(gql: GraphQLClient, name: str = "华为技术有限公司") -> str:
    query = """mutation($input: CreateOrganizationInput!) {
      createOrganization(input: $input) { organization { id } errors { message } } }"""
    payload = await gql.mutate(query, input={"name": name, "kind": "COMPANY"})
    return str(payload["organization"]["id"])


async def person(gql: GraphQLClient, name: str = "陈建国") -> str:
    query = """mutation($input: CreatePersonInput!) {
      createPerson(input: $input) { person { id } errors { message } } }"""
    return str((await gql.mutate(query, input={"name": name}))["person"]["id"])


async def event(session_factory: async_sessionmaker[AsyncSession]) -> str:
    async with session_factory() as session, session.begin():
        row = await factories.event(session)
    return to_base64("Event", row.id)


async def create_position(gql: GraphQLClient, org: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("title", "算法工程师")
    position: dict[str, Any] = (await gql.mutate(CREATE, input={"organization": org, **fields}))[
        "position"
    ]
    return position


async def test_create_cleans_input_and_links_organization_and_event(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    org, ev = await organization(gql), await event(session_factory)
    position = await create_position(
        gql,
        org,
        title="  首席科学家 ",
        field=" 人工智能 ",
        kind="FLEXIBLE",
        region="粤港澳大湾区",
        openings=3,
        isHighLevel=True,
        event=ev,
        description="",
    )
    assert position["title"] == "首席科学家"
    assert position["field"] == "人工智能"
    assert (position["kind"], position["status"], position["openings"]) == ("FLEXIBLE", "OPEN", 3)
    assert position["isHighLevel"] is True
    assert position["description"] is None
    assert position["organization"] == {"id": org, "name": "华为技术有限公司"}
    assert position["event"] == {"id": ev}
    assert position["version"] == 1
    data = await gql(NODE, id=position["id"])
    assert data["node"]["organization"] == {"id": org}


async def test_defaults_apply_when_left_out(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql))
    assert (position["kind"], position["openings"], position["status"]) == ("FULL_TIME", 1, "OPEN")
    assert position["isHighLevel"] is False
    assert position["event"] is None


async def test_bad_input_returns_every_problem_and_creates_nothing(gql: GraphQLClient) -> None:
    org = await organization(gql)
    data = await gql(CREATE, input={"organization": org, "title": " ", "openings": 0})
    payload = data["createPosition"]
    assert payload["position"] is None
    assert {tuple(e["field"]): e["code"] for e in payload["errors"]} == {
        ("title",): "VALIDATION",
        ("openings",): "VALIDATION",
    }
    data = await gql(CREATE, input={"organization": org, "title": "x" * 201, "region": "y" * 101})
    assert {tuple(e["field"]) for e in data["createPosition"]["errors"]} == {
        ("title",),
        ("region",),
    }
    assert (await gql("{ positions { totalCount } }"))["positions"]["totalCount"] == 0


async def test_references_of_wrong_type_are_validation_and_missing_ones_not_found(
    gql: GraphQLClient,
) -> None:
    someone = await person(gql)
    data = await gql(CREATE, input={"organization": someone, "title": "工程师", "event": someone})
    assert {tuple(e["field"]): e["code"] for e in data["createPosition"]["errors"]} == {
        ("organization",): "VALIDATION",
        ("event",): "VALIDATION",
    }
    data = await gql(
        CREATE,
        input={"organization": MISSING_ORGANIZATION, "title": "工程师", "event": MISSING_EVENT},
    )
    assert {tuple(e["field"]): e["code"] for e in data["createPosition"]["errors"]} == {
        ("organization",): "NOT_FOUND",
        ("event",): "NOT_FOUND",
    }
    assert (await gql("{ positions { totalCount } }"))["positions"]["totalCount"] == 0


async def test_update_changes_only_sent_fields_and_checks_the_version(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql), region="上海")
    payload = await gql.mutate(
        UPDATE,
        input={"id": position["id"], "expectedVersion": 1, "openings": 5, "status": "FILLED"},
    )
    assert payload["position"] == {
        "id": position["id"],
        "version": 2,
        "title": "算法工程师",
        "openings": 5,
        "status": "FILLED",
        "region": "上海",
    }
    data = await gql(UPDATE, input={"id": position["id"], "expectedVersion": 1, "openings": 9})
    (error,) = data["updatePosition"]["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    node = (await gql(NODE, id=position["id"]))["node"]
    assert (node["openings"], node["version"]) == (5, 2)


async def test_update_refuses_bad_values_and_changes_nothing(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql))
    data = await gql(
        UPDATE,
        input={
            "id": position["id"],
            "expectedVersion": 1,
            "openings": -1,
            "organization": None,
            "status": None,
        },
    )
    assert {tuple(e["field"]): e["code"] for e in data["updatePosition"]["errors"]} == {
        ("openings",): "VALIDATION",
        ("organization",): "VALIDATION",
        ("status",): "VALIDATION",
    }
    node = (await gql(NODE, id=position["id"]))["node"]
    assert (node["openings"], node["version"]) == (1, 1)


async def test_delete_checks_the_version(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql))
    data = await gql(DELETE, input={"id": position["id"], "expectedVersion": 3})
    assert data["deletePosition"]["errors"][0]["code"] == "CONFLICT"
    assert (await gql(NODE, id=position["id"]))["node"] is not None
    payload = await gql.mutate(DELETE, input={"id": position["id"], "expectedVersion": 1})
    assert payload["deletedId"] == position["id"]
    assert (await gql(NODE, id=position["id"]))["node"] is None


async def test_filters_combine_with_and_or_not(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    huawei, tencent = await organization(gql), await organization(gql, "腾讯")
    fair = await event(session_factory)
    await create_position(gql, huawei, title="芯片设计师", field="半导体", isHighLevel=True)
    await create_position(gql, huawei, title="算法工程师", kind="PART_TIME", region="深圳")
    await create_position(gql, tencent, title="游戏策划", event=fair, status="CLOSED")

    async def titles(f: dict[str, Any]) -> list[str]:
        data = await gql(LIST, f=f, o=[{"field": "TITLE"}])
        assert data["positions"]["totalCount"] == len(data["positions"]["edges"])
        return sorted(e["node"]["title"] for e in data["positions"]["edges"])

    assert await titles({"organization": [huawei]}) == ["算法工程师", "芯片设计师"]
    assert await titles({"titleContains": "工程"}) == ["算法工程师"]
    assert await titles({"field": ["半导体"], "isHighLevel": True}) == ["芯片设计师"]
    assert await titles({"kind": ["PART_TIME"]}) == ["算法工程师"]
    assert await titles({"status": ["CLOSED"]}) == ["游戏策划"]
    assert await titles({"event": [fair]}) == ["游戏策划"]
    assert await titles({"or": [{"region": ["深圳"]}, {"event": [fair]}]}) == [
        "游戏策划",
        "算法工程师",
    ]
    assert await titles({"not": {"region": ["深圳"]}, "isHighLevel": False}) == ["游戏策划"]
    assert await titles({"and": [{"organization": [huawei]}, {"not": {"isHighLevel": True}}]}) == [
        "算法工程师"
    ]


async def test_order_by_fields_and_directions(gql: GraphQLClient) -> None:
    org = await organization(gql)
    for title, status in (("乙", "OPEN"), ("甲", "CLOSED"), ("丙", "FILLED")):
        await create_position(gql, org, title=title, status=status)

    async def titles(order: list[dict[str, str]]) -> list[str]:
        data = await gql(LIST, o=order)
        return [e["node"]["title"] for e in data["positions"]["edges"]]

    assert await titles([{"field": "STATUS"}]) == ["甲", "丙", "乙"]
    assert await titles([{"field": "STATUS", "direction": "DESC"}]) == ["乙", "丙", "甲"]
    assert await titles([{"field": "CREATED_AT", "direction": "DESC"}]) == ["丙", "甲", "乙"]


async def test_filter_by_id_of_wrong_type_is_a_clear_error(gql: GraphQLClient) -> None:
    body = await gql.execute(LIST, f={"organization": [await person(gql)]})
    assert "organization" in body["errors"][0]["message"]


async def test_application_lifecycle(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    position = await create_position(gql, await organization(gql))
    someone, fair = await person(gql), await event(session_factory)
    application = (
        await gql.mutate(
            APPLY,
            input={"person": someone, "position": position["id"], "event": fair, "note": " 推荐 "},
        )
    )["application"]
    assert application["stage"] == "SUBMITTED"
    assert application["note"] == "推荐"
    assert application["person"] == {"id": someone, "name": "陈建国"}
    assert application["position"] == {"id": position["id"], "title": "算法工程师"}
    assert application["event"] == {"id": fair}
    assert application["submittedAt"]

    update = {"id": application["id"], "expectedVersion": 1, "stage": "OFFER"}
    payload = await gql.mutate(UPDATE_APPLICATION, input=update)
    assert payload["application"] == {
        "id": application["id"],
        "version": 2,
        "stage": "OFFER",
        "note": "推荐",
    }
    data = await gql(UPDATE_APPLICATION, input={**update, "stage": "HIRED"})
    (error,) = data["updateApplication"]["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    data = await gql(UPDATE_APPLICATION, input={**update, "expectedVersion": 2, "stage": None})
    assert [(e["field"], e["code"]) for e in data["updateApplication"]["errors"]] == [
        (["stage"], "VALIDATION")
    ]

    deleted = await gql.mutate(
        DELETE_APPLICATION, input={"id": application["id"], "expectedVersion": 2}
    )
    assert deleted["deletedId"] == application["id"]
    assert (await gql(APPLICATIONS, id=position["id"]))["node"]["applications"]["totalCount"] == 0


async def test_applying_twice_is_a_duplicate(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql))
    application = {"person": await person(gql), "position": position["id"]}
    await gql.mutate(APPLY, input=application)
    data = await gql(APPLY, input={**application, "stage": "SCREENING"})
    (error,) = data["createApplication"]["errors"]
    assert error["code"] == "DUPLICATE"
    assert error["field"] == ["person", "position"]


async def test_application_references_are_checked(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql))
    someone = await person(gql)
    data = await gql(APPLY, input={"person": position["id"], "position": someone})
    assert {tuple(e["field"]): e["code"] for e in data["createApplication"]["errors"]} == {
        ("person",): "VALIDATION",
        ("position",): "VALIDATION",
    }
    missing = to_base64("Position", 999_999)
    data = await gql(APPLY, input={"person": someone, "position": missing, "event": MISSING_EVENT})
    assert {tuple(e["field"]): e["code"] for e in data["createApplication"]["errors"]} == {
        ("position",): "NOT_FOUND",
        ("event",): "NOT_FOUND",
    }
    data = await gql(
        APPLY,
        input={"person": someone, "position": position["id"], "submittedAt": "2025-05-01T09:00:00"},
    )
    assert [(e["field"], e["code"]) for e in data["createApplication"]["errors"]] == [
        (["submittedAt"], "VALIDATION")
    ]
    data = await gql(APPLICATIONS, id=position["id"])
    assert data["node"]["applications"]["totalCount"] == 0


async def test_position_applications_are_a_paged_connection(gql: GraphQLClient) -> None:
    org = await organization(gql)
    wanted, other = await create_position(gql, org), await create_position(gql, org, title="其他")
    names = ["甲", "乙", "丙"]
    for name in names:
        await gql.mutate(APPLY, input={"person": await person(gql, name), "position": wanted["id"]})
    await gql.mutate(APPLY, input={"person": await person(gql, "丁"), "position": other["id"]})

    first = (await gql(APPLICATIONS, id=wanted["id"], first=2))["node"]["applications"]
    assert first["totalCount"] == 3
    assert [e["node"]["person"]["name"] for e in first["edges"]] == ["甲", "乙"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = await gql(APPLICATIONS, id=wanted["id"], first=2, after=first["pageInfo"]["endCursor"])
    rest = rest["node"]["applications"]
    assert [e["node"]["person"]["name"] for e in rest["edges"]] == ["丙"]
    assert rest["pageInfo"]["hasNextPage"] is False

    # A deleted position takes its applications with it.
    await gql.mutate(DELETE, input={"id": other["id"], "expectedVersion": 1})
    query = "{ positions { edges { node { applications { totalCount } } } } }"
    data = await gql(query)
    assert [e["node"]["applications"]["totalCount"] for e in data["positions"]["edges"]] == [3]


async def test_application_stage_changes_are_kept_in_the_history(gql: GraphQLClient) -> None:
    position = await create_position(gql, await organization(gql))
    application = (
        await gql.mutate(APPLY, input={"person": await person(gql), "position": position["id"]})
    )["application"]
    for version, stage in ((1, "SCREENING"), (2, "PRELIMINARY_INTENTION")):
        update = {"id": application["id"], "expectedVersion": version, "stage": stage}
        await gql.mutate(UPDATE_APPLICATION, input={**update, "stageReason": f"to {stage}"})
    # a failed update (stale version) leaves no trace in the history
    await gql(
        UPDATE_APPLICATION, input={"id": application["id"], "expectedVersion": 1, "stage": "HIRED"}
    )
    history = """query($id: ID!) { node(id: $id) { ... on Application {
      stageHistory { totalCount edges { node { fromStage toStage reason } } } } } }"""
    changes = (await gql(history, id=application["id"]))["node"]["stageHistory"]
    assert changes["totalCount"] == 3
    assert [(e["node"]["fromStage"], e["node"]["toStage"]) for e in changes["edges"]] == [
        ("SCREENING", "PRELIMINARY_INTENTION"),
        ("SUBMITTED", "SCREENING"),
        (None, "SUBMITTED"),
    ]
    assert changes["edges"][0]["node"]["reason"] == "to PRELIMINARY_INTENTION"
