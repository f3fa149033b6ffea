"""The conditions filters are made of: any of some values, text anywhere in some columns,
a flag. A domain's own conditions (an event's sessions, an agreement's parties) are in
its module of `crm.db.queries`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, or_

__all__ = ["any_of", "flag", "like_pattern", "text_in"]


def like_pattern(text: str) -> str:
    """A case-insensitive LIKE pattern that matches `text` literally anywhere."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def any_of(column: ColumnElement[Any], values: Sequence[Any]) -> ColumnElement[bool]:
    return column.in_(list(values))


def text_in(text: str, *columns: ColumnElement[Any]) -> ColumnElement[bool]:
    """`text` (case-insensitive, literally) in any of the columns."""
    pattern = like_pattern(text)
    return or_(*(column.ilike(pattern, escape="\\") for column in columns))


def flag(column: ColumnElement[Any], value: bool) -> ColumnElement[bool]:
    return column.is_(value)
