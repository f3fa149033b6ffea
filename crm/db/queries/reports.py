"""SQL shared by the analyst reports (pipelines, funds, dashboard): periods, day counts,
months, medians, organisation trees and JSON list elements, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    FromClause,
    Integer,
    Select,
    String,
    Table,
    and_,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from crm.db import models
from crm.db.enums import AgreementStatus
from crm.db.queries.common import descendants, table_of
from crm.db.queries.sql import date_as_timestamp, per_dialect
from crm.db.tables import agreement

__all__ = [
    "AgreementTotals",
    "Period",
    "agreement_totals",
    "days_between",
    "json_elements",
    "json_length",
    "largest_first",
    "missing_keys",
    "organization_subtree",
    "year_month",
]

organization = table_of(models.Organization)


@dataclass(frozen=True)
class Period:
    """Days from `start` to `end`, both included; either end may be open (None)."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"the period starts ({self.start}) after it ends ({self.end})")

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None

    def timestamps(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """A stored UTC timestamp falls on a day of the period."""
        parts: list[ColumnElement[bool]] = []
        if self.start is not None:
            parts.append(column >= date_as_timestamp(literal(self.start.isoformat())))
        if self.end is not None:
            after = (self.end + timedelta(days=1)).isoformat()
            parts.append(column < date_as_timestamp(literal(after)))
        return and_(true(), *parts)

    def dates(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        """A DATE column falls on a day of the period."""
        parts: list[ColumnElement[bool]] = []
        if self.start is not None:
            parts.append(column >= self.start)
        if self.end is not None:
            parts.append(column <= self.end)
        return and_(true(), *parts)


days_between = per_dialect(
    "days_between",
    "Days (fractional) from the first stored timestamp to the second.",
    postgresql=lambda start, end: f"(EXTRACT(EPOCH FROM ({end} - {start})) / 86400.0)",
    sqlite=lambda start, end: f"(julianday({end}) - julianday({start}))",
    type_=Float(),
)


class year_month(FunctionElement[str]):  # noqa: N801 - reads as SQL
    """'YYYY-MM' of a stored UTC timestamp or of a DATE."""

    type = String()
    inherit_cache = True
    name = "year_month"


@compiles(year_month, "postgresql")
def _pg_month(element: year_month, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    value = compiler.process(column, **kw)
    if getattr(column.type, "timezone", False):  # timestamptz: the month in UTC
        value = f"({value} AT TIME ZONE 'UTC')"
    return f"to_char({value}, 'YYYY-MM')"


@compiles(year_month, "sqlite")
def _sqlite_month(element: year_month, compiler: Any, **kw: Any) -> str:
    (column,) = (compiler.process(c, **kw) for c in element.clauses)
    # timestamps are stored as 'YYYY-MM-DD HH:MM:SS…' in UTC, dates as 'YYYY-MM-DD'
    return f"substr({column}, 1, 7)"


json_length = per_dialect(
    "json_length",
    "The number of elements of a JSON array column.",
    postgresql=lambda column: f"jsonb_array_length({column})",
    sqlite=lambda column: f"json_array_length({column})",
    type_=Integer(),
)


def json_elements(dialect: str, column: ColumnElement[Any]) -> FromClause:
    """The strings of a JSON array column as a table with one column, `value`, to join
    laterally (json_each on SQLite, jsonb_array_elements_text on PostgreSQL)."""
    if dialect == "postgresql":
        return func.jsonb_array_elements_text(column).table_valued("value").lateral()
    return func.json_each(column).table_valued("value")


def organization_subtree(organization_ids: Sequence[int]) -> Select[Any]:
    """The keys of these organisations and of their sub-organisations at any depth."""
    return descendants(organization, organization_ids)


async def missing_keys(
    session: AsyncSession, lookups: Sequence[tuple[Table, Sequence[int]]]
) -> list[tuple[Table, int]]:
    """The keys of each table that name no row, in one statement (nothing to look up: none)."""
    parts = [
        select(literal(i).label("which"), table.c.id).where(table.c.id.in_(list(keys)))
        for i, (table, keys) in enumerate(lookups)
        if keys
    ]
    if not parts:
        return []
    statement = parts[0].union_all(*parts[1:]) if len(parts) > 1 else parts[0]
    found = {(int(which), int(key)) for which, key in (await session.execute(statement)).all()}
    return [
        (table, key)
        for i, (table, keys) in enumerate(lookups)
        for key in dict.fromkeys(keys)
        if (i, key) not in found
    ]


@dataclass(frozen=True)
class AgreementTotals:
    """Signed and intended agreements: how many of each, and their amounts per currency."""

    counts: dict[str, int]
    amounts: dict[str, dict[str, Decimal]]

    def count(self, status: AgreementStatus) -> int:
        return self.counts.get(status, 0)


async def agreement_totals(
    session: AsyncSession, *conditions: ColumnElement[bool]
) -> AgreementTotals:
    """The signed and intended agreements meeting `conditions`, counted and summed per
    status and currency (amounts in different currencies are never added); one statement."""
    statement = (
        select(
            agreement.c.status,
            agreement.c.currency,
            func.count().label("agreements"),
            func.sum(agreement.c.amount).label("amount"),
        )
        .where(
            agreement.c.status.in_([AgreementStatus.SIGNED, AgreementStatus.INTENTION]),
            *conditions,
        )
        .group_by(agreement.c.status, agreement.c.currency)
    )
    totals = AgreementTotals({}, {AgreementStatus.SIGNED: {}, AgreementStatus.INTENTION: {}})
    for status, currency, n, amount in (await session.execute(statement)).all():
        totals.counts[status] = totals.count(status) + int(n)
        if amount is not None:
            totals.amounts[status][currency] = Decimal(amount)
    return totals


def largest_first(per_currency: dict[str, Decimal]) -> list[tuple[Decimal, str]]:
    """Amounts per currency as (amount, currency), largest first, then by currency."""
    return sorted(((a, c) for c, a in per_currency.items()), key=lambda p: (-p[0], p[1]))
