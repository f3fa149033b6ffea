"""SQL conditions for finding positions (job demands)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.person import like_pattern

position = table_of(models.Position)
application = table_of(models.Application)


def title_contains(text: str) -> ColumnElement[bool]:
    return position.c.title.ilike(like_pattern(text), escape="\\")


def value_in(column: str, values: Sequence[Any]) -> ColumnElement[bool]:
    return position.c[column].in_(list(values))


def flag(column: str, value: bool) -> ColumnElement[bool]:
    return position.c[column].is_(value)
