"""Attendances: who was at which event, in which role."""

from __future__ import annotations

from crm.db import models
from crm.db.queries.common import table_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList
from crm.resolvers.role_link import ORDERING, recorded_order, role_of, update_role
from crm.resolvers.validation import Data, cleaned

attendance = table_of(models.Attendance)

# In the order they were recorded.
DEFAULT_ORDER = recorded_order(attendance)

#: a person's attendances; an event's attendees
OF_PERSON = ChildList(attendance, "person_id", ORDERING, DEFAULT_ORDER)
OF_EVENT = ChildList(attendance, "event_id", ORDERING, DEFAULT_ORDER)

_REFERENCES = {"person": models.Person, "event": models.Event}


async def record_attendance(context: Context, data: Data) -> models.Attendance:
    values, refs = cleaned(data, role_of, _REFERENCES)
    return await crud.create(context, models.Attendance, values, refs)


async def update_attendance(context: Context, data: Data) -> models.Attendance:
    return await update_role(context, models.Attendance, data)
