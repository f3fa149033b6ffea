"""mergePeople and mergeOrganizations: links move, absorbed IDs resolve, previews change nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db import models
from crm.db.enums import (
    AffiliationRole,
    AgreementKind,
    AttendanceRole,
    ConsentChannel,
    ConsentPurpose,
    InteractionKind,
    ListKind,
    OrganizationKind,
    ParticipationRole,
    ProjectKind,
    RelationshipKind,
)
from crm.db.queries.common import table_of
from crm.db.revision import current_revision
from tests import factories
from tests.api.conftest import GraphQLClient

MERGE_PEOPLE = """
mutation($input: MergePeopleInput!) {
  mergePeople(input: $input) {
    person { id name nameLatin email birthYear version }
    summary { preview absorbedIds links { link moved merged dropped } filledFields
              conflicts { field kept absorbed } }
    errors { field message code currentVersion }
  }
}"""
MERGE_ORGANIZATIONS = """
mutation($input: MergeOrganizationsInput!) {
  mergeOrganizations(input: $input) {
    organization { id name nameEn aliases }
    summary { preview links { link moved merged dropped } }
    errors { field message code }
  }
}"""
NODE = (
    "query($id: ID!) { node(id: $id) { id ... on Person { name } ... on Organization { name } } }"
)
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
SEARCH = "query($text: String!) { search(text: $text) { match record { ... on Person { id } } } }"


def gid(type_name: str, key: int | None) -> str:
    return str(relay.GlobalID(type_name, str(key)))


def key(row: Any) -> int:
    """The key of a flushed row."""
    assert row.id is not None
    return int(row.id)


@dataclass
class World:
    survivor: models.Person
    absorbed: models.Person
    third: models.Person
    oxford: models.Organization
    employer: models.Organization


async def _add(session: AsyncSession, *rows: Any) -> None:
    session.add_all(rows)
    await session.flush()


@pytest.fixture
async def world(gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]) -> World:
    """Two records of one person, with one link of every kind, some shared."""
    async with session_factory() as s, s.begin():
        survivor = await factories.person(s, name="陳建國", email="jg.chen@example.com")
        absorbed = await factories.person(
            s,
            name="Chen Jianguo",
            name_latin="Kin-Kwok Chan",
            birth_year=1968,
            email="kk.chan@example.com",
            expertise=["photonics"],
        )
        third = await factories.person(s, name="李伟")
        oxford = await factories.organization(s, name="牛津大学中国校友会")
        employer = await factories.organization(
            s, name="华为技术有限公司", kind=OrganizationKind.COMPANY
        )
        e1, e2 = await factories.event(s), await factories.event(s)
        S, A, X = key(survivor), key(absorbed), key(third)  # noqa: N806
        member = AffiliationRole.MEMBER
        await _add(
            s,
            models.Affiliation(person_id=S, organization_id=key(oxford), role=member),
            models.Affiliation(person_id=A, organization_id=key(oxford), role=member, title="理事"),
            models.Affiliation(
                person_id=A, organization_id=key(employer), role=AffiliationRole.EMPLOYEE
            ),
            models.Relationship(
                person_a_id=min(S, A), person_b_id=max(S, A), kind=RelationshipKind.COLLEAGUE
            ),
            models.Relationship(
                person_a_id=min(S, X), person_b_id=max(S, X), kind=RelationshipKind.FRIEND,
                strength=0.4,
            ),
            models.Relationship(
                person_a_id=min(A, X), person_b_id=max(A, X), kind=RelationshipKind.FRIEND,
                strength=0.8, since=date(2010, 1, 1),
            ),
            models.Relationship(
                person_a_id=min(A, X), person_b_id=max(A, X), kind=RelationshipKind.CLASSMATE
            ),
            models.Attendance(person_id=S, event_id=key(e1)),
            models.Attendance(person_id=A, event_id=key(e1), role=AttendanceRole.SPEAKER),
            models.Attendance(person_id=A, event_id=key(e2)),
            models.Consent(
                person_id=A,
                purpose=ConsentPurpose.CONTACT,
                channel=ConsentChannel.EMAIL,
                notice_version="2023-1",
            ),
            models.ComputedMetric(
                node_type="person", node_id=A, metric="pagerank", value=0.1, graph_revision=1
            ),
        )  # fmt: skip
        project = models.Project(name="光子芯片", kind=ProjectKind.COOPERATION)
        agreement = models.Agreement(title="合作协议", kind=AgreementKind.COOPERATION)
        position = models.Position(organization_id=key(employer), title="首席科学家")
        shared = models.Interaction(
            kind=InteractionKind.MEETING, occurred_at=datetime(2024, 1, 5, tzinfo=UTC), summary="a"
        )
        alone = models.Interaction(
            kind=InteractionKind.CALL, occurred_at=datetime(2024, 1, 6, tzinfo=UTC), summary="b"
        )
        # a delegation with both records on it, a VIP list with the absorbed one only
        delegation = models.List(name="代表团", kind=ListKind.PERSON)
        vip = models.List(name="VIP", kind=ListKind.PERSON)
        await _add(s, project, agreement, position, shared, alone, delegation, vip)
        await _add(
            s,
            models.Participation(project_id=key(project), person_id=A, role=ParticipationRole.LEAD),
            models.AgreementParty(agreement_id=key(agreement), person_id=A),
            models.Application(person_id=A, position_id=key(position)),
            models.InteractionParticipant(interaction_id=key(shared), person_id=S),
            models.InteractionParticipant(interaction_id=key(shared), person_id=A),
            models.InteractionParticipant(interaction_id=key(alone), person_id=A),
            models.Introduction(
                seeker_id=X, target_person_id=A, path=[gid("Person", X), gid("Person", A)]
            ),
            models.Introduction(seeker_id=S, target_person_id=A),
            models.ListMember(list_id=key(delegation), person_id=S),
            models.ListMember(list_id=key(delegation), person_id=A),
            models.ListMember(list_id=key(vip), person_id=A),
        )
    return World(survivor, absorbed, third, oxford, employer)


def merge_input(world: World, *, preview: bool = False, version: int = 1) -> dict[str, Any]:
    return {
        "survivor": {"id": gid("Person", world.survivor.id), "expectedVersion": version},
        "absorbed": [{"id": gid("Person", world.absorbed.id), "expectedVersion": 1}],
        "preview": preview,
    }


async def _counts(
    factory: async_sessionmaker[AsyncSession], person_id: int | None
) -> dict[str, int]:
    """Links per table that hold this person at some end."""
    async with factory() as s:
        counts = {}
        for model, columns in (
            (models.Affiliation, ("person_id",)),
            (models.Relationship, ("person_a_id", "person_b_id")),
            (models.Attendance, ("person_id",)),
            (models.Participation, ("person_id",)),
            (models.AgreementParty, ("person_id",)),
            (models.Application, ("person_id",)),
            (models.InteractionParticipant, ("person_id",)),
            (models.Introduction, ("seeker_id", "target_person_id")),
            (models.Consent, ("person_id",)),
            (models.ListMember, ("person_id",)),
        ):
            table = table_of(model)
            where = or_(*(table.c[c] == person_id for c in columns))
            statement = select(func.count()).select_from(table).where(where)
            counts[table.name] = int((await s.execute(statement)).scalar_one())
        return counts


def _links(summary: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    return {x["link"]: (x["moved"], x["merged"], x["dropped"]) for x in summary["links"]}


EXPECTED_LINKS = {
    "affiliation": (1, 1, 0),
    "relationship": (1, 1, 1),
    "attendance": (1, 1, 0),
    "participation": (1, 0, 0),
    "agreement_party": (1, 0, 0),
    "application": (1, 0, 0),
    "interaction": (1, 1, 0),
    "introduction": (1, 0, 1),
    "consent": (1, 0, 0),
    "list_member": (1, 1, 0),
    "computed_metric": (0, 0, 1),
}


async def test_preview_reports_every_move_and_changes_nothing(
    gql: GraphQLClient, world: World, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as s:
        revision = await current_revision(s)
    before = await _counts(session_factory, world.absorbed.id)
    payload = await gql.mutate(MERGE_PEOPLE, input=merge_input(world, preview=True))
    assert payload["summary"]["preview"] is True
    assert _links(payload["summary"]) == EXPECTED_LINKS
    assert payload["person"]["nameLatin"] == "Kin-Kwok Chan"  # as it would be
    assert await _counts(session_factory, world.absorbed.id) == before
    async with session_factory() as s:
        assert await current_revision(s) == revision
    absorbed = gid("Person", world.absorbed.id)
    assert (await gql(NODE, id=absorbed))["node"]["id"] == absorbed


async def test_merge_moves_every_link_and_the_absorbed_id_resolves_to_the_survivor(
    gql: GraphQLClient, world: World, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as s:
        revision = await current_revision(s)
    payload = await gql.mutate(MERGE_PEOPLE, input=merge_input(world))
    summary = payload["summary"]
    assert _links(summary) == EXPECTED_LINKS
    assert payload["person"]["nameLatin"] == "Kin-Kwok Chan"
    assert payload["person"]["birthYear"] == 1968
    assert {"field": "email", "kept": "jg.chen@example.com", "absorbed": "kk.chan@example.com"} in (
        summary["conflicts"]
    )
    assert await _counts(session_factory, world.absorbed.id) == dict.fromkeys(
        await _counts(session_factory, world.absorbed.id), 0
    )
    after = await _counts(session_factory, world.survivor.id)
    assert after == {
        "affiliation": 2,
        "relationship": 2,  # friend (strength 0.8 folded in), classmate
        "attendance": 2,
        "participation": 1,
        "agreement_party": 1,
        "application": 1,
        "interaction_participant": 2,
        "introduction": 1,  # X → survivor; survivor → absorbed is gone
        "consent": 1,
        "list_member": 2,  # the delegation once, the VIP list
    }
    survivor, absorbed = gid("Person", world.survivor.id), gid("Person", world.absorbed.id)
    assert (await gql(NODE, id=absorbed))["node"] == {"id": survivor, "name": "陳建國"}
    assert (await gql(NODES, ids=[absorbed, survivor]))["nodes"] == [{"id": survivor}] * 2
    async with session_factory() as s:
        assert await current_revision(s) > revision
        intro = (
            await s.execute(
                select(models.Introduction).where(
                    models.Introduction.seeker_id == world.third.id  # type: ignore[arg-type]
                )
            )
        ).scalar_one()
        assert intro.path == [gid("Person", world.third.id), survivor]
        friend = (
            await s.execute(
                select(models.Relationship).where(
                    models.Relationship.kind == RelationshipKind.FRIEND  # type: ignore[arg-type]
                )
            )
        ).scalar_one()
        assert (friend.strength, friend.since) == (0.8, date(2010, 1, 1))
        affiliation = table_of(models.Affiliation)
        title = await s.scalar(
            select(affiliation.c.title).where(affiliation.c.organization_id == world.oxford.id)
        )
        assert title == "理事"
        metrics = await s.scalar(select(func.count()).select_from(models.ComputedMetric))
        assert metrics == 0
    # The absorbed record's own spelling still finds the survivor.
    hits = (await gql(SEARCH, text="Kin-Kwok Chan"))["search"]
    assert hits[0]["record"]["id"] == survivor


async def test_absorbed_ids_follow_a_chain_of_merges(
    gql: GraphQLClient, world: World, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await gql.mutate(MERGE_PEOPLE, input=merge_input(world))
    async with session_factory() as s, s.begin():
        last = await factories.person(s, name="陈建国")
    second = {
        "survivor": {"id": gid("Person", last.id), "expectedVersion": 1},
        "absorbed": [{"id": gid("Person", world.survivor.id), "expectedVersion": 2}],
    }
    await gql.mutate(MERGE_PEOPLE, input=second)
    node = (await gql(NODE, id=gid("Person", world.absorbed.id)))["node"]
    assert node["id"] == gid("Person", last.id)


async def test_a_stale_version_is_a_conflict_and_nothing_moves(
    gql: GraphQLClient, world: World, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    before = await _counts(session_factory, world.absorbed.id)
    data = await gql(MERGE_PEOPLE, input=merge_input(world, version=7))
    payload = data["mergePeople"]
    assert payload["person"] is None
    assert payload["errors"] == [
        {
            "field": ["survivor", "expectedVersion"],
            "message": "the record changed since you read it (now at version 1)",
            "code": "CONFLICT",
            "currentVersion": 1,
        }
    ]
    assert await _counts(session_factory, world.absorbed.id) == before


async def test_bad_merge_input_is_reported_field_by_field(gql: GraphQLClient, world: World) -> None:
    survivor = {"id": gid("Person", world.survivor.id), "expectedVersion": 1}
    cases = [
        ({"survivor": survivor, "absorbed": [survivor]}, ["absorbed"], "VALIDATION"),
        ({"survivor": survivor, "absorbed": []}, ["absorbed"], "VALIDATION"),
        (
            {
                "survivor": survivor,
                "absorbed": [{"id": gid("Organization", world.oxford.id), "expectedVersion": 1}],
            },
            ["absorbed", "0", "id"],
            "VALIDATION",
        ),
        (
            {
                "survivor": survivor,
                "absorbed": [{"id": gid("Person", 999999), "expectedVersion": 1}],
            },
            ["absorbed", "0", "id"],
            "NOT_FOUND",
        ),
    ]
    for data, field, code in cases:
        payload = (await gql(MERGE_PEOPLE, input=data))["mergePeople"]
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]


async def test_merging_organisations_moves_members_positions_and_children(
    gql: GraphQLClient, world: World, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    survivor_id, third_id = key(world.survivor), key(world.third)
    async with session_factory() as s, s.begin():
        copy = await factories.organization(
            s, name="牛津大学校友会", name_en="Oxford Alumni", aliases=["OUAA"]
        )
        copy_id = key(copy)
        child = await factories.organization(s, name="牛津大学校友会福建分会", parent_id=copy_id)
        await _add(
            s,
            models.Affiliation(
                person_id=survivor_id, organization_id=copy_id, role=AffiliationRole.MEMBER
            ),
            models.Affiliation(
                person_id=third_id, organization_id=copy_id, role=AffiliationRole.MEMBER
            ),
            models.Position(organization_id=copy_id, title="秘书长"),
        )
    data = {
        "survivor": {"id": gid("Organization", world.oxford.id), "expectedVersion": 1},
        "absorbed": [{"id": gid("Organization", copy.id), "expectedVersion": 1}],
    }
    payload = await gql.mutate(MERGE_ORGANIZATIONS, input=data)
    links = _links(payload["summary"])
    assert links["affiliation"] == (1, 1, 0)
    assert links["position"] == (1, 0, 0)
    assert links["child_organization"] == (1, 0, 0)
    # The absorbed name becomes an alias; its English name fills the survivor's empty one.
    assert payload["organization"]["aliases"] == ["牛津大学校友会", "OUAA"]
    assert payload["organization"]["nameEn"] == "Oxford Alumni"
    async with session_factory() as s:
        moved = await s.get(models.Organization, child.id)
        assert moved is not None
        assert moved.parent_id == world.oxford.id
    node = (await gql(NODE, id=gid("Organization", copy.id)))["node"]
    assert node == {"id": gid("Organization", world.oxford.id), "name": "牛津大学中国校友会"}
    hits = await gql(
        'query { search(text: "Oxford Alumni") { record { ... on Organization { id } } } }'
    )
    assert hits["search"][0]["record"]["id"] == gid("Organization", world.oxford.id)
