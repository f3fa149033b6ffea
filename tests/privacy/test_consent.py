"""Consent records: recorded and withdrawn through GraphQL; a withdrawal moves the graph
revision and the next analysis leaves the person out."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db import models
from crm.db.enums import ConsentChannel, ConsentPurpose, RelationshipKind, UserRole
from crm.db.queries.consent import withdrawn_person_ids
from crm.db.revision import current_revision
from tests import factories
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

RECORD = """
mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) {
    consent { id version purpose channel noticeVersion givenAt withdrawnAt active
              person { id } recordedBy { id } }
    errors { field message code }
  }
}"""
WITHDRAW = """
mutation($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) {
    consent { id version withdrawnAt active }
    errors { field message code currentVersion }
  }
}"""
CONSENTS = """
query($id: ID!) { node(id: $id) { ... on Person {
  consents { totalCount edges { node { id purpose active } } } } } }"""
EGO = "query($id: ID!) { egoNetwork(id: $id) { nodes { node { id } } } }"
STATS = "{ networkStats { graphRevision graph { nodes } } }"


def gid(type_name: str, key: int | None) -> str:
    return str(relay.GlobalID(type_name, str(key)))


async def _pair(factory: async_sessionmaker[AsyncSession]) -> tuple[str, str]:
    """Two related people: (the one whose consent is tested, the other)."""
    async with factory() as s, s.begin():
        a, b = await factories.person(s), await factories.person(s)
        assert a.id is not None
        assert b.id is not None
        low, high = sorted([a.id, b.id])
        await factories.add(
            s,
            models.Relationship(person_a_id=low, person_b_id=high, kind=RelationshipKind.FRIEND),
        )
        return gid("Person", a.id), gid("Person", b.id)


def _record(person: str, **extra: Any) -> dict[str, Any]:
    return {
        "person": person,
        "purpose": "PROCESSING",
        "channel": "PAPER_FORM",
        "noticeVersion": "2026-01",
        "givenAt": "2026-01-05T09:00:00+08:00",
        **extra,
    }


async def test_consent_is_recorded_listed_and_withdrawn(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person, _ = await _pair(session_factory)
    consent = (await gql.mutate(RECORD, input=_record(person)))["consent"]
    assert consent["purpose"] == "PROCESSING"
    assert consent["channel"] == "PAPER_FORM"
    assert consent["noticeVersion"] == "2026-01"
    assert consent["active"] is True
    assert consent["person"]["id"] == person
    assert consent["recordedBy"] is not None
    contact = _record(person, purpose="CONTACT", givenAt="2026-02-01T00:00:00Z")
    await gql.mutate(RECORD, input=contact)
    listed = (await gql(CONSENTS, id=person))["node"]["consents"]
    assert listed["totalCount"] == 2
    assert [e["node"]["purpose"] for e in listed["edges"]] == ["CONTACT", "PROCESSING"]

    stale = {"id": consent["id"], "expectedVersion": 7}
    refused = (await gql(WITHDRAW, input=stale))["withdrawConsent"]
    assert refused["errors"][0]["code"] == "CONFLICT"
    early = {"id": consent["id"], "expectedVersion": 1, "withdrawnAt": "2025-01-01T00:00:00Z"}
    refused = (await gql(WITHDRAW, input=early))["withdrawConsent"]
    assert refused["errors"][0]["code"] == "VALIDATION"
    assert refused["errors"][0]["field"] == ["withdrawnAt"]
    withdrawn = (await gql.mutate(WITHDRAW, input={"id": consent["id"], "expectedVersion": 1}))[
        "consent"
    ]
    assert withdrawn["active"] is False
    assert withdrawn["withdrawnAt"] is not None
    again = await gql(WITHDRAW, input={"id": consent["id"], "expectedVersion": 2})
    assert again["withdrawConsent"]["errors"][0]["code"] == "VALIDATION"


async def test_bad_consent_input_is_refused(gql: GraphQLClient) -> None:
    cases = [
        ({"noticeVersion": "  "}, ["noticeVersion"], "VALIDATION"),
        ({"givenAt": "2026-01-05T09:00:00"}, ["givenAt"], "VALIDATION"),
        ({"person": gid("Person", 987654)}, ["person"], "NOT_FOUND"),
        ({"person": gid("Event", 1)}, ["person"], "VALIDATION"),
    ]
    for change, field, code in cases:
        data = await gql(RECORD, input={**_record(gid("Person", 987654)), **change})
        errors = data["recordConsent"]["errors"]
        assert [(e["field"], e["code"]) for e in errors][:1] == [(field, code)], change


async def test_withdrawing_consent_to_processing_takes_the_person_out_of_the_analysis(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person, other = await _pair(session_factory)
    before = (await gql(STATS))["networkStats"]
    assert before["graph"]["nodes"] == 2
    assert {n["node"]["id"] for n in (await gql(EGO, id=other))["egoNetwork"]["nodes"]} == {
        person,
        other,
    }
    consent = (await gql.mutate(RECORD, input=_record(person)))["consent"]
    async with session_factory() as s:
        recorded_at = await current_revision(s)
    await gql.mutate(WITHDRAW, input={"id": consent["id"], "expectedVersion": 1})
    async with session_factory() as s:
        assert await current_revision(s) > recorded_at
        key = int(relay.GlobalID.from_id(person).node_id)
        assert await withdrawn_person_ids(s, ConsentPurpose.PROCESSING) == {key}
        # withdrawing processing withdraws every purpose, sharing with partners too
        assert await withdrawn_person_ids(s, ConsentPurpose.SHARING_WITH_PARTNERS) == {key}
        assert await withdrawn_person_ids(s, ConsentPurpose.CONTACT) == {key}
    after = (await gql(STATS))["networkStats"]
    assert after["graphRevision"] > before["graphRevision"]
    assert after["graph"]["nodes"] == 1
    assert {n["node"]["id"] for n in (await gql(EGO, id=other))["egoNetwork"]["nodes"]} == {other}
    # consent given again later brings them back
    await gql.mutate(RECORD, input=_record(person, givenAt="2030-01-01T00:00:00Z"))
    assert (await gql(STATS))["networkStats"]["graph"]["nodes"] == 2


async def test_withdrawn_person_ids_is_per_purpose(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> None:
    from datetime import UTC, datetime

    async with session_factory() as s, s.begin():
        sharing, contact = await factories.person(s), await factories.person(s)
        for who, purpose in (
            (sharing, ConsentPurpose.SHARING_WITH_PARTNERS),
            (contact, ConsentPurpose.CONTACT),
        ):
            await factories.add(
                s,
                models.Consent(
                    person_id=who.id or 0,
                    purpose=purpose,
                    channel=ConsentChannel.EMAIL,
                    notice_version="1",
                    given_at=datetime(2024, 1, 1, tzinfo=UTC),
                    withdrawn_at=datetime(2024, 2, 1, tzinfo=UTC),
                ),
            )
    shared = await withdrawn_person_ids(session, ConsentPurpose.SHARING_WITH_PARTNERS)
    assert shared == {sharing.id}
    assert await withdrawn_person_ids(session, ConsentPurpose.PROCESSING) == set()


async def test_a_liaison_officer_records_consent_only_for_their_people(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    user_id, token = await make_user(session_factory, UserRole.LIAISON)
    async with session_factory() as s, s.begin():
        mine = await factories.person(s, owner_id=user_id)
        theirs = await factories.person(s)
    liaison = gql.as_user(token)
    await liaison.mutate(RECORD, input=_record(gid("Person", mine.id)))
    refused = await liaison(RECORD, input=_record(gid("Person", theirs.id)))
    assert refused["recordConsent"]["errors"][0]["code"] == "FORBIDDEN"
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    body = await gql.as_user(analyst).execute(RECORD, input=_record(gid("Person", mine.id)))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
