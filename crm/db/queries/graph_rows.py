"""The rows the network is built from: its nodes and every kind of link, in bulk.

Plain tuples, no ORM objects: the whole network is read at once (the graph cache
builds from it), so this is the hot path of a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from crm.db import models
from crm.db.enums import ConsentPurpose
from crm.db.queries.common import table_of

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


async def _rows(session: AsyncSession, statement: Any) -> Sequence[Row[Any]]:
    return (await session.execute(statement)).all()


async def people(session: AsyncSession) -> Sequence[Row[Any]]:
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
    )


async def organizations(session: AsyncSession) -> Sequence[Row[Any]]:
    c = organization.c
    return await _rows(session, select(c.id, c.name, c.name_en, c.kind, c.country, c.parent_id))


async def events(session: AsyncSession) -> Sequence[Row[Any]]:
    return await _rows(session, select(event.c.id, event.c.name, event.c.starts_on))


async def projects(session: AsyncSession) -> Sequence[Row[Any]]:
    return await _rows(session, select(project.c.id, project.c.name, project.c.field))


async def affiliations(session: AsyncSession) -> Sequence[Row[Any]]:
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
    )


async def relationships(session: AsyncSession) -> Sequence[Row[Any]]:
    c = relationship.c
    return await _rows(
        session, select(c.id, c.person_a_id, c.person_b_id, c.kind, c.strength, c.since, c.source)
    )


async def attendances(session: AsyncSession) -> Sequence[Row[Any]]:
    c = attendance.c
    return await _rows(session, select(c.id, c.person_id, c.event_id, c.role))


async def participations(session: AsyncSession) -> Sequence[Row[Any]]:
    c = participation.c
    return await _rows(session, select(c.id, c.project_id, c.person_id, c.organization_id, c.role))


async def agreement_party_pairs(session: AsyncSession) -> Sequence[Row[Any]]:
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
    )


async def introductions(session: AsyncSession) -> Sequence[Row[Any]]:
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
    )


async def interaction_pairs(session: AsyncSession) -> Sequence[Row[Any]]:
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
    )


async def withdrawn_consent(session: AsyncSession) -> set[int]:
    """People whose latest word on processing (or network analysis) is a withdrawal."""
    c = consent.c
    later = aliased(consent)
    purposes = [ConsentPurpose.PROCESSING, ConsentPurpose.NETWORK_ANALYSIS]
    given_again = (
        select(later.c.id)
        .where(
            later.c.person_id == c.person_id,
            later.c.purpose == c.purpose,
            later.c.given_at > c.withdrawn_at,
            later.c.withdrawn_at.is_(None),
        )
        .exists()
    )
    statement = select(c.person_id).where(
        c.purpose.in_(purposes), c.withdrawn_at.is_not(None), ~given_again
    )
    return set((await session.execute(statement)).scalars().all())
