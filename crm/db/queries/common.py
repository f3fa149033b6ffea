"""Reads shared by every aggregate: rows by key, counts, counts per parent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, Table, func, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel


def table_of(model: type[SQLModel]) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


def descendants(table: Table, ids: Sequence[int]) -> Select[Any]:
    """The keys of these rows and of all below them through `parent_id`, at any depth
    (a conference's sessions, an organisation's branches).

    A recursive CTE (the same SQL on SQLite and PostgreSQL). UNION rather than
    UNION ALL drops rows already seen, so even a cycle of parents ends the walk.
    """
    # Aliases keep the walk apart from an enclosing query on the table (no correlation).
    name = table.name
    root, child = table.alias(f"{name}_root"), table.alias(f"{name}_child")
    tree = (
        select(root.c.id)
        .where(root.c.id.in_(list(ids)))
        .cte(f"{name}_tree", recursive=True, nesting=True)
    )
    tree = tree.union(select(child.c.id).join(tree, child.c.parent_id == tree.c.id))
    return select(tree.c.id)


async def rows_by_ids(
    session: AsyncSession, *, table: Table, ids: Sequence[int]
) -> dict[int, Row[Any]]:
    """The rows with these keys, in one `WHERE id IN (…)`; missing keys are absent."""
    if not ids:
        return {}
    result = await session.execute(select(table).where(table.c.id.in_(set(ids))))
    return {row.id: row for row in result.all()}


async def count(session: AsyncSession, *, statement: Select[Any]) -> int:
    """How many rows a filtered SELECT returns."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int((await session.execute(counted)).scalar_one())


async def counts_by_parent(
    session: AsyncSession,
    *,
    statement: Select[Any],
    parent: ColumnElement[Any],
    parent_ids: Sequence[Any],
) -> dict[Any, int]:
    """Rows per parent key for many parents, in one GROUP BY."""
    sub = statement.where(parent.in_(set(parent_ids))).add_columns(parent.label("crm_parent"))
    sq = sub.subquery()
    result = await session.execute(select(sq.c.crm_parent, func.count()).group_by(sq.c.crm_parent))
    found = {key: int(n) for key, n in result.all()}
    return {pid: found.get(pid, 0) for pid in parent_ids}
