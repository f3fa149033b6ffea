"""Lists of records, declared once: what a list reads, how it may be ordered, how filtered.

A domain declares each of its lists as a value: a `TableList` (a table's rows, filtered:
people, organisations), a `ChildList` (the rows naming a parent: a person's
affiliations) or a `ChildListOver` (a parent's rows through a join: an interaction's
participants). The schema's generic connection field (`crm.schema.connection`) reads
the declaration to build the GraphQL field, its order enum (from `ordering`, the same
declaration that holds the SQL sort columns) and its arguments, and calls `page`.

Filters, orders and page requests arrive as plain values: a filter is a mapping of its
fields (and `and_`, `or_`, `not_`), an order a list of (field name, descending) pairs.
Child lists are read for every parent of a request in one statement (a DataLoader).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, FromClause, Select, Table, and_, false, func, not_, or_, true
from sqlalchemy import select as select_
from strawberry.dataloader import DataLoader

from crm.db.paging import Page, PageRequest, SortKey, checked, fetch_page, with_key
from crm.db.queries import common
from crm.db.queries.conditions import any_of
from crm.errors import bad_input
from crm.resolvers.context import Context
from crm.resolvers.loaders import Loaders

__all__ = [
    "ChildList",
    "ChildListOver",
    "CountRows",
    "Filter",
    "Listed",
    "OrderBy",
    "OrderField",
    "Ordering",
    "TableList",
    "any_of_asked",
    "aware",
    "condition_of",
    "sort_keys",
]

#: counts the whole list when a client asks for `totalCount` (not before)
CountRows = Callable[[], Awaitable[int]]
#: one page of a list and its total
Listed = tuple[Page, CountRows]
#: an `orderBy` argument as plain values: (order field name, descending), in order
OrderBy = Sequence[tuple[str, bool]]
#: a filter argument as plain values: its fields, and `and_`, `or_`, `not_`
Filter = Mapping[str, Any]
#: the SQL conditions of a filter's own fields (AND-ed)
Conditions = Callable[[Filter], list[ColumnElement[bool]]]

MAX_FILTER_DEPTH = 5


@dataclass(frozen=True)
class OrderField:
    """One way to order a list: by a column of the list's rows (its name) or an expression."""

    column: ColumnElement[Any] | str
    #: rows without a value come last in either direction
    nullable: bool = False
    #: shown on the GraphQL enum value
    description: str | None = None
    #: keys that come first whichever the direction (undated events last)
    leading: tuple[ColumnElement[Any], ...] = ()

    def keys(self, source: FromClause, descending: bool) -> list[SortKey]:
        column = source.c[self.column] if isinstance(self.column, str) else self.column
        return [*map(SortKey, self.leading), SortKey(column, descending, self.nullable)]


#: the ways a list may be ordered: GraphQL enum value name → field, in the enum's order
Ordering = Mapping[str, OrderField]


def sort_keys(
    order_by: OrderBy | None, ordering: Ordering, default: Sequence[SortKey], source: FromClause
) -> list[SortKey]:
    """The SortKeys of an orderBy list over `source`'s rows (`default` without one)."""
    if not order_by:
        return list(default)
    return [key for name, descending in order_by for key in ordering[name].keys(source, descending)]


def condition_of(
    filter_: Filter | None, own: Conditions, depth: int = 0
) -> ColumnElement[bool] | None:
    """The SQL condition of a filter: its own fields AND-ed, then and/or/not."""
    if filter_ is None:
        return None
    if depth > MAX_FILTER_DEPTH:
        raise bad_input(f"filters nest at most {MAX_FILTER_DEPTH} levels deep")
    parts = own(filter_)
    for sub in filter_.get("and_") or []:
        parts.append(_or_true(condition_of(sub, own, depth + 1)))
    if filter_.get("or_"):
        alternatives = (_or_true(condition_of(sub, own, depth + 1)) for sub in filter_["or_"])
        parts.append(or_(*alternatives))
    if filter_.get("not_") is not None:
        inner = condition_of(filter_["not_"], own, depth + 1)
        # A condition on a NULL column is unknown, and NOT unknown is unknown too;
        # "not in GB" should include people with no country, so unknown counts as false.
        parts.append(not_(func.coalesce(inner, false())) if inner is not None else false())
    return and_(*parts) if parts else None


def any_of_asked(f: Filter, table: FromClause, *columns: str) -> list[ColumnElement[bool]]:
    """`column IN (…)` for each of `columns` the filter names values for (`kind: [A, B]`)."""
    return [any_of(table.c[column], f[column]) for column in columns if f.get(column)]


def aware(field: str, moment: datetime) -> datetime:
    """A filter's moment, which must carry its time zone."""
    if moment.tzinfo is None:
        raise bad_input(f"`{field}` needs a time zone, e.g. 2025-01-31T09:00:00Z")
    return moment


def _or_true(condition: ColumnElement[bool] | None) -> ColumnElement[bool]:
    """An empty filter matches everything."""
    return true() if condition is None else condition


async def page_of(
    context: Context,
    statement: Select[Any],
    sort: Sequence[SortKey],
    request: PageRequest,
) -> Listed:
    """A page of a SELECT (its rows' `id` last in the order) and its count."""
    request = checked(request, sort)
    async with context.db() as session:
        page = await fetch_page(session, statement, sort, request)

    async def count_rows() -> int:
        async with context.db() as session:
            return await common.count(session, statement=statement)

    return page, count_rows


@dataclass(frozen=True)
class TableList:
    """A table's rows, filtered and ordered: a top-level list (people, organisations)."""

    table: Table
    ordering: Ordering
    default: Sequence[SortKey]
    #: the conditions of the list's filter argument, if it has one
    conditions: Conditions | None = None
    #: checks a filter needs the database and the caller for (a list it names must be
    #: one they see); raises UserErrors to refuse it
    check: Callable[[Context, Filter | None], Awaitable[None]] | None = None
    #: a list of its own, not of a parent record
    root: ClassVar[bool] = True

    async def page(
        self,
        context: Context,
        _parent: None,
        request: PageRequest,
        order_by: OrderBy | None = None,
        filter: Filter | None = None,
    ) -> Listed:
        if self.check is not None:
            await self.check(context, filter)
        statement = select_(self.table)
        if self.conditions is not None:
            condition = condition_of(filter, self.conditions)
            if condition is not None:
                statement = statement.where(condition)
        sort = sort_keys(order_by, self.ordering, self.default, self.table)
        return await page_of(context, statement, with_key(sort, self.table), request)


class _PerParent:
    """A page per parent record, read for every parent of a request in one statement
    (`_pages`) and counted per parent (`_counts`): ChildList and ChildListOver."""

    table: Table
    ordering: Ordering
    default: Sequence[SortKey]

    async def page(
        self,
        context: Context,
        parent_id: int,
        request: PageRequest,
        order_by: OrderBy | None = None,
    ) -> Listed:
        sort = with_key(sort_keys(order_by, self.ordering, self.default, self.table), self.table)
        page = await self._pages(context.loaders, sort, checked(request, sort)).load(parent_id)

        async def count_rows() -> int:
            return await self._counts(context.loaders).load(parent_id)

        return page, count_rows

    def _pages(
        self, loaders: Loaders, sort: list[SortKey], request: PageRequest
    ) -> DataLoader[Any, Page]:
        raise NotImplementedError

    def _counts(self, loaders: Loaders) -> DataLoader[Any, int]:
        raise NotImplementedError


@dataclass(frozen=True)
class ChildList(_PerParent):
    """The rows of a table that name one parent (a person's affiliations), a page per
    parent, read for every parent of a request in one statement."""

    table: Table
    #: the column naming the parent
    parent: str
    ordering: Ordering
    default: Sequence[SortKey]
    where: ColumnElement[bool] | None = None

    def _pages(
        self, loaders: Loaders, sort: list[SortKey], request: PageRequest
    ) -> DataLoader[Any, Page]:
        parent = self.table.c[self.parent]
        return loaders.page_by_parent(self.table, parent, sort, request, where=self.where)

    def _counts(self, loaders: Loaders) -> DataLoader[Any, int]:
        return loaders.count_by_parent(self.table, self.table.c[self.parent], where=self.where)


@dataclass(frozen=True)
class ChildListOver(_PerParent):
    """One parent's rows through a join (an interaction's participants), a page per
    parent over any SELECT that holds the parent column; counted on the link table."""

    #: tells the statements apart in the request's loader registry
    name: str
    statement: Callable[[], Select[Any]]
    #: the rows' own table (its `id` makes every position unique)
    table: Table
    #: the link table and its column naming the parent
    link: Table
    parent: str
    ordering: Ordering
    default: Sequence[SortKey]

    def _pages(
        self, loaders: Loaders, sort: list[SortKey], request: PageRequest
    ) -> DataLoader[Any, Page]:
        parent = self.link.c[self.parent]
        return loaders.page_by_parent_over(self.statement(), parent, sort, request, name=self.name)

    def _counts(self, loaders: Loaders) -> DataLoader[Any, int]:
        return loaders.count_by_parent(self.link, self.link.c[self.parent])
