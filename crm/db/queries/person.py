"""SQL conditions for finding people."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.sql import contains

person = table_of(models.Person)
affiliation = table_of(models.Affiliation)
attendance = table_of(models.Attendance)


def has_any(column: str, values: Sequence[str]) -> ColumnElement[bool]:
    """The JSON list column holds at least one of `values`."""
    return or_(*(contains(person.c[column], v) for v in values))


def member_of(organization_ids: Sequence[int]) -> ColumnElement[bool]:
    members = select(affiliation.c.person_id).where(
        affiliation.c.organization_id.in_(list(organization_ids))
    )
    return person.c.id.in_(members)


def attended(event_ids: Sequence[int]) -> ColumnElement[bool]:
    attendees = select(attendance.c.person_id).where(attendance.c.event_id.in_(list(event_ids)))
    return person.c.id.in_(attendees)


def owned_by(user_ids: Sequence[int]) -> ColumnElement[bool]:
    return person.c.owner_id.in_(list(user_ids))


def updated_since(moment: datetime) -> ColumnElement[bool]:
    return person.c.updated_at >= moment
