"""Attendances: who was at which event, in which role."""

from __future__ import annotations

from typing import Any

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries.common import table_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList, OrderField, Ordering
from crm.resolvers.validation import Data, Validator, cleaned

attendance = table_of(models.Attendance)

ORDERING: Ordering = {
    "ROLE": OrderField("role"),
    "CREATED_AT": OrderField("created_at", description="When it was recorded."),
}
# In the order they were recorded.
DEFAULT_ORDER = [SortKey(attendance.c.created_at)]

#: a person's attendances; an event's attendees
OF_PERSON = ChildList(attendance, "person_id", ORDERING, DEFAULT_ORDER)
OF_EVENT = ChildList(attendance, "event_id", ORDERING, DEFAULT_ORDER)

_REFERENCES = {"person": models.Person, "event": models.Event}


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.required_of(data, values, "role")
    return values


async def record_attendance(context: Context, data: Data) -> models.Attendance:
    values, refs = cleaned(data, values_of, _REFERENCES)
    return await crud.create(context, models.Attendance, values, refs)


async def update_attendance(context: Context, data: Data) -> models.Attendance:
    values, _ = cleaned(data, values_of)
    return await crud.update_of(context, models.Attendance, data, values)
