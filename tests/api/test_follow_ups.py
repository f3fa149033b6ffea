"""Keep-in-touch cadence and follow-ups due, through GraphQL, on both databases."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db import models
from crm.db.enums import UserRole
from crm.db.types import utcnow
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

PERSON = """id version contactCadenceDays nextContactDue lastContactedAt createdAt"""
CREATE_PERSON = f"""mutation($input: CreatePersonInput!) {{
  createPerson(input: $input) {{ person {{ {PERSON} }} errors {{ field message code }} }} }}"""
UPDATE_PERSON = f"""mutation($input: UpdatePersonInput!) {{
  updatePerson(input: $input) {{ person {{ {PERSON} }} errors {{ field message code }} }} }}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Person {{ {PERSON} }} }} }}"
LOG = """mutation($input: CreateInteractionInput!) {
  createInteraction(input: $input) { interaction { id version } errors { field code } } }"""
UPDATE_INTERACTION = """mutation($input: UpdateInteractionInput!) {
  updateInteraction(input: $input) { interaction { id version } errors { field code } } }"""
DELETE_INTERACTION = """mutation($input: DeleteInteractionInput!) {
  deleteInteraction(input: $input) { deletedId errors { field code } } }"""
FOLLOW_UPS = """query($owner: ID, $dueBy: DateTime, $first: Int, $after: String) {
  followUpsDue(owner: $owner, dueBy: $dueBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      dueAt daysOverdue lastContactedAt contactCadenceDays
      person { id name nextContactDue } owner { username }
    } }
  }
}"""
PEOPLE = """query($f: PersonFilter, $o: [PersonOrder!]) {
  people(filter: $f, orderBy: $o) { totalCount edges { node { name nextContactDue } } } }"""

T0, T1, T2 = "2024-02-01T09:00:00+00:00", "2024-03-01T09:00:00+00:00", "2024-04-01T09:00:00+00:00"
#: a moment after every due time these tests make from T0–T2, before any from "now"
LATE_2025 = "2025-12-31T00:00:00+00:00"


def moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def plus_days(value: str, days: int) -> str:
    return (moment(value) + timedelta(days=days)).isoformat()


def gid(type_name: str, key: int) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def create_person(gql: GraphQLClient, name: str, **fields: Any) -> dict[str, Any]:
    person: dict[str, Any] = (await gql.mutate(CREATE_PERSON, input={"name": name, **fields}))[
        "person"
    ]
    return person


async def read(gql: GraphQLClient, person_id: str) -> dict[str, Any]:
    node: dict[str, Any] = (await gql(NODE, id=person_id))["node"]
    return node


async def log(gql: GraphQLClient, at: str, *people: str) -> dict[str, Any]:
    fields = {"kind": "CALL", "occurredAt": at, "summary": "电话", "participants": list(people)}
    interaction: dict[str, Any] = (await gql.mutate(LOG, input=fields))["interaction"]
    return interaction


async def delete(gql: GraphQLClient, interaction: dict[str, Any]) -> None:
    change = {"id": interaction["id"], "expectedVersion": interaction["version"]}
    await gql.mutate(DELETE_INTERACTION, input=change)


async def follow_ups(gql: GraphQLClient, **variables: Any) -> dict[str, Any]:
    page: dict[str, Any] = (await gql(FOLLOW_UPS, **variables))["followUpsDue"]
    return page


def due_names(page: dict[str, Any]) -> list[str]:
    return [e["node"]["person"]["name"] for e in page["edges"]]


@pytest.fixture
async def liaisons(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, str]:
    """Two staff users (accounts are managed outside the API), by username → global ID."""
    found = {}
    async with session_factory() as session, session.begin():
        for username in ("liaison_a", "liaison_b"):
            key = (
                await session.execute(
                    insert(models.User)
                    .values(
                        username=username,
                        display_name=username,
                        role="liaison",
                        created_at=utcnow(),
                        updated_at=utcnow(),
                    )
                    .returning(col(models.User.id))
                )
            ).scalar_one()
            found[username] = gid("User", key)
    return found


# Cadence ------------------------------------------------------------------------------


async def test_cadence_is_set_cleared_and_gives_a_due_date_from_creation(
    gql: GraphQLClient,
) -> None:
    chen = await create_person(gql, "陈一", contactCadenceDays=30)
    assert chen["contactCadenceDays"] == 30
    assert chen["lastContactedAt"] is None
    # never contacted: due a cadence after the person was added
    assert chen["nextContactDue"] == plus_days(chen["createdAt"], 30)
    assert await read(gql, chen["id"]) == chen

    lin = await create_person(gql, "林二")
    assert (lin["contactCadenceDays"], lin["nextContactDue"]) == (None, None)

    change = {"id": chen["id"], "expectedVersion": 1, "contactCadenceDays": 7}
    changed = (await gql.mutate(UPDATE_PERSON, input=change))["person"]
    assert (changed["version"], changed["contactCadenceDays"]) == (2, 7)  # an edit
    assert changed["nextContactDue"] == plus_days(chen["createdAt"], 7)
    assert await read(gql, chen["id"]) == changed

    # Other fields leave the cadence as it is; null clears it and the due date with it.
    change = {"id": chen["id"], "expectedVersion": 2, "city": "Fuzhou"}
    assert (await gql.mutate(UPDATE_PERSON, input=change))["person"]["contactCadenceDays"] == 7
    change = {"id": chen["id"], "expectedVersion": 3, "contactCadenceDays": None}
    cleared = (await gql.mutate(UPDATE_PERSON, input=change))["person"]
    assert (cleared["contactCadenceDays"], cleared["nextContactDue"]) == (None, None)

    for days in (1, 3650):
        edge = await create_person(gql, f"边界{days}", contactCadenceDays=days)
        assert edge["nextContactDue"] == plus_days(edge["createdAt"], days)


@pytest.mark.parametrize("days", [0, -7, 3651])
async def test_a_cadence_out_of_range_is_a_validation_error(gql: GraphQLClient, days: int) -> None:
    payload = (await gql(CREATE_PERSON, input={"name": "王三", "contactCadenceDays": days}))[
        "createPerson"
    ]
    assert payload["person"] is None
    (error,) = payload["errors"]
    assert (error["field"], error["code"]) == (["contactCadenceDays"], "VALIDATION")
    assert "between 1 and 3650" in error["message"]
    assert (await gql(PEOPLE))["people"]["totalCount"] == 0

    person = await create_person(gql, "王三", contactCadenceDays=30)
    change = {"id": person["id"], "expectedVersion": 1, "contactCadenceDays": days}
    payload = (await gql(UPDATE_PERSON, input=change))["updatePerson"]
    assert [e["field"] for e in payload["errors"]] == [["contactCadenceDays"]]
    assert await read(gql, person["id"]) == person


async def test_the_database_refuses_a_cadence_out_of_range(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person = await create_person(gql, "王三")
    key = int(base64.b64decode(person["id"]).decode().split(":")[1])
    with pytest.raises(IntegrityError):
        async with session_factory() as session, session.begin():
            await session.execute(
                update(models.Person)
                .where(col(models.Person.id) == key)
                .values(contact_cadence_days=0)
            )


# The due date follows the last contact ---------------------------------------------------


async def test_logging_an_interaction_moves_the_due_date_up_never_back(
    gql: GraphQLClient,
) -> None:
    chen = await create_person(gql, "陈一", contactCadenceDays=30)
    await log(gql, T1, chen["id"])
    after = await read(gql, chen["id"])
    assert (after["lastContactedAt"], after["nextContactDue"]) == (T1, plus_days(T1, 30))
    assert after["version"] == 1  # derived values: nobody's edit is refused for them
    await log(gql, T0, chen["id"])  # an older call: the last contact stays
    assert (await read(gql, chen["id"]))["nextContactDue"] == plus_days(T1, 30)
    await log(gql, T2, chen["id"])
    assert (await read(gql, chen["id"]))["nextContactDue"] == plus_days(T2, 30)


async def test_deleting_an_interaction_lowers_the_last_contact_and_the_due_date(
    gql: GraphQLClient,
) -> None:
    chen = await create_person(gql, "陈一", contactCadenceDays=30)
    lin = await create_person(gql, "林二")  # no cadence: a last contact, never a due date
    first = await log(gql, T1, chen["id"], lin["id"])
    latest = await log(gql, T2, chen["id"], lin["id"])

    await delete(gql, latest)
    chen_now, lin_now = await read(gql, chen["id"]), await read(gql, lin["id"])
    assert (chen_now["lastContactedAt"], chen_now["nextContactDue"]) == (T1, plus_days(T1, 30))
    assert (lin_now["lastContactedAt"], lin_now["nextContactDue"]) == (T1, None)

    await delete(gql, first)
    chen_now, lin_now = await read(gql, chen["id"]), await read(gql, lin["id"])
    assert chen_now["lastContactedAt"] is None
    assert chen_now["nextContactDue"] == plus_days(chen["createdAt"], 30)
    assert lin_now["lastContactedAt"] is None
    assert (chen_now["version"], lin_now["version"]) == (1, 1)


async def test_leaving_or_moving_an_interaction_recounts_the_last_contact(
    gql: GraphQLClient,
) -> None:
    chen = await create_person(gql, "陈一", contactCadenceDays=10)
    lin = await create_person(gql, "林二", contactCadenceDays=20)
    await log(gql, T0, chen["id"])
    meeting = await log(gql, T2, chen["id"], lin["id"])

    # 陈 leaves the meeting: back to the call before it; 林 keeps it.
    change = {"id": meeting["id"], "expectedVersion": 1, "participants": [lin["id"]]}
    await gql.mutate(UPDATE_INTERACTION, input=change)
    assert (await read(gql, chen["id"]))["nextContactDue"] == plus_days(T0, 10)
    assert (await read(gql, lin["id"]))["nextContactDue"] == plus_days(T2, 20)

    # The meeting was earlier than written: 林's last contact moves back with it.
    change = {"id": meeting["id"], "expectedVersion": 2, "occurredAt": T1}
    await gql.mutate(UPDATE_INTERACTION, input=change)
    lin_now = await read(gql, lin["id"])
    assert (lin_now["lastContactedAt"], lin_now["nextContactDue"]) == (T1, plus_days(T1, 20))


async def test_changing_the_cadence_moves_the_due_date_from_the_last_contact(
    gql: GraphQLClient,
) -> None:
    chen = await create_person(gql, "陈一")
    await log(gql, T1, chen["id"])
    assert (await read(gql, chen["id"]))["nextContactDue"] is None
    change = {"id": chen["id"], "expectedVersion": 1, "contactCadenceDays": 14}
    changed = (await gql.mutate(UPDATE_PERSON, input=change))["person"]
    assert changed["nextContactDue"] == plus_days(T1, 14)
    change = {"id": chen["id"], "expectedVersion": 2, "contactCadenceDays": 90}
    changed = (await gql.mutate(UPDATE_PERSON, input=change))["person"]
    assert changed["nextContactDue"] == plus_days(T1, 90)


# followUpsDue -------------------------------------------------------------------------


async def test_follow_ups_most_overdue_first_a_page_at_a_time(
    gql: GraphQLClient, liaisons: dict[str, str]
) -> None:
    owner = liaisons["liaison_a"]
    people = {}
    # due T1+10 (most overdue), T0+60 == T2 twice (a tie), T2+30, and T2+700 (in 2026)
    for name, cadence, at in (
        ("甲", 60, T0),
        ("乙", 10, T1),
        ("丙", 30, T2),
        ("丁", 60, T0),
        ("戊", 700, T2),
    ):
        people[name] = await create_person(gql, name, contactCadenceDays=cadence, owner=owner)
        await log(gql, at, people[name]["id"])
    silent = await create_person(gql, "己", owner=owner)  # no cadence: never due
    await log(gql, T0, silent["id"])

    seen, after = [], None
    while True:
        page = await follow_ups(gql, dueBy=LATE_2025, first=2, after=after)
        assert page["totalCount"] == 4
        assert len(page["edges"]) <= 2
        seen += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [n["person"]["name"] for n in seen] == ["乙", "甲", "丁", "丙"]  # ties by record

    first = seen[0]
    assert first["dueAt"] == plus_days(T1, 10) == first["person"]["nextContactDue"]
    assert first["lastContactedAt"] == T1
    assert first["contactCadenceDays"] == 10
    assert first["owner"] == {"username": "liaison_a"}
    since = datetime.now(UTC) - moment(first["dueAt"])
    assert first["daysOverdue"] in (since.days - 1, since.days)  # counted a moment earlier
    assert all(n["daysOverdue"] > 0 for n in seen)

    # dueBy is inclusive, and a moment in any time zone…
    page = await follow_ups(gql, dueBy=plus_days(T1, 10))
    assert due_names(page) == ["乙"]
    assert due_names(await follow_ups(gql, dueBy=plus_days(T1, 10)[:-6] + "+08:00")) == []
    # …by default now: 戊 is due by now, the never-contacted 庚 (added now) in a week
    fresh = await create_person(gql, "庚", contactCadenceDays=7, owner=owner)
    assert due_names(await follow_ups(gql)) == ["乙", "甲", "丁", "丙", "戊"]
    in_a_week = (datetime.now(UTC) + timedelta(days=8)).isoformat()
    page = await follow_ups(gql, dueBy=in_a_week)
    assert due_names(page)[-1] == "庚"
    assert page["edges"][-1]["node"]["daysOverdue"] == 0  # not due yet
    assert page["edges"][-1]["node"]["lastContactedAt"] is None
    assert fresh["nextContactDue"] == page["edges"][-1]["node"]["dueAt"]


async def test_follow_ups_of_one_owner(gql: GraphQLClient, liaisons: dict[str, str]) -> None:
    a, b = liaisons["liaison_a"], liaisons["liaison_b"]
    for name, owner, at in (("甲", a, T1), ("乙", b, T0), ("丙", None, T0), ("丁", a, T2)):
        person = await create_person(gql, name, contactCadenceDays=30, owner=owner)
        await log(gql, at, person["id"])

    page = await follow_ups(gql, owner=a, dueBy=LATE_2025)
    assert (page["totalCount"], due_names(page)) == (2, ["甲", "丁"])
    assert {e["node"]["owner"]["username"] for e in page["edges"]} == {"liaison_a"}
    assert due_names(await follow_ups(gql, owner=b, dueBy=LATE_2025)) == ["乙"]
    # without an owner: everyone's, the unowned too
    page = await follow_ups(gql, dueBy=LATE_2025)
    assert due_names(page) == ["乙", "丙", "甲", "丁"]
    assert page["edges"][1]["node"]["owner"] is None


async def test_people_filtered_and_ordered_by_the_next_contact(
    gql: GraphQLClient, liaisons: dict[str, str]
) -> None:
    a = liaisons["liaison_a"]
    for name, cadence, owner, at in (
        ("甲", 30, a, T2),
        ("乙", 30, None, T0),
        ("丙", None, a, T0),
        ("丁", 10, a, T0),
    ):
        person = await create_person(gql, name, contactCadenceDays=cadence, owner=owner)
        await log(gql, at, person["id"])

    def names(data: dict[str, Any]) -> list[str]:
        return [e["node"]["name"] for e in data["people"]["edges"]]

    asc = [{"field": "NEXT_CONTACT_DUE", "direction": "ASC"}]
    assert names(await gql(PEOPLE, o=asc)) == ["丁", "乙", "甲", "丙"]  # no cadence last
    desc = [{"field": "NEXT_CONTACT_DUE", "direction": "DESC"}]
    assert names(await gql(PEOPLE, o=desc)) == ["甲", "乙", "丁", "丙"]
    due = {"contactDueBefore": plus_days(T0, 30)}  # strictly before: 乙 is due at it
    assert names(await gql(PEOPLE, f=due)) == ["丁"]
    due = {"contactDueBefore": LATE_2025, "owner": [a]}
    assert names(await gql(PEOPLE, f=due, o=asc)) == ["丁", "甲"]
    # people without a cadence are not "due" under `not` either
    due = {"not": {"contactDueBefore": plus_days(T1, 1)}}
    assert names(await gql(PEOPLE, f=due, o=asc)) == ["乙", "甲", "丙"]


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"dueBy": "2025-01-31T09:00:00"}, "`dueBy` needs a time zone"),
        ({"owner": gid("Person", 1)}, "`owner` takes IDs of User, not of Person"),
        ({"owner": "not an id"}, ""),
        ({"first": 101}, "`first` must be at most 100"),
        ({"after": "bm90IGEgY3Vyc29y"}, "`after` is not a cursor this API gave out"),
    ],
)
async def test_bad_follow_up_arguments_are_clear_errors(
    gql: GraphQLClient, variables: dict[str, Any], message: str
) -> None:
    body = await gql.execute(FOLLOW_UPS, **variables)
    (error,) = body["errors"]
    assert message in error["message"]
    assert error.get("extensions", {}).get("code") != "INTERNAL_SERVER_ERROR"
    assert error["message"] != "Unexpected error."


async def test_bad_filter_and_owner_input_are_clear_errors(
    gql: GraphQLClient, liaisons: dict[str, str]
) -> None:
    body = await gql.execute(PEOPLE, f={"contactDueBefore": "2025-01-31T09:00:00"})
    (error,) = body["errors"]
    assert "`contactDueBefore` needs a time zone" in error["message"]
    body = await gql.execute(PEOPLE, f={"updatedSince": "2025-01-31T09:00:00"})
    assert "`updatedSince` needs a time zone" in body["errors"][0]["message"]
    body = await gql.execute(PEOPLE, f={"owner": [gid("Organization", 1)]})
    assert "`owner` takes IDs of User" in body["errors"][0]["message"]

    wrong = {"name": "陈一", "contactCadenceDays": 30, "owner": gid("Person", 1)}
    payload = (await gql(CREATE_PERSON, input=wrong))["createPerson"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["owner"], "VALIDATION")]
    missing = {"name": "陈一", "owner": gid("User", 999_999)}
    payload = (await gql(CREATE_PERSON, input=missing))["createPerson"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(["owner"], "NOT_FOUND")]
    body = await gql.execute(FOLLOW_UPS, owner=liaisons["liaison_a"], dueBy="yesterday")
    assert body["errors"]


MERGE = """mutation($input: MergePeopleInput!) {
  mergePeople(input: $input) { errors { field message code } } }"""


async def test_a_merge_keeps_the_due_date_with_the_latest_contact(gql: GraphQLClient) -> None:
    survivor = await create_person(gql, "陈一", contactCadenceDays=30)
    absorbed = await create_person(gql, "陳一", contactCadenceDays=7)
    await log(gql, T0, survivor["id"])
    await log(gql, T2, absorbed["id"])
    targets = {
        "survivor": {"id": survivor["id"], "expectedVersion": 1},
        "absorbed": [{"id": absorbed["id"], "expectedVersion": 1}],
    }
    await gql.mutate(MERGE, input=targets)
    merged = await read(gql, survivor["id"])
    # the survivor's own cadence, from the absorbed record's later contact
    assert (merged["lastContactedAt"], merged["contactCadenceDays"]) == (T2, 30)
    assert merged["nextContactDue"] == plus_days(T2, 30)


async def test_a_liaison_officer_gets_their_own_follow_ups_by_default(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    mine_key, mine = await make_user(session_factory, UserRole.LIAISON, username="lin")
    theirs_key, _ = await make_user(session_factory, UserRole.LIAISON, username="wang")
    for name, owner in (("陈一", mine_key), ("林二", theirs_key)):
        made = await gql(
            CREATE_PERSON,
            input={"name": name, "contactCadenceDays": 7, "owner": gid("User", owner)},
        )
        assert made["createPerson"]["errors"] == []

    def owners(data: dict[str, Any]) -> list[str]:
        return sorted(e["node"]["owner"]["username"] for e in data["followUpsDue"]["edges"])

    due_by = plus_days(utcnow().isoformat(), 30)
    assert owners(await gql.as_user(mine)(FOLLOW_UPS, dueBy=due_by)) == ["lin"]
    other = await gql.as_user(mine)(FOLLOW_UPS, dueBy=due_by, owner=gid("User", theirs_key))
    assert owners(other) == ["wang"]
    assert owners(await gql(FOLLOW_UPS, dueBy=due_by)) == ["lin", "wang"]  # an admin: all


async def test_nobody_who_withdrew_consent_to_contact_is_due(gql: GraphQLClient) -> None:
    made = await gql(CREATE_PERSON, input={"name": "周婷", "contactCadenceDays": 7})
    person = made["createPerson"]["person"]["id"]
    due_by = plus_days(utcnow().isoformat(), 30)

    def names(data: dict[str, Any]) -> list[str]:
        return [e["node"]["person"]["name"] for e in data["followUpsDue"]["edges"]]

    assert names(await gql(FOLLOW_UPS, dueBy=due_by)) == ["周婷"]
    record = """mutation($person: ID!) {
      recordConsent(input: {person: $person, purpose: CONTACT, channel: EMAIL,
                            noticeVersion: "2024-1", givenAt: "2024-01-01T00:00:00Z"}) {
        consent { id version } errors { code } } }"""
    consent = (await gql.mutate(record, person=person))["consent"]
    assert names(await gql(FOLLOW_UPS, dueBy=due_by)) == ["周婷"]  # consent given: due
    withdraw = """mutation($id: ID!, $v: Int!) {
      withdrawConsent(input: {id: $id, expectedVersion: $v}) { errors { code } } }"""
    await gql.mutate(withdraw, id=consent["id"], v=consent["version"])
    assert names(await gql(FOLLOW_UPS, dueBy=due_by)) == []
