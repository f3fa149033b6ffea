"""SQL conditions for finding events, and the walk down a conference's sessions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.queries.common import descendants, table_of

event = table_of(models.Event)


def subtree(event_ids: Sequence[int]) -> Select[Any]:
    """The keys of these events and of all their sessions, at any depth."""
    return descendants(event, event_ids)


def within(
    event_ids: Sequence[int], column: ColumnElement[Any] = event.c.id
) -> ColumnElement[bool]:
    """The event (or the event a record's `column` names) is one of these or one of their
    sessions, at any depth: "at the conference" includes its sessions."""
    return column.in_(subtree(event_ids))


async def descendant_ids(session: AsyncSession, event_id: int) -> set[int]:
    """The keys of an event's sessions at any depth, the event itself included."""
    return set((await session.execute(subtree([event_id]))).scalars().all())
