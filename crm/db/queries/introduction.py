"""SQL conditions for finding introductions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, or_

from crm.db import models
from crm.db.queries.common import table_of

introduction = table_of(models.Introduction)


def value_in(column: str, values: Sequence[Any]) -> ColumnElement[bool]:
    return introduction.c[column].in_(list(values))


def target_in(person_ids: Sequence[int], organization_ids: Sequence[int]) -> ColumnElement[bool]:
    """The target is one of these people or one of these organisations."""
    parts = []
    if person_ids:
        parts.append(introduction.c.target_person_id.in_(list(person_ids)))
    if organization_ids:
        parts.append(introduction.c.target_organization_id.in_(list(organization_ids)))
    return or_(*parts) if parts else false()


def requested_since(moment: datetime) -> ColumnElement[bool]:
    return introduction.c.requested_at >= moment
