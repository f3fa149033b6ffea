"""Candidate duplicate pairs: people who share blocking keys, and what the scorer needs of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.models import NameKeyKind
from crm.db.tables import affiliation, name_key, organization, person


async def block_members(
    session: AsyncSession, *, person_id: int | None = None
) -> dict[str, list[int]]:
    """The people in each blocking key (with `person_id`: only that person's keys)."""
    statement = select(name_key.c.key, name_key.c.entity_id).where(
        name_key.c.kind == NameKeyKind.BLOCK, name_key.c.entity == "person"
    )
    if person_id is not None:
        own = select(name_key.c.key).where(
            name_key.c.entity == "person",
            name_key.c.entity_id == person_id,
            name_key.c.kind == NameKeyKind.BLOCK,
        )
        statement = statement.where(name_key.c.key.in_(own))
    members: dict[str, list[int]] = {}
    for key, entity_id in await session.execute(statement.order_by(name_key.c.key)):
        members.setdefault(key, []).append(entity_id)
    return members


async def people_for_scoring(session: AsyncSession, *, ids: Sequence[int]) -> list[Any]:
    """id, names, birth year, email and phone of these people."""
    if not ids:
        return []
    statement = select(
        person.c.id,
        person.c.name,
        person.c.name_latin,
        person.c.birth_year,
        person.c.email,
        person.c.phone,
    ).where(person.c.id.in_(list(ids)))
    return list((await session.execute(statement)).all())


async def organization_names(session: AsyncSession, *, ids: Sequence[int]) -> dict[int, list[str]]:
    """The names of the organisations each person is affiliated with."""
    if not ids:
        return {}
    statement = (
        select(affiliation.c.person_id, organization.c.name)
        .join(organization, organization.c.id == affiliation.c.organization_id)
        .where(affiliation.c.person_id.in_(list(ids)))
        .distinct()
    )
    names: dict[int, list[str]] = {}
    for person_id, name in await session.execute(statement):
        names.setdefault(person_id, []).append(name)
    return names
