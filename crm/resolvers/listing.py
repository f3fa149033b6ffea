"""Lists and nested lists: a keyset page plus a lazily counted total."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, select

from crm.db.queries import common
from crm.db.queries.paging import Page, PageRequest, SortKey, fetch_page
from crm.resolvers.context import Context

CountRows = Callable[[], Awaitable[int]]


def with_key(sort: Sequence[SortKey], table: Table) -> list[SortKey]:
    """The requested order, then the primary key, so every position is unique."""
    return [*sort, SortKey(table.c.id, descending=bool(sort) and sort[-1].descending)]


async def page_of(
    context: Context,
    table: Table,
    condition: ColumnElement[bool] | None,
    sort: Sequence[SortKey],
    request: PageRequest,
) -> tuple[Page, CountRows]:
    statement = select(table)
    if condition is not None:
        statement = statement.where(condition)
    async with context.db() as session:
        page = await fetch_page(session, statement, with_key(sort, table), request)

    async def count_rows() -> int:
        async with context.db() as session:
            return await common.count(session, statement=statement)

    return page, count_rows


async def nested_page_of(
    context: Context,
    table: Table,
    parent: ColumnElement[Any],
    parent_id: int,
    sort: Sequence[SortKey],
    request: PageRequest,
    *,
    where: ColumnElement[bool] | None = None,
    name: str = "",
) -> tuple[Page, CountRows]:
    """One parent's page of children, batched with every sibling parent's."""
    loaders = context.loaders
    sort = with_key(sort, table)
    page = await loaders.page_by_parent(table, parent, sort, request, where=where, name=name).load(
        parent_id
    )

    async def count_rows() -> int:
        return await loaders.count_by_parent(table, parent, where=where, name=name).load(parent_id)

    return page, count_rows
