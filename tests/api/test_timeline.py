"""A person's and an organisation's timeline: every dated record, newest first, paged."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQLClient


async def _create(gql: GraphQLClient, mutation: str, input_type: str, **fields: Any) -> Any:
    key = mutation.removeprefix("create").removeprefix("record")
    node = key[0].lower() + key[1:]
    document = f"""mutation($input: {input_type}!) {{
      {mutation}(input: $input) {{ {node} {{ id version }} errors {{ field message code }} }} }}"""
    return (await gql.mutate(document, input=fields))[node]


async def _world(gql: GraphQLClient) -> dict[str, Any]:
    person = await _create(gql, "createPerson", "CreatePersonInput", name="陈建国")
    other = await _create(gql, "createPerson", "CreatePersonInput", name="林美玲")
    org = await _create(
        gql,
        "createOrganization",
        "CreateOrganizationInput",
        name="牛津大学中国校友会",
        kind="ALUMNI_ASSOCIATION",
    )
    event = await _create(
        gql,
        "createEvent",
        "CreateEventInput",
        name="人才招引对接会",
        kind="SESSION",
        startsOn="2023-12-22",
    )
    await _create(
        gql,
        "recordAttendance",
        "RecordAttendanceInput",
        person=person["id"],
        event=event["id"],
        role="CANDIDATE",
    )
    await _create(
        gql,
        "createAffiliation",
        "CreateAffiliationInput",
        person=person["id"],
        organization=org["id"],
        role="OFFICER",
        startsOn="2019-05-01",
    )
    await _create(
        gql,
        "createInteraction",
        "CreateInteractionInput",
        kind="MEETING",
        occurredAt="2024-01-15T10:00:00+08:00",
        summary="Coffee about the AI vision job",
        participants=[person["id"], other["id"]],
        organization=org["id"],
    )
    position = await _create(
        gql,
        "createPosition",
        "CreatePositionInput",
        organization=org["id"],
        title="AI视觉算法工程师",
    )
    await _create(
        gql,
        "createApplication",
        "CreateApplicationInput",
        person=person["id"],
        position=position["id"],
        submittedAt="2023-12-23T09:00:00+00:00",
    )
    return {"person": person, "other": other, "org": org}  # fmt: skip


TIMELINE = """query($id: ID!, $first: Int, $after: String) { node(id: $id) {
  ... on Person { timeline(first: $first, after: $after) { ...page } }
  ... on Organization { timeline(first: $first, after: $after) { ...page } } } }
fragment page on TimelineConnection {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { at kind summary record { id __typename } } } }"""


async def test_person_timeline_merges_every_source_newest_first(gql: GraphQLClient) -> None:
    world = await _world(gql)
    data = await gql(TIMELINE, id=world["person"]["id"], first=20)
    timeline = data["node"]["timeline"]
    entries = [e["node"] for e in timeline["edges"]]
    assert timeline["totalCount"] == len(entries) == 4
    assert [e["kind"] for e in entries] == [
        "INTERACTION",
        "APPLICATION",
        "ATTENDANCE",
        "AFFILIATION",
    ]
    assert [e["at"][:10] for e in entries] == [
        "2024-01-15",
        "2023-12-23",
        "2023-12-22",
        "2019-05-01",
    ]
    assert entries[0]["summary"] == "meeting: Coffee about the AI vision job"
    assert entries[2]["summary"] == "Attended 人才招引对接会 (candidate)"
    assert entries[3]["summary"] == "officer of 牛津大学中国校友会 from this date"
    assert [e["record"]["__typename"] for e in entries] == [
        "Interaction", "Application", "Attendance", "Affiliation",
    ]  # fmt: skip


async def test_timeline_pages_without_repeats(gql: GraphQLClient) -> None:
    world = await _world(gql)
    seen: list[str] = []
    after = None
    while True:
        data = await gql(TIMELINE, id=world["person"]["id"], first=1, after=after)
        page = data["node"]["timeline"]
        seen += [e["node"]["record"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 4


async def test_organization_timeline_shows_its_members_and_meetings(gql: GraphQLClient) -> None:
    world = await _world(gql)
    data = await gql(TIMELINE, id=world["org"]["id"], first=10)
    entries = [e["node"] for e in data["node"]["timeline"]["edges"]]
    assert [e["kind"] for e in entries] == ["INTERACTION", "AFFILIATION"]
    assert entries[1]["summary"] == "陈建国 became officer"


async def test_a_participant_sees_the_shared_meeting_only(gql: GraphQLClient) -> None:
    world = await _world(gql)
    data = await gql(TIMELINE, id=world["other"]["id"], first=10)
    timeline = data["node"]["timeline"]
    assert timeline["totalCount"] == 1
    assert timeline["edges"][0]["node"]["kind"] == "INTERACTION"
