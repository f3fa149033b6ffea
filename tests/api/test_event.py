"""Events and attendances through GraphQL: writes, checks, filters, order and nested lists."""

from __future__ import annotations

import base64
from typing import Any

from tests.api.conftest import GraphQLClient

EVENT_FIELDS = """id version name nameEn kind startsOn endsOn place city region country
  reportedParticipants onlineVisits description
  parent { id name } organizer { id name }"""
CREATE = f"""
mutation($input: CreateEventInput!) {{
  createEvent(input: $input) {{
    event {{ {EVENT_FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdateEventInput!) {{
  updateEvent(input: $input) {{
    event {{ {EVENT_FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
DELETE = """
mutation($input: DeleteEventInput!) {
  deleteEvent(input: $input) { deletedId errors { field message code currentVersion } }
}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ id ... on Event {{ {EVENT_FIELDS} }} }} }}"
LIST = """query($f: EventFilter, $o: [EventOrder!], $first: Int, $after: String) {
  events(filter: $f, orderBy: $o, first: $first, after: $after) {
    totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }"""
RECORD = """
mutation($input: RecordAttendanceInput!) {
  recordAttendance(input: $input) {
    attendance { id version role person { name } event { name } }
    errors { field message code currentVersion }
  }
}"""
UPDATE_ATTENDANCE = """
mutation($input: UpdateAttendanceInput!) {
  updateAttendance(input: $input) {
    attendance { id version role }
    errors { field message code currentVersion }
  }
}"""
DELETE_ATTENDANCE = """
mutation($input: DeleteAttendanceInput!) {
  deleteAttendance(input: $input) { deletedId errors { field code } }
}"""


def gid(type_name: str, key: int) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def create_event(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    fields.setdefault("name", "海外高层次人才创新创业大会")
    fields.setdefault("kind", "CONFERENCE")
    event: dict[str, Any] = (await gql.mutate(CREATE, input=fields))["event"]
    return event


async def create_person(gql: GraphQLClient, name: str = "陈建国") -> str:
    query = """mutation($n: String!) {
      createPerson(input: {name: $n}) { person { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["person"]["id"])


async def create_organization(gql: GraphQLClient, name: str = "福建省侨联") -> str:
    query = """mutation($n: String!) {
      createOrganization(input: {name: $n, kind: OVERSEAS_CHINESE_FEDERATION}) {
        organization { id } errors { code } } }"""
    return str((await gql.mutate(query, n=name))["organization"]["id"])


async def names(gql: GraphQLClient, f: dict[str, Any] | None = None, **vars: Any) -> list[str]:
    data = await gql(LIST, f=f, **vars)
    return [e["node"]["name"] for e in data["events"]["edges"]]


async def count_events(gql: GraphQLClient) -> int:
    return int((await gql("{ events { totalCount } }"))["events"]["totalCount"])


def errors(payload: dict[str, Any]) -> dict[tuple[str, ...], str]:
    return {tuple(e["field"] or ()): e["code"] for e in payload["errors"]}


async def test_create_cleans_input_and_node_reads_every_field(gql: GraphQLClient) -> None:
    organizer = await create_organization(gql)
    conference = await create_event(gql, name="第二十届海交会", startsOn="2025-05-10")
    session = await create_event(
        gql,
        name="  生物医药专场 ",
        nameEn="Biomedicine session",
        kind="SESSION",
        startsOn="2025-05-11",
        endsOn="2025-05-11",
        place="海峡国际会展中心",
        city="Fuzhou",
        region="福建",
        country="cn",
        parent=conference["id"],
        organizer=organizer,
        reportedParticipants=350,
        onlineVisits=0,
        description="路演与对接",
    )
    expected = {
        "id": session["id"],
        "version": 1,
        "name": "生物医药专场",
        "nameEn": "Biomedicine session",
        "kind": "SESSION",
        "startsOn": "2025-05-11",
        "endsOn": "2025-05-11",
        "place": "海峡国际会展中心",
        "city": "Fuzhou",
        "region": "福建",
        "country": "CN",
        "reportedParticipants": 350,
        "onlineVisits": 0,
        "description": "路演与对接",
        "parent": {"id": conference["id"], "name": "第二十届海交会"},
        "organizer": {"id": organizer, "name": "福建省侨联"},
    }
    assert session == expected
    assert (await gql(NODE, id=session["id"]))["node"] == expected
    assert conference["parent"] is None
    assert conference["organizer"] is None


async def test_update_changes_only_sent_fields_and_bumps_version(gql: GraphQLClient) -> None:
    event = await create_event(gql, city="Fuzhou", startsOn="2025-05-10")
    payload = await gql.mutate(
        UPDATE, input={"id": event["id"], "expectedVersion": 1, "endsOn": "2025-05-12"}
    )
    updated = payload["event"]
    assert (updated["version"], updated["city"], updated["startsOn"], updated["endsOn"]) == (
        2,
        "Fuzhou",
        "2025-05-10",
        "2025-05-12",
    )
    payload = await gql.mutate(
        UPDATE, input={"id": event["id"], "expectedVersion": 2, "city": None}
    )
    assert payload["event"]["city"] is None


async def test_stale_version_is_a_conflict_and_changes_nothing(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    await gql.mutate(UPDATE, input={"id": event["id"], "expectedVersion": 1, "city": "Fuzhou"})
    data = await gql(UPDATE, input={"id": event["id"], "expectedVersion": 1, "city": "Xiamen"})
    payload = data["updateEvent"]
    assert payload["event"] is None
    (error,) = payload["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    node = (await gql(NODE, id=event["id"]))["node"]
    assert (node["version"], node["city"]) == (2, "Fuzhou")


async def test_bad_input_returns_every_problem_and_creates_nothing(gql: GraphQLClient) -> None:
    data = await gql(
        CREATE,
        input={
            "name": "  ",
            "kind": "MEETING",
            "startsOn": "2025-05-10",
            "endsOn": "2025-05-09",
            "country": "QQ",
            "place": "x" * 201,
            "reportedParticipants": -1,
            "onlineVisits": -5,
        },
    )
    assert data["createEvent"]["event"] is None
    assert errors(data["createEvent"]) == {
        ("name",): "VALIDATION",
        ("endsOn",): "VALIDATION",
        ("country",): "VALIDATION",
        ("place",): "VALIDATION",
        ("reportedParticipants",): "VALIDATION",
        ("onlineVisits",): "VALIDATION",
    }
    assert await count_events(gql) == 0


async def test_update_ending_before_the_stored_start_is_refused(gql: GraphQLClient) -> None:
    event = await create_event(gql, startsOn="2025-05-10")
    data = await gql(
        UPDATE, input={"id": event["id"], "expectedVersion": 1, "endsOn": "2025-05-01"}
    )
    assert errors(data["updateEvent"]) == {("endsOn",): "VALIDATION"}
    node = (await gql(NODE, id=event["id"]))["node"]
    assert (node["version"], node["endsOn"]) == (1, None)


async def test_update_with_null_kind_or_name_is_refused(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    data = await gql(
        UPDATE, input={"id": event["id"], "expectedVersion": 1, "kind": None, "name": None}
    )
    assert errors(data["updateEvent"]) == {("kind",): "VALIDATION", ("name",): "VALIDATION"}


async def test_an_event_cannot_be_its_own_parent_or_inside_its_sessions(
    gql: GraphQLClient,
) -> None:
    conference = await create_event(gql, name="大会")
    session = await create_event(gql, name="分会", kind="SESSION", parent=conference["id"])
    panel = await create_event(gql, name="圆桌", kind="MEETING", parent=session["id"])
    for parent in (conference["id"], session["id"], panel["id"]):
        data = await gql(
            UPDATE, input={"id": conference["id"], "expectedVersion": 1, "parent": parent}
        )
        assert errors(data["updateEvent"]) == {("parent",): "VALIDATION"}
    node = (await gql(NODE, id=conference["id"]))["node"]
    assert (node["version"], node["parent"]) == (1, None)
    # Moving a session under another conference is fine.
    other = await create_event(gql, name="另一大会")
    payload = await gql.mutate(
        UPDATE, input={"id": session["id"], "expectedVersion": 1, "parent": other["id"]}
    )
    assert payload["event"]["parent"]["name"] == "另一大会"


async def test_references_of_the_wrong_type_are_validation_errors(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    data = await gql(
        CREATE, input={"name": "会", "kind": "MEETING", "parent": person, "organizer": person}
    )
    assert errors(data["createEvent"]) == {
        ("parent",): "VALIDATION",
        ("organizer",): "VALIDATION",
    }
    assert await count_events(gql) == 0


async def test_references_to_missing_records_are_not_found(gql: GraphQLClient) -> None:
    data = await gql(
        CREATE,
        input={
            "name": "会",
            "kind": "MEETING",
            "parent": gid("Event", 999_999),
            "organizer": gid("Organization", 999_999),
        },
    )
    assert errors(data["createEvent"]) == {("parent",): "NOT_FOUND", ("organizer",): "NOT_FOUND"}


async def test_an_event_with_sessions_cannot_be_deleted(gql: GraphQLClient) -> None:
    conference = await create_event(gql)
    session = await create_event(gql, name="分会", kind="SESSION", parent=conference["id"])
    data = await gql(DELETE, input={"id": conference["id"], "expectedVersion": 1})
    assert data["deleteEvent"]["deletedId"] is None
    assert [e["code"] for e in data["deleteEvent"]["errors"]] == ["CONFLICT"]
    assert await count_events(gql) == 2
    await gql.mutate(DELETE, input={"id": session["id"], "expectedVersion": 1})
    payload = await gql.mutate(DELETE, input={"id": conference["id"], "expectedVersion": 1})
    assert payload["deletedId"] == conference["id"]
    assert (await gql(NODE, id=conference["id"]))["node"] is None


async def test_delete_with_a_stale_version_keeps_the_event(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    data = await gql(DELETE, input={"id": event["id"], "expectedVersion": 3})
    assert [(e["code"], e["currentVersion"]) for e in data["deleteEvent"]["errors"]] == [
        ("CONFLICT", 1)
    ]
    assert await count_events(gql) == 1


async def test_filters_combine_with_and_or_not(gql: GraphQLClient) -> None:
    fair = await create_event(
        gql,
        name="伦敦招聘会",
        nameEn="London fair",
        kind="RECRUITMENT_FAIR",
        region="Europe",
        country="GB",
        startsOn="2024-03-01",
    )
    await create_event(
        gql,
        name="硅谷路演",
        kind="ROADSHOW",
        region="North America",
        country="US",
        startsOn="2024-09-15",
    )
    await create_event(gql, name="线上宣传", kind="ONLINE_CAMPAIGN")
    await create_event(
        gql, name="剑桥分会", kind="SESSION", country="GB", parent=fair["id"], startsOn="2024-03-02"
    )

    async def found(f: dict[str, Any]) -> set[str]:
        return set(await names(gql, f))

    assert await found({"nameContains": "london"}) == {"伦敦招聘会"}
    assert await found({"kind": ["ROADSHOW", "ONLINE_CAMPAIGN"]}) == {"硅谷路演", "线上宣传"}
    assert await found({"region": ["Europe"]}) == {"伦敦招聘会"}
    assert await found({"country": ["gb"]}) == {"伦敦招聘会", "剑桥分会"}
    assert await found({"startsAfter": "2024-03-02"}) == {"剑桥分会", "硅谷路演"}
    assert await found({"startsBefore": "2024-03-02"}) == {"伦敦招聘会", "剑桥分会"}
    assert await found({"startsAfter": "2024-03-02", "startsBefore": "2024-03-02"}) == {"剑桥分会"}
    assert await found({"parent": [fair["id"]]}) == {"剑桥分会"}
    assert await found({"or": [{"country": ["US"]}, {"kind": ["ONLINE_CAMPAIGN"]}]}) == {
        "硅谷路演",
        "线上宣传",
    }
    # NOT treats an unknown start date as false: the undated campaign stays in.
    assert await found({"not": {"startsAfter": "2024-03-02"}}) == {"伦敦招聘会", "线上宣传"}
    assert await found({"and": [{"country": ["GB"]}, {"not": {"kind": ["SESSION"]}}]}) == {
        "伦敦招聘会"
    }


async def test_within_finds_a_conference_and_all_its_sessions(gql: GraphQLClient) -> None:
    conference = await create_event(gql, name="大会")
    session = await create_event(gql, name="分会一", kind="SESSION", parent=conference["id"])
    await create_event(gql, name="分会二", kind="SESSION", parent=conference["id"])
    await create_event(gql, name="圆桌", kind="MEETING", parent=session["id"])
    other = await create_event(gql, name="另一大会")
    await create_event(gql, name="另一分会", kind="SESSION", parent=other["id"])

    within = {"within": conference["id"]}
    assert set(await names(gql, within)) == {"大会", "分会一", "分会二", "圆桌"}
    assert set(await names(gql, {"within": session["id"]})) == {"分会一", "圆桌"}
    either = {"or": [{"within": session["id"]}, {"within": other["id"]}]}
    assert set(await names(gql, either)) == {"分会一", "圆桌", "另一大会", "另一分会"}
    not_sessions = {**within, "not": {"kind": ["SESSION"]}}
    assert set(await names(gql, not_sessions)) == {"圆桌", "大会"}
    data = await gql(LIST, f={"within": conference["id"]})
    assert data["events"]["totalCount"] == 4


async def test_filter_by_id_of_the_wrong_type_is_a_clear_error(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    body = await gql.execute(LIST, f={"within": person})
    assert "within" in body["errors"][0]["message"]
    body = await gql.execute(LIST, f={"parent": [person]})
    assert "parent" in body["errors"][0]["message"]


async def test_default_order_is_most_recent_first_with_undated_last(gql: GraphQLClient) -> None:
    for name, day in (("甲", "2024-01-01"), ("乙", None), ("丙", "2025-01-01"), ("丁", None)):
        await create_event(gql, name=name, startsOn=day)
    assert (await names(gql))[:2] == ["丙", "甲"]
    assert set((await names(gql))[2:]) == {"丁", "乙"}
    ascending = await names(gql, o=[{"field": "STARTS_ON", "direction": "ASC"}])
    assert ascending[:2] == ["甲", "丙"]
    await create_event(gql, name="Zhuhai fair", startsOn="2023-01-01")
    await create_event(gql, name="Amsterdam visit", startsOn="2023-01-01")
    by_name = await names(gql, f={"startsBefore": "2023-12-31"}, o=[{"field": "NAME"}])
    assert by_name == ["Amsterdam visit", "Zhuhai fair"]
    # Walking the default order a row at a time visits every event exactly once.
    seen: list[str] = []
    after = None
    while True:
        data = await gql(LIST, first=1, after=after)
        seen += [e["node"]["name"] for e in data["events"]["edges"]]
        if not data["events"]["pageInfo"]["hasNextPage"]:
            break
        after = data["events"]["pageInfo"]["endCursor"]
    assert seen == await names(gql)
    # And backwards, from the end.
    backwards = """query($before: String) { events(last: 1, before: $before) {
      edges { node { name } } pageInfo { hasPreviousPage startCursor } } }"""
    seen = []
    before = None
    while True:
        data = await gql(backwards, before=before)
        seen = [e["node"]["name"] for e in data["events"]["edges"]] + seen
        if not data["events"]["pageInfo"]["hasPreviousPage"]:
            break
        before = data["events"]["pageInfo"]["startCursor"]
    assert seen == await names(gql)


async def test_sessions_are_a_paged_connection_in_programme_order(gql: GraphQLClient) -> None:
    conference = await create_event(gql, name="大会")
    for name, day in (("下午场", "2025-05-11"), ("开幕式", "2025-05-10"), ("待定", None)):
        await create_event(gql, name=name, kind="SESSION", startsOn=day, parent=conference["id"])
    query = """query($id: ID!, $after: String) { node(id: $id) { ... on Event {
      sessions(first: 2, after: $after) {
        totalCount edges { node { name parent { name } } }
        pageInfo { hasNextPage endCursor } } } } }"""
    page = (await gql(query, id=conference["id"]))["node"]["sessions"]
    assert page["totalCount"] == 3
    assert [e["node"]["name"] for e in page["edges"]] == ["开幕式", "下午场"]
    assert page["edges"][0]["node"]["parent"] == {"name": "大会"}
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    page = (await gql(query, id=conference["id"], after=after))["node"]["sessions"]
    assert [e["node"]["name"] for e in page["edges"]] == ["待定"]
    assert page["pageInfo"]["hasNextPage"] is False


async def test_attendance_is_recorded_read_updated_and_deleted(gql: GraphQLClient) -> None:
    event = await create_event(gql, name="海交会")
    person = await create_person(gql, "林三")
    payload = await gql.mutate(RECORD, input={"person": person, "event": event["id"]})
    attendance = payload["attendance"]
    assert (attendance["role"], attendance["version"]) == ("GUEST", 1)
    assert (attendance["person"], attendance["event"]) == ({"name": "林三"}, {"name": "海交会"})
    node = await gql(
        "query($id: ID!) { node(id: $id) { ... on Attendance { role event { name } } } }",
        id=attendance["id"],
    )
    assert node["node"] == {"role": "GUEST", "event": {"name": "海交会"}}

    payload = await gql.mutate(
        UPDATE_ATTENDANCE, input={"id": attendance["id"], "expectedVersion": 1, "role": "SPEAKER"}
    )
    assert (payload["attendance"]["role"], payload["attendance"]["version"]) == ("SPEAKER", 2)
    data = await gql(
        UPDATE_ATTENDANCE, input={"id": attendance["id"], "expectedVersion": 1, "role": "EXPERT"}
    )
    assert [(e["code"], e["currentVersion"]) for e in data["updateAttendance"]["errors"]] == [
        ("CONFLICT", 2)
    ]
    data = await gql(
        UPDATE_ATTENDANCE, input={"id": attendance["id"], "expectedVersion": 2, "role": None}
    )
    assert errors(data["updateAttendance"]) == {("role",): "VALIDATION"}

    payload = await gql.mutate(
        DELETE_ATTENDANCE, input={"id": attendance["id"], "expectedVersion": 2}
    )
    assert payload["deletedId"] == attendance["id"]


async def test_the_same_person_twice_at_an_event_is_a_duplicate(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    person = await create_person(gql)
    await gql.mutate(RECORD, input={"person": person, "event": event["id"]})
    data = await gql(RECORD, input={"person": person, "event": event["id"], "role": "SPEAKER"})
    assert data["recordAttendance"]["attendance"] is None
    assert [e["code"] for e in data["recordAttendance"]["errors"]] == ["DUPLICATE"]


async def test_attendance_references_are_checked(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    person = await create_person(gql)
    data = await gql(RECORD, input={"person": event["id"], "event": person})
    assert errors(data["recordAttendance"]) == {
        ("person",): "VALIDATION",
        ("event",): "VALIDATION",
    }
    data = await gql(RECORD, input={"person": gid("Person", 999_999), "event": event["id"]})
    assert errors(data["recordAttendance"]) == {("person",): "NOT_FOUND"}


async def test_attendees_are_a_paged_connection(gql: GraphQLClient) -> None:
    event = await create_event(gql, name="海交会")
    other = await create_event(gql, name="路演")
    for i, role in enumerate(["SPEAKER", "GUEST", "EXPERT"]):
        person = await create_person(gql, f"嘉宾{i}")
        await gql.mutate(RECORD, input={"person": person, "event": event["id"], "role": role})
        await gql.mutate(RECORD, input={"person": person, "event": other["id"]})
    query = """query($ids: [ID!]!, $after: String) { nodes(ids: $ids) { ... on Event {
      name attendees(first: 2, after: $after, orderBy: [{field: ROLE}]) {
        totalCount edges { node { role person { name } } } pageInfo { hasNextPage endCursor } }
    } } }"""
    data = await gql(query, ids=[event["id"], other["id"]])
    first, second = data["nodes"]
    assert first["attendees"]["totalCount"] == 3
    assert second["attendees"]["totalCount"] == 3
    # Roles are ordered by their stored (lower-case) value.
    assert [e["node"]["role"] for e in first["attendees"]["edges"]] == ["EXPERT", "GUEST"]
    after = first["attendees"]["pageInfo"]["endCursor"]
    data = await gql(query, ids=[event["id"]], after=after)
    (page,) = data["nodes"]
    assert [e["node"]["role"] for e in page["attendees"]["edges"]] == ["SPEAKER"]
    assert page["attendees"]["pageInfo"]["hasNextPage"] is False


async def test_deleting_an_event_removes_its_attendances(gql: GraphQLClient) -> None:
    event = await create_event(gql)
    person = await create_person(gql)
    attendance = (await gql.mutate(RECORD, input={"person": person, "event": event["id"]}))[
        "attendance"
    ]
    await gql.mutate(DELETE, input={"id": event["id"], "expectedVersion": 1})
    assert (await gql("query($id: ID!) { node(id: $id) { id } }", id=attendance["id"]))[
        "node"
    ] is None
