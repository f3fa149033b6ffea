"""Attendance: a person at an event (guest, speaker, expert, organiser…)."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import enums, models
from crm.resolvers import attendance, crud
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import AttendanceRole
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.event import Event
    from crm.schema.person import Person

Lazy = strawberry.lazy


@strawberry.type(description="A person recorded at an event, in a role.")
class Attendance(RowNode):
    model = models.Attendance

    version: int
    role: AttendanceRole  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    person_id: strawberry.Private[int]
    event_id: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")]:
        from crm.schema.person import Person

        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_id)
        return Person.from_row(row)

    @strawberry.field
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")]:
        from crm.schema.event import Event

        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row)


@strawberry.enum
class AttendanceOrderField(Enum):
    ROLE = "role"
    CREATED_AT = strawberry.enum_value("created_at", description="When it was recorded.")


@strawberry.input
class AttendanceOrder:
    field: AttendanceOrderField
    direction: OrderDirection = OrderDirection.ASC


async def attendances_of(
    info: Info,
    *,
    person_id: int | None = None,
    event_id: int | None = None,
    order_by: list[AttendanceOrder] | None,
    args: PageArgs,
) -> Connection[Attendance]:
    page, count_rows = await attendance.attendances_of(
        info.context,
        person_id=person_id,
        event_id=event_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Attendance.from_row, count_rows)


@strawberry.input
class RecordAttendanceInput:
    person: relay.GlobalID
    event: relay.GlobalID
    role: AttendanceRole = enums.AttendanceRole.GUEST  # type: ignore[valid-type]


@strawberry.input(description="Only the fields sent are changed.")
class UpdateAttendanceInput:
    id: relay.GlobalID
    expected_version: int
    role: AttendanceRole | None = UNSET  # type: ignore[valid-type]


@strawberry.input
class DeleteAttendanceInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class RecordAttendancePayload:
    attendance: Attendance | None
    errors: list[UserError]


@strawberry.type
class UpdateAttendancePayload:
    attendance: Attendance | None
    errors: list[UserError]


@strawberry.type
class AttendanceMutation:
    @strawberry.mutation(description="Record a person at an event; once per person and event.")
    async def record_attendance(
        self, info: Info, input: RecordAttendanceInput
    ) -> RecordAttendancePayload:
        row, errors = await attempt(attendance.record_attendance(info.context, input))
        node = Attendance.from_row(row) if row else None
        return RecordAttendancePayload(attendance=node, errors=errors)

    @strawberry.mutation
    async def update_attendance(
        self, info: Info, input: UpdateAttendanceInput
    ) -> UpdateAttendancePayload:
        row, errors = await attempt(attendance.update_attendance(info.context, input))
        node = Attendance.from_row(row) if row else None
        return UpdateAttendancePayload(attendance=node, errors=errors)

    @strawberry.mutation
    async def delete_attendance(self, info: Info, input: DeleteAttendanceInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Attendance, input.id, "Attendance", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
