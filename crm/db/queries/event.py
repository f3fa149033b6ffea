"""SQL conditions for finding events, and the walk down a conference's sessions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.queries.common import table_of

event = table_of(models.Event)


def subtree(event_ids: Sequence[int]) -> Select[Any]:
    """The keys of these events and of all their sessions, at any depth.

    A recursive CTE (the same SQL on SQLite and PostgreSQL). UNION rather than
    UNION ALL drops rows already seen, so even a cycle of parents ends the walk.
    """
    # Aliases keep the walk apart from an enclosing query on `event` (no correlation).
    root, child = event.alias("event_root"), event.alias("event_child")
    tree = (
        select(root.c.id)
        .where(root.c.id.in_(list(event_ids)))
        .cte("event_tree", recursive=True, nesting=True)
    )
    tree = tree.union(select(child.c.id).join(tree, child.c.parent_id == tree.c.id))
    return select(tree.c.id)


def within(event_ids: Sequence[int]) -> ColumnElement[bool]:
    """The event is one of these or one of their sessions (at any depth)."""
    return event.c.id.in_(subtree(event_ids))


async def descendant_ids(session: AsyncSession, event_id: int) -> set[int]:
    """The keys of an event's sessions at any depth, the event itself included."""
    return set((await session.execute(subtree([event_id]))).scalars().all())
