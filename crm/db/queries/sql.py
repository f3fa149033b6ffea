"""SQL constructs that differ between SQLite and PostgreSQL, compiled for each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Boolean, ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import TypeEngine


def per_dialect(
    name: str,
    doc: str,
    *,
    postgresql: Callable[..., str],
    sqlite: Callable[..., str],
    type_: TypeEngine[Any] | None = None,
) -> type[FunctionElement[Any]]:
    """A SQL function written once for each dialect: `postgresql` and `sqlite` get the
    compiled arguments (SQL text) and return the expression."""
    attributes: dict[str, Any] = {"__doc__": doc, "inherit_cache": True, "name": name}
    if type_ is not None:
        attributes["type"] = type_
    element: type[FunctionElement[Any]] = type(name, (FunctionElement,), attributes)
    for dialect, template in (("postgresql", postgresql), ("sqlite", sqlite)):

        def compiled(
            element: FunctionElement[Any],
            compiler: Any,
            template: Callable[..., str] = template,
            **kw: Any,
        ) -> str:
            return template(*(compiler.process(c, **kw) for c in element.clauses))

        compiles(element, dialect)(compiled)
    return element


json_array_contains = per_dialect(
    "json_array_contains",
    """TRUE when a JSON array column holds the given string.

    PostgreSQL: `col @> '["v"]'` (uses a GIN index on JSONB); SQLite: an EXISTS over
    json_each.""",
    postgresql=lambda column, value: f"({column} @> jsonb_build_array(CAST({value} AS TEXT)))",
    sqlite=lambda column, value: (
        f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {value})"
    ),
    type_=Boolean(),
)


def contains(column: ColumnElement[Any], value: str) -> ColumnElement[bool]:
    return json_array_contains(column, value)


date_as_timestamp = per_dialect(
    "date_as_timestamp",
    """A DATE as the start of that day in UTC, comparable with stored timestamps.

    SQLite keeps timestamps as 'YYYY-MM-DD HH:MM:SS.ffffff' text, so the date gets the
    same shape (text comparison must see the same instant as equal).""",
    postgresql=lambda value: f"(CAST({value} AS TIMESTAMP) AT TIME ZONE 'UTC')",
    sqlite=lambda value: f"({value} || ' 00:00:00.000000')",
)

timestamp_plus_days = per_dialect(
    "timestamp_plus_days",
    """A stored timestamp plus a whole number of days (of 24 hours: no DST shifts).

    PostgreSQL adds an interval of hours; SQLite shifts the 'YYYY-MM-DD HH:MM:SS' part
    and keeps the fraction, so the result has the stored shape and compares as text
    with other stored timestamps. NULL in either gives NULL.""",
    postgresql=lambda moment, days: f"({moment} + CAST({days} AS INTEGER) * INTERVAL '24 hours')",
    sqlite=lambda moment, days: (
        f"(strftime('%Y-%m-%d %H:%M:%S', {moment}, '+' || ({days}) || ' days')"
        f" || substr({moment} || '.000000', 20, 7))"
    ),
)
