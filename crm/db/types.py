"""Column types and column factories shared by the table models."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Numeric, String, func, text
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

#: amounts in major units of a currency (yuan, dollars); 18 digits, 2 decimals
Money = Numeric(18, 2)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on both databases.

    SQLite has no time zones and hands back naive datetimes; this stores UTC and
    always returns aware values, so comparisons never mix naive and aware times.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is UTC:  # PostgreSQL's connections run in UTC (crm.db.engine)
            return value
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_column(
    enum: type[StrEnum],
    *,
    nullable: bool = False,
    index: bool = False,
    name: str | None = None,
    **kwargs: Any,
) -> Column[Any]:
    """A VARCHAR column with a CHECK constraint listing the enum's values.

    Non-native enums keep one migration history for SQLite and PostgreSQL and let a
    value be added without ALTER TYPE. `name` names the CHECK when a table has two
    columns of the same enum.
    """
    return Column(
        SAEnum(
            enum,
            name=name or _snake(enum.__name__),
            native_enum=False,
            create_constraint=True,
            length=max(len(m.value) for m in enum),
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
        nullable=nullable,
        index=index,
        **kwargs,
    )


def json_list_column(*, server_default: bool = False) -> Column[Any]:
    """A JSON array of strings (JSONB on PostgreSQL, so it can be indexed); with
    `server_default`, the database fills an empty array where an insert leaves it out."""
    return Column(
        JSON().with_variant(JSONB(), "postgresql"),
        nullable=False,
        default=list,
        server_default=text("'[]'") if server_default else None,
    )


def timestamp_column(*, on_update: bool = False) -> Column[Any]:
    return Column(
        UTCDateTime(),
        nullable=False,
        default=utcnow,
        onupdate=utcnow if on_update else None,
        server_default=func.now(),
    )


def money_column(**kwargs: Any) -> Column[Any]:
    return Column(Money, nullable=True, **kwargs)


def currency_column() -> Column[Any]:
    return Column(String(3), nullable=False, default="CNY", server_default="CNY")


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
