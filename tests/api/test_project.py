"""Projects and participations through GraphQL: writes, checks, filters, order, nested lists."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQLClient
from tests.api.test_event import create_event, create_organization, create_person, errors, gid

PROJECT_FIELDS = """id version name nameEn kind stage field region intendedAmount signedAmount
  currency description event { id name }"""
CREATE = f"""
mutation($input: CreateProjectInput!) {{
  createProject(input: $input) {{
    project {{ {PROJECT_FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdateProjectInput!) {{
  updateProject(input: $input) {{
    project {{ {PROJECT_FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
DELETE = """
mutation($input: DeleteProjectInput!) {
  deleteProject(input: $input) { deletedId errors { field message code currentVersion } }
}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ id ... on Project {{ {PROJECT_FIELDS} }} }} }}"
LIST = """query($f: ProjectFilter, $o: [ProjectOrder!]) {
  projects(filter: $f, orderBy: $o) { totalCount edges { node { name } } } }"""
PARTICIPATE = """
mutation($input: CreateParticipationInput!) {
  createParticipation(input: $input) {
    participation { id version role project { name } person { name } organization { name } }
    errors { field message code currentVersion }
  }
}"""
UPDATE_PARTICIPATION = """
mutation($input: UpdateParticipationInput!) {
  updateParticipation(input: $input) {
    participation { id version role }
    errors { field message code currentVersion }
  }
}"""
DELETE_PARTICIPATION = """
mutation($input: DeleteParticipationInput!) {
  deleteParticipation(input: $input) { deletedId errors { field code } }
}"""


async def create_project(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    fields.setdefault("name", "高端医疗器械产业化项目")
    fields.setdefault("kind", "ENTREPRENEURIAL")
    project: dict[str, Any] = (await gql.mutate(CREATE, input=fields))["project"]
    return project


async def names(gql: GraphQLClient, f: dict[str, Any] | None = None, **vars: Any) -> list[str]:
    data = await gql(LIST, f=f, **vars)
    return [e["node"]["name"] for e in data["projects"]["edges"]]


async def count_projects(gql: GraphQLClient) -> int:
    return int((await gql("{ projects { totalCount } }"))["projects"]["totalCount"])


async def test_create_cleans_input_and_node_reads_every_field(gql: GraphQLClient) -> None:
    event = await create_event(gql, name="海交会")
    project = await create_project(
        gql,
        name=" 高端医疗器械产业化项目  ",
        nameEn="Medical devices",
        kind="HIGH_TECH_ACHIEVEMENT",
        stage="NEGOTIATING",
        field="biomedicine",
        region="福建",
        intendedAmount="15000000.5",
        signedAmount=0,
        currency="usd",
        event=event["id"],
        description="从海交会对接",
    )
    expected = {
        "id": project["id"],
        "version": 1,
        "name": "高端医疗器械产业化项目",
        "nameEn": "Medical devices",
        "kind": "HIGH_TECH_ACHIEVEMENT",
        "stage": "NEGOTIATING",
        "field": "biomedicine",
        "region": "福建",
        "intendedAmount": "15000000.50",
        "signedAmount": "0.00",
        "currency": "USD",
        "description": "从海交会对接",
        "event": {"id": event["id"], "name": "海交会"},
    }
    assert project == expected
    assert (await gql(NODE, id=project["id"]))["node"] == expected


async def test_defaults_are_lead_and_cny(gql: GraphQLClient) -> None:
    project = await create_project(gql)
    assert (project["stage"], project["currency"], project["event"]) == ("LEAD", "CNY", None)


async def test_update_changes_only_sent_fields_and_bumps_version(gql: GraphQLClient) -> None:
    project = await create_project(gql, field="AI", intendedAmount="100")
    payload = await gql.mutate(
        UPDATE,
        input={"id": project["id"], "expectedVersion": 1, "stage": "SIGNED", "signedAmount": 90},
    )
    updated = payload["project"]
    assert (updated["version"], updated["stage"], updated["field"]) == (2, "SIGNED", "AI")
    assert (updated["intendedAmount"], updated["signedAmount"]) == ("100.00", "90.00")
    payload = await gql.mutate(
        UPDATE, input={"id": project["id"], "expectedVersion": 2, "intendedAmount": None}
    )
    assert payload["project"]["intendedAmount"] is None


async def test_stale_version_is_a_conflict_and_changes_nothing(gql: GraphQLClient) -> None:
    project = await create_project(gql)
    await gql.mutate(UPDATE, input={"id": project["id"], "expectedVersion": 1, "region": "厦门"})
    data = await gql(UPDATE, input={"id": project["id"], "expectedVersion": 1, "region": "福州"})
    assert data["updateProject"]["project"] is None
    (error,) = data["updateProject"]["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    node = (await gql(NODE, id=project["id"]))["node"]
    assert (node["version"], node["region"]) == (2, "厦门")


async def test_bad_input_returns_every_problem_and_creates_nothing(gql: GraphQLClient) -> None:
    data = await gql(
        CREATE,
        input={
            "name": " ",
            "kind": "INVESTMENT",
            "field": "x" * 101,
            "intendedAmount": "-1",
            "signedAmount": "1e17",
            "currency": "RMB1",
        },
    )
    assert data["createProject"]["project"] is None
    assert errors(data["createProject"]) == {
        ("name",): "VALIDATION",
        ("field",): "VALIDATION",
        ("intendedAmount",): "VALIDATION",
        ("signedAmount",): "VALIDATION",
        ("currency",): "VALIDATION",
    }
    assert await count_projects(gql) == 0


async def test_bad_update_changes_nothing(gql: GraphQLClient) -> None:
    project = await create_project(gql, intendedAmount=5)
    data = await gql(
        UPDATE,
        input={"id": project["id"], "expectedVersion": 1, "intendedAmount": -5, "kind": None},
    )
    assert errors(data["updateProject"]) == {
        ("intendedAmount",): "VALIDATION",
        ("kind",): "VALIDATION",
    }
    node = (await gql(NODE, id=project["id"]))["node"]
    assert (node["version"], node["intendedAmount"], node["kind"]) == (1, "5.00", "ENTREPRENEURIAL")


async def test_references_are_checked(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    data = await gql(CREATE, input={"name": "项目", "kind": "COOPERATION", "event": person})
    assert errors(data["createProject"]) == {("event",): "VALIDATION"}
    data = await gql(CREATE, input={"name": "项目", "kind": "COOPERATION", "owner": person})
    assert errors(data["createProject"]) == {("owner",): "VALIDATION"}
    missing = {"event": gid("Event", 999_999), "owner": gid("User", 999_999)}
    data = await gql(CREATE, input={"name": "项目", "kind": "COOPERATION", **missing})
    assert errors(data["createProject"]) == {("event",): "NOT_FOUND", ("owner",): "NOT_FOUND"}
    assert await count_projects(gql) == 0


async def test_delete_checks_the_version(gql: GraphQLClient) -> None:
    project = await create_project(gql)
    data = await gql(DELETE, input={"id": project["id"], "expectedVersion": 2})
    assert [e["code"] for e in data["deleteProject"]["errors"]] == ["CONFLICT"]
    assert await count_projects(gql) == 1
    payload = await gql.mutate(DELETE, input={"id": project["id"], "expectedVersion": 1})
    assert payload["deletedId"] == project["id"]
    assert (await gql(NODE, id=project["id"]))["node"] is None


async def test_filters_combine_with_and_or_not(gql: GraphQLClient) -> None:
    fair = await create_event(gql, name="海交会")
    await create_project(
        gql,
        name="芯片",
        kind="ENTREPRENEURIAL",
        stage="SIGNED",
        field="semiconductors",
        region="厦门",
        intendedAmount=5_000_000,
        event=fair["id"],
    )
    await create_project(
        gql,
        name="新药",
        nameEn="New drug",
        kind="HIGH_TECH_ACHIEVEMENT",
        stage="LEAD",
        field="biomedicine",
        region="福州",
        intendedAmount=20_000_000,
    )
    await create_project(gql, name="基金", kind="INVESTMENT", stage="DROPPED", region="厦门")

    async def found(f: dict[str, Any]) -> set[str]:
        return set(await names(gql, f))

    assert await found({"nameContains": "DRUG"}) == {"新药"}
    assert await found({"kind": ["INVESTMENT", "ENTREPRENEURIAL"]}) == {"芯片", "基金"}
    assert await found({"stage": ["LEAD"]}) == {"新药"}
    assert await found({"field": ["biomedicine", "semiconductors"]}) == {"芯片", "新药"}
    assert await found({"region": ["厦门"]}) == {"芯片", "基金"}
    assert await found({"event": [fair["id"]]}) == {"芯片"}
    assert await found({"minIntendedAmount": "5000000"}) == {"芯片", "新药"}
    assert await found({"maxIntendedAmount": 10_000_000}) == {"芯片"}
    assert await found({"minIntendedAmount": 1, "maxIntendedAmount": "5000000.00"}) == {"芯片"}
    assert await found({"or": [{"stage": ["DROPPED"]}, {"field": ["biomedicine"]}]}) == {
        "基金",
        "新药",
    }
    # NOT treats an unknown amount as false: the fund without one stays in.
    assert await found({"not": {"minIntendedAmount": 10_000_000}}) == {"芯片", "基金"}
    assert await found({"and": [{"region": ["厦门"]}, {"not": {"kind": ["INVESTMENT"]}}]}) == {
        "芯片"
    }
    person = await create_person(gql)
    body = await gql.execute(LIST, f={"event": [person]})
    assert "event" in body["errors"][0]["message"]


async def test_order_by_stage_amounts_and_name(gql: GraphQLClient) -> None:
    for name, stage, amount in (
        ("Birch", "SIGNED", 300),
        ("Amber", "LEAD", None),
        ("Cedar", "NEGOTIATING", 100),
        ("Delta", "DROPPED", 200),
    ):
        await create_project(gql, name=name, stage=stage, intendedAmount=amount)

    async def ordered(field: str, direction: str = "ASC") -> list[str]:
        return await names(gql, o=[{"field": field, "direction": direction}])

    # Stages in pipeline order, not alphabetically.
    assert await ordered("STAGE") == ["Amber", "Cedar", "Birch", "Delta"]
    assert await ordered("STAGE", "DESC") == ["Delta", "Birch", "Cedar", "Amber"]
    # Records without a value come last in either direction, as everywhere.
    assert await ordered("INTENDED_AMOUNT") == ["Cedar", "Delta", "Birch", "Amber"]
    assert await ordered("INTENDED_AMOUNT", "DESC") == ["Birch", "Delta", "Cedar", "Amber"]
    assert await names(gql) == ["Amber", "Birch", "Cedar", "Delta"]
    assert await ordered("NAME", "DESC") == ["Delta", "Cedar", "Birch", "Amber"]
    assert await ordered("CREATED_AT") == ["Birch", "Amber", "Cedar", "Delta"]


async def test_participation_of_a_person_and_of_an_organisation(gql: GraphQLClient) -> None:
    project = await create_project(gql, name="芯片")
    person = await create_person(gql, "林三")
    organization = await create_organization(gql, "厦门火炬高新区")
    payload = await gql.mutate(
        PARTICIPATE, input={"project": project["id"], "person": person, "role": "LEAD"}
    )
    assert payload["participation"] == {
        "id": payload["participation"]["id"],
        "version": 1,
        "role": "LEAD",
        "project": {"name": "芯片"},
        "person": {"name": "林三"},
        "organization": None,
    }
    payload = await gql.mutate(
        PARTICIPATE, input={"project": project["id"], "organization": organization, "role": "HOST"}
    )
    host = payload["participation"]
    assert (host["person"], host["organization"]) == (None, {"name": "厦门火炬高新区"})
    node = await gql(
        "query($id: ID!) { node(id: $id) { ... on Participation { role project { name } } } }",
        id=host["id"],
    )
    assert node["node"] == {"role": "HOST", "project": {"name": "芯片"}}


async def test_a_participant_is_exactly_one_of_person_and_organisation(
    gql: GraphQLClient,
) -> None:
    project = await create_project(gql)
    person = await create_person(gql)
    organization = await create_organization(gql)
    both = {"project": project["id"], "person": person, "organization": organization}
    data = await gql(PARTICIPATE, input={**both, "role": "PARTNER"})
    assert data["createParticipation"]["participation"] is None
    assert errors(data["createParticipation"]) == {("organization",): "VALIDATION"}
    data = await gql(PARTICIPATE, input={"project": project["id"], "role": "PARTNER"})
    assert errors(data["createParticipation"]) == {("person",): "VALIDATION"}
    data = await gql(
        PARTICIPATE,
        input={"project": project["id"], "person": None, "organization": None, "role": "HOST"},
    )
    assert errors(data["createParticipation"]) == {("person",): "VALIDATION"}
    participants = """query($id: ID!) { node(id: $id) { ... on Project {
      participants { totalCount } } } }"""
    assert (await gql(participants, id=project["id"]))["node"]["participants"]["totalCount"] == 0


async def test_participation_references_are_checked(gql: GraphQLClient) -> None:
    project = await create_project(gql)
    person = await create_person(gql)
    organization = await create_organization(gql)
    data = await gql(
        PARTICIPATE, input={"project": person, "person": organization, "role": "INVESTOR"}
    )
    assert errors(data["createParticipation"]) == {
        ("project",): "VALIDATION",
        ("person",): "VALIDATION",
    }
    data = await gql(
        PARTICIPATE, input={"project": project["id"], "organization": person, "role": "INVESTOR"}
    )
    assert errors(data["createParticipation"]) == {("organization",): "VALIDATION"}
    data = await gql(
        PARTICIPATE,
        input={"project": gid("Project", 999_999), "person": person, "role": "INVESTOR"},
    )
    assert errors(data["createParticipation"]) == {("project",): "NOT_FOUND"}


async def test_the_same_participant_in_the_same_role_is_a_duplicate(gql: GraphQLClient) -> None:
    project = await create_project(gql)
    person = await create_person(gql)
    await gql.mutate(
        PARTICIPATE, input={"project": project["id"], "person": person, "role": "LEAD"}
    )
    data = await gql(
        PARTICIPATE, input={"project": project["id"], "person": person, "role": "LEAD"}
    )
    assert [e["code"] for e in data["createParticipation"]["errors"]] == ["DUPLICATE"]
    # Another role is another participation.
    await gql.mutate(
        PARTICIPATE, input={"project": project["id"], "person": person, "role": "INVESTOR"}
    )


async def test_participation_role_is_updated_with_a_version_and_deleted(
    gql: GraphQLClient,
) -> None:
    project = await create_project(gql)
    person = await create_person(gql)
    created = await gql.mutate(
        PARTICIPATE, input={"project": project["id"], "person": person, "role": "PARTNER"}
    )
    pid = created["participation"]["id"]
    payload = await gql.mutate(
        UPDATE_PARTICIPATION, input={"id": pid, "expectedVersion": 1, "role": "ADVISER"}
    )
    assert (payload["participation"]["role"], payload["participation"]["version"]) == (
        "ADVISER",
        2,
    )
    data = await gql(UPDATE_PARTICIPATION, input={"id": pid, "expectedVersion": 1, "role": "LEAD"})
    assert [(e["code"], e["currentVersion"]) for e in data["updateParticipation"]["errors"]] == [
        ("CONFLICT", 2)
    ]
    data = await gql(UPDATE_PARTICIPATION, input={"id": pid, "expectedVersion": 2, "role": None})
    assert errors(data["updateParticipation"]) == {("role",): "VALIDATION"}
    data = await gql(DELETE_PARTICIPATION, input={"id": pid, "expectedVersion": 1})
    assert [e["code"] for e in data["deleteParticipation"]["errors"]] == ["CONFLICT"]
    payload = await gql.mutate(DELETE_PARTICIPATION, input={"id": pid, "expectedVersion": 2})
    assert payload["deletedId"] == pid


async def test_participants_are_a_paged_connection(gql: GraphQLClient) -> None:
    chips = await create_project(gql, name="芯片")
    drugs = await create_project(gql, name="新药")
    organization = await create_organization(gql, "国投创业")
    for i, role in enumerate(["LEAD", "PARTNER", "ADVISER"]):
        person = await create_person(gql, f"专家{i}")
        await gql.mutate(
            PARTICIPATE, input={"project": chips["id"], "person": person, "role": role}
        )
    await gql.mutate(
        PARTICIPATE,
        input={"project": chips["id"], "organization": organization, "role": "INVESTOR"},
    )
    await gql.mutate(
        PARTICIPATE,
        input={"project": drugs["id"], "organization": organization, "role": "INVESTOR"},
    )
    query = """query($f: ProjectFilter, $after: String) {
      projects(filter: $f, orderBy: [{field: NAME}]) {
      edges { node { name participants(first: 3, after: $after) {
        totalCount edges { node { role person { name } organization { name } } }
        pageInfo { hasNextPage endCursor } } } } } }"""
    data = await gql(query)
    pages = {e["node"]["name"]: e["node"]["participants"] for e in data["projects"]["edges"]}
    assert (pages["芯片"]["totalCount"], pages["新药"]["totalCount"]) == (4, 1)
    chips_page = pages["芯片"]
    assert [e["node"]["role"] for e in chips_page["edges"]] == ["LEAD", "PARTNER", "ADVISER"]
    assert chips_page["edges"][0]["node"]["person"] == {"name": "专家0"}
    assert chips_page["pageInfo"]["hasNextPage"] is True
    after = chips_page["pageInfo"]["endCursor"]
    data = await gql(query, f={"nameContains": "芯片"}, after=after)
    (edge,) = data["projects"]["edges"]
    rest = edge["node"]["participants"]
    assert [e["node"] for e in rest["edges"]] == [
        {"role": "INVESTOR", "person": None, "organization": {"name": "国投创业"}}
    ]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_deleting_a_project_removes_its_participations(gql: GraphQLClient) -> None:
    project = await create_project(gql)
    person = await create_person(gql)
    created = await gql.mutate(
        PARTICIPATE, input={"project": project["id"], "person": person, "role": "LEAD"}
    )
    await gql.mutate(DELETE, input={"id": project["id"], "expectedVersion": 1})
    node = await gql("query($id: ID!) { node(id: $id) { id } }", id=created["participation"]["id"])
    assert node["node"] is None


async def test_deleting_the_event_keeps_the_project(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    project = await create_project(gql, event=event["id"])
    await gql.mutate(
        "mutation($input: DeleteEventInput!) { deleteEvent(input: $input) { errors { code } } }",
        input={"id": event["id"], "expectedVersion": 1},
    )
    assert (await gql(NODE, id=project["id"]))["node"]["event"] is None


WALK = """query($o: [ProjectOrder!], $after: String, $before: String, $first: Int, $last: Int) {
  projects(orderBy: $o, first: $first, after: $after, last: $last, before: $before) {
    edges { node { name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"""


async def test_cursors_walk_stage_and_amount_orders_both_ways(gql: GraphQLClient) -> None:
    for i in range(7):
        amount = None if i % 3 == 0 else i * 10
        stage = ["LEAD", "SIGNED", "DROPPED"][i % 3]
        await create_project(gql, name=f"P{i}", stage=stage, intendedAmount=amount)
    for order in (
        [{"field": "STAGE"}, {"field": "INTENDED_AMOUNT", "direction": "DESC"}],
        [{"field": "INTENDED_AMOUNT"}],
    ):
        expected = await names(gql, o=order)
        forwards: list[str] = []
        after = None
        while True:
            page = (await gql(WALK, o=order, first=2, after=after))["projects"]
            forwards += [e["node"]["name"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        backwards: list[str] = []
        before = None
        while True:
            page = (await gql(WALK, o=order, last=3, before=before))["projects"]
            backwards = [e["node"]["name"] for e in page["edges"]] + backwards
            if not page["pageInfo"]["hasPreviousPage"]:
                break
            before = page["pageInfo"]["startCursor"]
        assert forwards == expected
        assert backwards == expected
        assert len(expected) == 7


async def test_stage_changes_are_kept_in_the_history_with_their_reason(gql: GraphQLClient) -> None:
    created = await create_project(gql, name="三明中关村科技园", stage="LEAD")
    update = """mutation($input: UpdateProjectInput!) {
      updateProject(input: $input) { project { version } errors { field code } } }"""
    await gql.mutate(
        update,
        input={
            "id": created["id"],
            "expectedVersion": 1,
            "stage": "NEGOTIATING",
            "stageReason": "met at the Beijing session",
        },
    )
    # a change that leaves the stage alone adds nothing to the history
    await gql.mutate(update, input={"id": created["id"], "expectedVersion": 2, "region": "Fujian"})
    history = """query($id: ID!) { node(id: $id) { ... on Project {
      stageHistory { totalCount edges { node { fromStage toStage reason changedAt } } } } } }"""
    data = await gql(history, id=created["id"])
    changes = data["node"]["stageHistory"]
    assert changes["totalCount"] == 2
    newest, first = (e["node"] for e in changes["edges"])
    assert (newest["fromStage"], newest["toStage"]) == ("LEAD", "NEGOTIATING")
    assert newest["reason"] == "met at the Beijing session"
    assert (first["fromStage"], first["toStage"]) == (None, "LEAD")
