"""SQL conditions for finding organisations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, cast, or_

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.person import like_pattern

organization = table_of(models.Organization)


def name_contains(text: str) -> ColumnElement[bool]:
    pattern = like_pattern(text)
    return or_(
        organization.c.name.ilike(pattern, escape="\\"),
        organization.c.name_en.ilike(pattern, escape="\\"),
        # aliases are a JSON array; its text form holds every alias
        cast(organization.c.aliases, String).ilike(pattern, escape="\\"),
    )


def value_in(column: str, values: Sequence[Any]) -> ColumnElement[bool]:
    return organization.c[column].in_(list(values))


def flag(column: str, value: bool) -> ColumnElement[bool]:
    return organization.c[column].is_(value)
