"""Column values inside the JSON of nested rows, back to what a plain row holds.

A nested list comes back as JSON (PostgreSQL's `json_agg`, SQLite's
`json_group_array`), where a timestamp is a string and an enum its stored text. Each
value is turned back into the Python value SQLAlchemy gives for the column in a plain
row, so the schema's scalars serialise it, and cursors encode it, exactly as the
general executor does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, Numeric, String, Text, cast
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["base_type", "covered", "decoder", "in_json"]

Decode = Callable[[Any], Any]

_COVERED = (Integer, String, Boolean, Float, Numeric, Date, DateTime, JSON)


def base_type(type_: TypeEngine[Any]) -> TypeEngine[Any]:
    return type_.impl_instance if isinstance(type_, TypeDecorator) else type_


def covered(type_: TypeEngine[Any]) -> bool:
    """Can a value of this column type make the round trip through JSON?"""
    return isinstance(base_type(type_), _COVERED)


def in_json(column: ColumnElement[Any], dialect: Dialect) -> ColumnElement[Any]:
    """The column as an element of a JSON array: exact decimals as text on PostgreSQL
    (a JSON number is a float)."""
    base = base_type(column.type)
    if dialect.name == "postgresql" and isinstance(base, Numeric) and not isinstance(base, Float):
        return cast(column, Text)
    return column


_DECODERS: dict[tuple[int, str], tuple[TypeEngine[Any], Decode]] = {}


def decoder(type_: TypeEngine[Any], dialect: Dialect) -> Decode:
    """From the JSON value of a column of `type_` to the plain row's value."""
    key = (id(type_), dialect.name)
    known = _DECODERS.get(key)
    if known is None or known[0] is not type_:
        known = _DECODERS[key] = (type_, _decoder(type_, dialect))
    return known[1]


def _decoder(type_: TypeEngine[Any], dialect: Dialect) -> Decode:
    base = base_type(type_)
    if isinstance(base, JSON):
        return _same
    if dialect.name == "sqlite":
        # SQLite's JSON holds the stored text or number: the column's own processing.
        process = type_.dialect_impl(dialect).result_processor(dialect, None)
        return _none_safe(process) if process is not None else _same
    first: Decode
    if isinstance(base, DateTime):
        first = datetime.fromisoformat
    elif isinstance(base, Date):
        first = date.fromisoformat
    elif isinstance(base, Float):
        return _none_safe(float)  # an integral float is a JSON integer
    elif isinstance(base, Numeric):
        return _none_safe(Decimal)  # sent as text (`in_json`), exact
    else:
        first = _same
    # what the driver's value goes through (an enum's member, UTC on timestamps)
    process = type_.dialect_impl(dialect).result_processor(dialect, None)
    if process is None:
        return _none_safe(first) if first is not _same else _same
    then = process

    def both(value: Any) -> Any:
        return None if value is None else then(first(value))

    return both


def _same(value: Any) -> Any:
    return value


def _none_safe(decode: Decode) -> Decode:
    def decoded(value: Any) -> Any:
        return None if value is None else decode(value)

    return decoded
