"""Attendances: who was at which event, in which role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import sort_keys
from crm.resolvers.listing import CountRows, nested_page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.attendance import (
        AttendanceOrder,
        RecordAttendanceInput,
        UpdateAttendanceInput,
    )

attendance = table_of(models.Attendance)

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "role": (attendance.c.role, False),
    "created_at": (attendance.c.created_at, False),
}
# In the order they were recorded.
DEFAULT_ORDER = [SortKey(attendance.c.created_at)]


async def attendances_of(
    context: Context,
    *,
    person_id: int | None = None,
    event_id: int | None = None,
    order_by: list[AttendanceOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """A person's attendances, or an event's attendees (exactly one of the two)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if person_id is not None:
        parent, key = attendance.c.person_id, person_id
    elif event_id is not None:
        parent, key = attendance.c.event_id, event_id
    else:
        raise ValueError("give a person or an event")
    return await nested_page_of(context, attendance, parent, key, sort, request)


def _role(v: Validator, data: RecordAttendanceInput | UpdateAttendanceInput) -> dict[str, Any]:
    if not given(data.role):
        return {}
    if data.role is None:
        v.fail("role", "role is required")
    return {"role": data.role}


async def record_attendance(context: Context, data: RecordAttendanceInput) -> models.Attendance:
    v = Validator()
    values = _role(v, data)
    person_id = v.reference("person", data.person, "Person")
    event_id = v.reference("event", data.event, "Event")
    v.check()
    values.update(person_id=person_id, event_id=event_id)
    refs: crud.References = {
        "person": (person_id, models.Person),
        "event": (event_id, models.Event),
    }
    return await crud.create(context, models.Attendance, values, refs)


async def update_attendance(context: Context, data: UpdateAttendanceInput) -> models.Attendance:
    v = Validator()
    values = _role(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Attendance")
    return await crud.update(context, models.Attendance, key, data.expected_version, values)
