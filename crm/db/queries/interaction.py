"""SQL for interactions and their participants, and the contact time they leave on people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, literal, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from crm.db import models
from crm.db.queries import follow_up
from crm.db.queries.common import table_of
from crm.db.types import UTCDateTime

interaction = table_of(models.Interaction)
participant = table_of(models.InteractionParticipant)
person = table_of(models.Person)


def with_participant(person_ids: Sequence[int]) -> ColumnElement[bool]:
    """Any of these people took part."""
    ids = select(participant.c.interaction_id).where(participant.c.person_id.in_(list(person_ids)))
    return interaction.c.id.in_(ids)


def participants() -> Select[Any]:
    """People with the interaction they took part in (page by `participant.c.interaction_id`)."""
    return select(person).join(participant, participant.c.person_id == person.c.id)


def interactions_of_people() -> Select[Any]:
    """Interactions with the people in them (page by `participant.c.person_id`)."""
    return select(interaction).join(participant, participant.c.interaction_id == interaction.c.id)


async def existing_ids(session: AsyncSession, *, table: Table, ids: Sequence[int]) -> set[int]:
    """Which of these keys the table holds, in one statement."""
    if not ids:
        return set()
    result = await session.execute(select(table.c.id).where(table.c.id.in_(set(ids))))
    return set(result.scalars().all())


async def participant_rows(
    session: AsyncSession, *, interaction_id: int
) -> list[models.InteractionParticipant]:
    """The interaction's participant links, as ORM objects (so changes are logged)."""
    link = models.InteractionParticipant
    statement = select(link).where(col(link.interaction_id) == interaction_id)
    return list((await session.execute(statement)).scalars().all())


async def touch_last_contacted(
    session: AsyncSession, *, person_ids: Sequence[int], at: datetime
) -> None:
    """Move these people's `last_contacted_at` up to `at`, never back (and their next
    contact's due time with it).

    A derived value, not an edit: the people's versions stay as they are, so a
    client editing a person is not refused because someone logged a meeting.
    """
    if not person_ids:
        return
    contacted = person.c.last_contacted_at
    moment = literal(at, UTCDateTime())
    await session.execute(
        update(person)
        .where(person.c.id.in_(list(person_ids)), or_(contacted.is_(None), contacted < at))
        .values(last_contacted_at=moment, next_contact_due_at=follow_up.next_contact_due(moment))
    )


async def recount_last_contacted(session: AsyncSession, *, person_ids: Sequence[int]) -> None:
    """Set these people's `last_contacted_at` to their latest interaction's time, or NULL
    when they have none left (after an interaction was deleted, moved or left), and
    their next contact's due time with it. Not an edit either: versions stay."""
    if not person_ids:
        return
    latest = (
        select(func.max(interaction.c.occurred_at))
        .join(participant, participant.c.interaction_id == interaction.c.id)
        .where(participant.c.person_id == person.c.id)
        .scalar_subquery()
    )
    await session.execute(
        update(person)
        .where(person.c.id.in_(list(set(person_ids))))
        .values(last_contacted_at=latest, next_contact_due_at=follow_up.next_contact_due(latest))
    )
