"""A person with a link of every kind, for the export and erasure tests."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db import models
from crm.db.enums import (
    AffiliationRole,
    AgreementKind,
    AuditAction,
    ConsentChannel,
    ConsentPurpose,
    InteractionKind,
    ParticipationRole,
    ProjectKind,
    RelationshipKind,
    UserRole,
)
from tests import factories
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

NAME, LATIN, TRADITIONAL = "欧阳明华", "Minghua Ouyang", "歐陽明華"
EMAIL, PHONE, WECHAT = "mh.ouyang@example.org", "+8613912345678", "ouyang_mh_77"
NOTE = "prefers calls after 6pm (private-note-7731)"
NEEDLES = (NAME, LATIN, TRADITIONAL, EMAIL, PHONE, WECHAT, "private-note-7731", "ouyang minghua")
MERGE = """
mutation($input: MergePeopleInput!) { mergePeople(input: $input) { errors { code message } } }"""


def gid(type_name: str, key: int | None) -> str:
    return str(relay.GlobalID(type_name, str(key)))


def key(row: Any) -> int:
    """The key of a flushed row."""
    assert row.id is not None
    return int(row.id)


@dataclass
class World:
    person: int
    absorbed: int
    friend: int
    other: int
    organization: int
    shared_interaction: int
    lone_interaction: int
    through_path: int


async def _add(session: AsyncSession, *rows: Any) -> None:
    session.add_all(rows)
    await session.flush()


async def person_with_everything(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> World:
    """One person with a link of every kind, interactions, introductions, metrics, a
    share, a consent, search keys and a record merged into them."""
    liaison, _ = await make_user(session_factory, UserRole.LIAISON)
    async with session_factory() as s, s.begin():
        p = await factories.person(
            s, name=NAME, name_latin=LATIN, birth_year=1975, email=EMAIL, phone=PHONE,
            wechat=WECHAT, notes=NOTE, owner_id=liaison,
        )  # fmt: skip
        absorbed = await factories.person(s, name=TRADITIONAL, birth_year=1975)
        friend = await factories.person(s, name="林小文")
        other = await factories.person(s, name="王建平")
        org = await factories.organization(s, name="剑桥大学中国学联")
        event = await factories.event(s)
        P, F, O = p.id, friend.id, other.id  # noqa: N806, E741
        assert P is not None
        assert F is not None
        assert O is not None
        assert org.id is not None
        project = models.Project(name="量子通信", kind=ProjectKind.COOPERATION)
        agreement = models.Agreement(title="框架协议", kind=AgreementKind.COOPERATION)
        position = models.Position(organization_id=org.id, title="研究员")
        shared = models.Interaction(
            kind=InteractionKind.MEETING, occurred_at=datetime(2025, 3, 1, tzinfo=UTC),
            summary="lunch at the federation",
        )  # fmt: skip
        lone = models.Interaction(
            kind=InteractionKind.CALL, occurred_at=datetime(2025, 3, 2, tzinfo=UTC),
            summary="follow-up call", body="talked about a move back",
        )  # fmt: skip
        await _add(s, project, agreement, position, shared, lone)
        through = models.Introduction(
            seeker_id=F, target_person_id=O,
            path=[gid("Person", F), gid("Person", P), gid("Person", O)],
        )  # fmt: skip
        await _add(
            s,
            models.Affiliation(person_id=P, organization_id=org.id, role=AffiliationRole.MEMBER),
            models.Relationship(
                person_a_id=min(P, F), person_b_id=max(P, F), kind=RelationshipKind.FRIEND,
                strength=0.9,
            ),
            models.Relationship(
                person_a_id=min(P, O), person_b_id=max(P, O), kind=RelationshipKind.COLLEAGUE,
                strength=0.9,
            ),
            models.Attendance(person_id=P, event_id=key(event)),
            models.Participation(project_id=key(project), person_id=P, role=ParticipationRole.LEAD),
            models.AgreementParty(agreement_id=key(agreement), person_id=P),
            models.Application(person_id=P, position_id=key(position), note="strong candidate"),
            models.InteractionParticipant(interaction_id=key(shared), person_id=P),
            models.InteractionParticipant(interaction_id=key(shared), person_id=F),
            models.InteractionParticipant(interaction_id=key(lone), person_id=P),
            models.Introduction(seeker_id=P, target_person_id=F),
            models.Introduction(seeker_id=O, target_person_id=P),
            models.Introduction(seeker_id=F, target_organization_id=org.id, broker_id=P),
            through,
            models.Consent(
                person_id=P, purpose=ConsentPurpose.PROCESSING, channel=ConsentChannel.EMAIL,
                notice_version="2026-01",
            ),
            models.PersonShare(person_id=P, user_id=liaison),
            *(
                models.ComputedMetric(
                    node_type="person", node_id=P, metric=metric, value=0.5, graph_revision=1
                )
                for metric in ("pagerank", "betweenness", "community")
            ),
        )  # fmt: skip
        ids = World(P, absorbed.id or 0, F, O, org.id, shared.id or 0, lone.id or 0, 0)
        ids.through_path = through.id or 0
    merged = {
        "survivor": {"id": gid("Person", ids.person), "expectedVersion": 1},
        "absorbed": [{"id": gid("Person", ids.absorbed), "expectedVersion": 1}],
    }
    await gql.mutate(MERGE, input=merged)
    if importlib.util.find_spec("crm.db.audit") is not None:
        async with session_factory() as s, s.begin():
            s.add(
                models.AuditEntry(
                    actor_label="test", action=AuditAction.UPDATE, entity="person",
                    entity_id=ids.person, changes={"email": [None, EMAIL], "name": [None, NAME]},
                )
            )  # fmt: skip
    return ids
