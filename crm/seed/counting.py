"""Small SQL helpers for counting the demo's figures on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from crm.db.models import Event

__all__ = ["Figure", "conference_tree", "count_of", "distinct_count", "key_of"]

#: a count, or an amount of money
Figure = int | Decimal


def key_of(value: int | None) -> int:
    if value is None:
        raise ValueError("a row without a key")
    return value


async def count_of(session: AsyncSession, statement: Select[Any]) -> int:
    return int((await session.execute(statement)).scalar_one() or 0)


def distinct_count(column: Any) -> Any:
    return func.count(func.distinct(column))


async def conference_tree(session: AsyncSession, conference_id: int) -> list[int]:
    """The conference and all its descendants (sessions, campaigns, their fairs)."""
    tree = select(col(Event.id)).where(col(Event.id) == conference_id).cte(recursive=True)
    tree = tree.union_all(select(col(Event.id)).where(col(Event.parent_id) == tree.c.id))
    return [int(i) for i in (await session.scalars(select(tree.c.id))).all()]
