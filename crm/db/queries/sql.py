"""SQL constructs that differ between SQLite and PostgreSQL, compiled for each."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement


class json_array_contains(FunctionElement[bool]):  # noqa: N801 - reads as SQL
    """TRUE when a JSON array column holds the given string.

    PostgreSQL: `col @> '["v"]'` (uses a GIN index on JSONB); SQLite: an EXISTS over
    json_each.
    """

    type = Boolean()
    inherit_cache = True
    name = "json_array_contains"


@compiles(json_array_contains, "postgresql")
def _pg(element: json_array_contains, compiler: Any, **kw: Any) -> str:
    column, value = (compiler.process(c, **kw) for c in element.clauses)
    return f"({column} @> jsonb_build_array(CAST({value} AS TEXT)))"


@compiles(json_array_contains, "sqlite")
def _sqlite(element: json_array_contains, compiler: Any, **kw: Any) -> str:
    column, value = list(element.clauses)
    return (
        f"EXISTS (SELECT 1 FROM json_each({compiler.process(column, **kw)}) "
        f"WHERE json_each.value = {compiler.process(value, **kw)})"
    )


def contains(column: ColumnElement[Any], value: str) -> ColumnElement[bool]:
    return json_array_contains(column, value)


class date_as_timestamp(FunctionElement[Any]):  # noqa: N801 - reads as SQL
    """A DATE as the start of that day in UTC, comparable with stored timestamps.

    SQLite keeps timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' text, so the date gets the
    same shape (text comparison must see the same instant as equal).
    """

    inherit_cache = True
    name = "date_as_timestamp"


@compiles(date_as_timestamp, "postgresql")
def _pg_date(element: date_as_timestamp, compiler: Any, **kw: Any) -> str:
    (value,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({value} AS TIMESTAMP) AT TIME ZONE 'UTC')"


@compiles(date_as_timestamp, "sqlite")
def _sqlite_date(element: date_as_timestamp, compiler: Any, **kw: Any) -> str:
    (value,) = (compiler.process(c, **kw) for c in element.clauses)
    return f"({value} || ' 00:00:00.000000')"


class timestamp_plus_days(FunctionElement[Any]):  # noqa: N801 - reads as SQL
    """A stored timestamp plus a whole number of days (of 24 hours: no DST shifts).

    PostgreSQL adds an interval of hours; SQLite shifts the 'YYYY-MM-DD HH:MM:SS' part
    and keeps the fraction, so the result has the stored shape and compares as text
    with other stored timestamps. NULL in either gives NULL.
    """

    inherit_cache = True
    name = "timestamp_plus_days"


@compiles(timestamp_plus_days, "postgresql")
def _pg_plus_days(element: timestamp_plus_days, compiler: Any, **kw: Any) -> str:
    moment, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"({moment} + CAST({days} AS INTEGER) * INTERVAL '24 hours')"


@compiles(timestamp_plus_days, "sqlite")
def _sqlite_plus_days(element: timestamp_plus_days, compiler: Any, **kw: Any) -> str:
    moment, days = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(strftime('%Y-%m-%d %H:%M:%S', {moment}, '+' || ({days}) || ' days')"
        f" || substr({moment} || '.000000', 20, 7))"
    )
