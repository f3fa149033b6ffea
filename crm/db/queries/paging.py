"""Keyset pagination: pages of rows ordered by a list of sort keys, never by OFFSET.

A page is asked for with `first`/`after` (forwards) or `last`/`before` (backwards),
where `after`/`before` are the key values of a row (what a cursor encodes). The
primary key is always the last sort key, so every row has a unique position and a
walk through the pages has no repeats or gaps, even while rows are inserted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import UnaryExpression


@dataclass(frozen=True)
class SortKey:
    """One ordering term: a column, its direction, and whether it may be NULL."""

    column: ColumnElement[Any]
    descending: bool = False
    nullable: bool = False

    def terms(self) -> list[tuple[ColumnElement[Any], bool]]:
        """Expressions to order by; NULLs (unknown values) come last in either direction."""
        if not self.nullable:
            return [(self.column, self.descending)]
        is_null = case((self.column.is_(None), 1), else_=0)
        return [(is_null, False), (self.column, self.descending)]


@dataclass(frozen=True)
class PageRequest:
    first: int | None = None
    after: Sequence[Any] | None = None
    last: int | None = None
    before: Sequence[Any] | None = None

    @property
    def backwards(self) -> bool:
        return self.last is not None and self.first is None

    @property
    def limit(self) -> int:
        return int(self.last if self.backwards else self.first)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Page:
    rows: list[Row[Any]]
    keys: list[tuple[Any, ...]]
    has_next_page: bool
    has_previous_page: bool


def sort_values(sort: Sequence[SortKey]) -> list[ColumnElement[Any]]:
    """The columns whose values make a row's cursor, labelled to read them back."""
    return [key.column.label(f"_sort{i}") for i, key in enumerate(sort)]


def after_condition(
    sort: Sequence[SortKey], values: Sequence[Any], *, reverse: bool = False
) -> ColumnElement[bool]:
    """Rows strictly after `values` in the order of `sort` (before it if `reverse`).

    The classic expansion (a > x) OR (a = x AND b > y) OR …, with each term's own
    direction, so mixed ASC/DESC orders page correctly.
    """
    if len(values) != len(sort):
        raise ValueError("cursor does not match this ordering")
    terms: list[tuple[ColumnElement[Any], bool, Any]] = []
    for key, value in zip(sort, values, strict=True):
        if key.nullable:
            is_null = case((key.column.is_(None), 1), else_=0)
            terms.append((is_null, False, int(value is None)))
            # Two NULLs are equal: the value is compared only when it is present.
            terms.append((key.column, key.descending, value))
        else:
            terms.append((key.column, key.descending, value))
    disjuncts: list[ColumnElement[bool]] = []
    for i, (expr, descending, value) in enumerate(terms):
        if value is None:
            continue
        forward = descending == reverse
        beyond = expr > value if forward else expr < value
        equal_before = [e == v for e, _, v in terms[:i] if v is not None]
        disjuncts.append(and_(*equal_before, beyond))
    return or_(*disjuncts) if disjuncts else false()


def order_by(sort: Sequence[SortKey], *, reverse: bool = False) -> list[UnaryExpression[Any]]:
    clauses = []
    for key in sort:
        for expr, descending in key.terms():
            clauses.append(expr.asc() if descending == reverse else expr.desc())
    return clauses


async def fetch_page(
    session: AsyncSession, statement: Select[Any], sort: Sequence[SortKey], request: PageRequest
) -> Page:
    """One page of `statement` (a filtered SELECT) in the order of `sort`."""
    reverse = request.backwards
    statement = statement.add_columns(*sort_values(sort))
    if request.after is not None:
        statement = statement.where(after_condition(sort, request.after))
    if request.before is not None:
        statement = statement.where(after_condition(sort, request.before, reverse=True))
    statement = statement.order_by(*order_by(sort, reverse=reverse)).limit(request.limit + 1)
    rows = list((await session.execute(statement)).all())
    more = len(rows) > request.limit
    rows = rows[: request.limit]
    if reverse:
        rows.reverse()
    width = len(sort)
    keys = [tuple(row[-width:]) for row in rows]
    return Page(
        rows=rows,
        keys=keys,
        has_next_page=more if not reverse else request.before is not None,
        has_previous_page=more if reverse else request.after is not None,
    )


async def fetch_pages_by_parent(
    session: AsyncSession,
    statement: Select[Any],
    parent: ColumnElement[Any],
    parent_ids: Sequence[Any],
    sort: Sequence[SortKey],
    request: PageRequest,
) -> dict[Any, Page]:
    """The same page for many parents in one statement (a window per parent).

    For nested lists (each person's affiliations): ROW_NUMBER() OVER (PARTITION BY
    the parent key) keeps the first `limit + 1` rows of every parent.
    """
    reverse = request.backwards
    ranked = statement.where(parent.in_(parent_ids)).add_columns(
        parent.label("crm_parent"),
        *sort_values(sort),
        func.row_number()
        .over(partition_by=parent, order_by=order_by(sort, reverse=reverse))
        .label("crm_rank"),
    )
    if request.after is not None:
        ranked = ranked.where(after_condition(sort, request.after))
    if request.before is not None:
        ranked = ranked.where(after_condition(sort, request.before, reverse=True))
    sub = ranked.subquery()
    rows = (
        await session.execute(
            select(sub)
            .where(sub.c.crm_rank <= request.limit + 1)
            .order_by(sub.c.crm_parent, sub.c.crm_rank)
        )
    ).all()
    width = len(sort)
    grouped: dict[Any, list[Row[Any]]] = {pid: [] for pid in parent_ids}
    for row in rows:
        grouped[row.crm_parent].append(row)
    pages = {}
    for pid, group in grouped.items():
        more = len(group) > request.limit
        group = group[: request.limit]
        if reverse:
            group.reverse()
        pages[pid] = Page(
            rows=group,
            keys=[tuple(r[-width - 1 : -1]) for r in group],
            has_next_page=more if not reverse else request.before is not None,
            has_previous_page=more if reverse else request.after is not None,
        )
    return pages
