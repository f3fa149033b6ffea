"""Lists and nested lists: a keyset page plus a lazily counted total."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import Any

from graphql import GraphQLError
from sqlalchemy import ColumnElement, Table, select

from crm.db.queries import common
from crm.db.queries.paging import Page, PageRequest, SortKey, fetch_page
from crm.resolvers.context import Context

CountRows = Callable[[], Awaitable[int]]


def checked(request: PageRequest, sort: Sequence[SortKey]) -> PageRequest:
    """The request with its cursors' values checked against (and cast to) the ordering.

    A cursor handed out for another ordering or list is refused clearly, instead of
    comparing a name with a date in SQL.
    """

    def cast(values: Sequence[Any] | None) -> list[Any] | None:
        if values is None:
            return None
        if len(values) != len(sort):
            raise _foreign_cursor()
        cast_values: list[Any] = []
        for key, value in zip(sort, values, strict=True):
            if value is None:
                if not key.nullable:
                    raise _foreign_cursor()
                cast_values.append(None)
                continue
            try:
                python_type = key.column.type.python_type
                cast_values.append(value if isinstance(value, python_type) else python_type(value))
            except (TypeError, ValueError, NotImplementedError) as exc:
                raise _foreign_cursor() from exc
        return cast_values

    return replace(request, after=cast(request.after), before=cast(request.before))


def _foreign_cursor() -> GraphQLError:
    return GraphQLError(
        "this cursor belongs to another list or ordering", extensions={"code": "BAD_USER_INPUT"}
    )


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
    sort = with_key(sort, table)
    request = checked(request, sort)
    async with context.db() as session:
        page = await fetch_page(session, statement, sort, request)

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
    request = checked(request, sort)
    page = await loaders.page_by_parent(table, parent, sort, request, where=where, name=name).load(
        parent_id
    )

    async def count_rows() -> int:
        return await loaders.count_by_parent(table, parent, where=where, name=name).load(parent_id)

    return page, count_rows
