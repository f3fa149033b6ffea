"""Counts of the network's nodes and links, and its revision."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from crm.db import models
from crm.db.revision import current_revision

NODE_MODELS: tuple[type[SQLModel], ...] = (
    models.Person,
    models.Organization,
    models.Event,
    models.Project,
    models.Position,
    models.Agreement,
)
LINK_MODELS: tuple[type[SQLModel], ...] = (
    models.Affiliation,
    models.Relationship,
    models.Attendance,
    models.Participation,
    models.AgreementParty,
    models.Application,
    models.Introduction,
    models.InteractionParticipant,
)


async def count_rows(session: AsyncSession, *, model: type[SQLModel]) -> int:
    result = await session.execute(select(func.count()).select_from(model))
    return int(result.scalar_one())


async def table_counts(
    session: AsyncSession, *, table_models: tuple[type[SQLModel], ...]
) -> dict[str, int]:
    """Row counts keyed by table name, in one statement."""
    columns = [
        select(func.count()).select_from(m).scalar_subquery().label(m.__tablename__)  # type: ignore[arg-type]
        for m in table_models
    ]
    row = (await session.execute(select(*columns))).one()
    return {m.__tablename__: int(row[i]) for i, m in enumerate(table_models)}  # type: ignore[misc]


async def graph_revision(session: AsyncSession) -> int:
    return await current_revision(session)
