"""The rows the network is built from: its nodes and every kind of link, in bulk.

Plain tuples, no ORM objects: the whole network is read at once (the graph cache
builds from it), so this is the hot path of a rebuild. Each function also reads only
the rows of given ids, which is how the cache catches up with a few changes.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from crm.db import models
from crm.db.enums import ConsentPurpose
from crm.db.queries.common import table_of
from crm.db.queries.consent import withdrawn_person_ids

person = table_of(models.Person)
organization = table_of(models.Organization)
event = table_of(models.Event)
project = table_of(models.Project)
affiliation = table_of(models.Affiliation)
relationship = table_of(models.Relationship)
attendance = table_of(models.Attendance)
participation = table_of(models.Participation)
agreement = table_of(models.Agreement)
party = table_of(models.AgreementParty)
introduction = table_of(models.Introduction)
interaction = table_of(models.Interaction)
participant = table_of(models.InteractionParticipant)
consent = table_of(models.Consent)


#: the most ids one statement filters on (SQLite's parameter limit is 32,766)
CHUNK = 5000


async def _rows(
    session: AsyncSession, statement: Any, column: Any = None, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    """All rows of `statement`, or only those whose `column` is in `ids` (in chunks)."""
    if ids is None:
        return (await session.execute(statement)).all()
    wanted = sorted(ids)
    rows: list[Row[Any]] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        rows.extend((await session.execute(statement.where(column.in_(chunk)))).all())
    return rows


async def people(session: AsyncSession, ids: Collection[int] | None = None) -> Sequence[Row[Any]]:
    return await _rows(
        session,
        select(
            person.c.id,
            person.c.name,
            person.c.name_latin,
            person.c.country,
            person.c.city,
            person.c.expertise,
            person.c.honours,
            person.c.hometown_province,
        ),
        person.c.id,
        ids,
    )


async def organizations(
    session: AsyncSession, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    c = organization.c
    statement = select(c.id, c.name, c.name_en, c.kind, c.country, c.parent_id)
    return await _rows(session, statement, c.id, ids)


async def events(session: AsyncSession, ids: Collection[int] | None = None) -> Sequence[Row[Any]]:
    c = event.c
    return await _rows(session, select(c.id, c.name, c.starts_on), c.id, ids)


async def projects(session: AsyncSession, ids: Collection[int] | None = None) -> Sequence[Row[Any]]:
    c = project.c
    return await _rows(session, select(c.id, c.name, c.field), c.id, ids)


async def affiliations(
    session: AsyncSession, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    c = affiliation.c
    return await _rows(
        session,
        select(
            c.id,
            c.person_id,
            c.organization_id,
            c.role,
            c.title,
            c.starts_on,
            c.ends_on,
            c.degree,
            c.field_of_study,
        ),
        c.id,
        ids,
    )


async def relationships(
    session: AsyncSession, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    c = relationship.c
    statement = select(c.id, c.person_a_id, c.person_b_id, c.kind, c.strength, c.since, c.source)
    return await _rows(session, statement, c.id, ids)


async def attendances(
    session: AsyncSession, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    c = attendance.c
    return await _rows(session, select(c.id, c.person_id, c.event_id, c.role), c.id, ids)


async def participations(
    session: AsyncSession, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    c = participation.c
    statement = select(c.id, c.project_id, c.person_id, c.organization_id, c.role)
    return await _rows(session, statement, c.id, ids)


async def agreement_party_pairs(
    session: AsyncSession, agreement_ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    """Each pair of parties of the same agreement, once (the lower party row first)."""
    a, b = aliased(party), aliased(party)
    return await _rows(
        session,
        select(
            agreement.c.id,
            agreement.c.title,
            agreement.c.status,
            agreement.c.signed_on,
            a.c.person_id.label("a_person"),
            a.c.organization_id.label("a_organization"),
            b.c.person_id.label("b_person"),
            b.c.organization_id.label("b_organization"),
        )
        .join(a, a.c.agreement_id == agreement.c.id)
        .join(b, and_(b.c.agreement_id == agreement.c.id, b.c.id > a.c.id)),
        agreement.c.id,
        agreement_ids,
    )


async def introductions(
    session: AsyncSession, ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    c = introduction.c
    broker = aliased(person)
    return await _rows(
        session,
        select(
            c.id,
            c.seeker_id,
            c.target_person_id,
            c.target_organization_id,
            c.status,
            c.status_changed_at,
            broker.c.name.label("broker_name"),
        ).outerjoin(broker, broker.c.id == c.broker_id),
        c.id,
        ids,
    )


async def interaction_pairs(
    session: AsyncSession, interaction_ids: Collection[int] | None = None
) -> Sequence[Row[Any]]:
    """Each pair of people who took part in the same interaction, once."""
    a, b = aliased(participant), aliased(participant)
    return await _rows(
        session,
        select(
            interaction.c.id,
            interaction.c.kind,
            interaction.c.occurred_at,
            a.c.person_id.label("a_person"),
            b.c.person_id.label("b_person"),
        )
        .join(a, a.c.interaction_id == interaction.c.id)
        .join(b, and_(b.c.interaction_id == interaction.c.id, b.c.person_id > a.c.person_id)),
        interaction.c.id,
        interaction_ids,
    )


async def withdrawn_consent(session: AsyncSession) -> set[int]:
    """People whose latest word on processing (or network analysis) is a withdrawal."""
    return await withdrawn_person_ids(session, ConsentPurpose.NETWORK_ANALYSIS)


async def changes_since(session: AsyncSession, revision: int) -> Sequence[Row[Any]]:
    """The logged changes of revisions after `revision`: (revision, entity, entity_id, op)."""
    c = table_of(models.GraphChange).c
    statement = (
        select(c.revision, c.entity, c.entity_id, c.op)
        .where(c.revision > revision)
        .order_by(c.revision, c.id)
    )
    return await _rows(session, statement)
