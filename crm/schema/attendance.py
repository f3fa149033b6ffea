"""Attendance: a person at an event (guest, speaker, expert, organiser…)."""

from __future__ import annotations

import strawberry
from strawberry import relay

from crm.db import enums, models
from crm.resolvers import attendance, role_link
from crm.schema.connection import order_input
from crm.schema.enums import AttendanceRole
from crm.schema.inputs import described, update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="A person recorded at an event, in a role.")
class Attendance(RowNode, Versioned):
    model = models.Attendance

    role: AttendanceRole = strawberry.field(  # type: ignore[valid-type]
        description="What the person was at the event."
    )
    person_id: strawberry.Private[int]
    event_id: strawberry.Private[int]

    person = reference("Person", "person_id", required=True, description="The person who attended.")
    event = reference("Event", "event_id", required=True, description="The event attended.")


AttendanceOrder = order_input("Attendance", role_link.ORDERING)


@strawberry.input(description="A person at an event; a person is recorded once per event.")
class RecordAttendanceInput:
    person: relay.GlobalID = described("The ID of the person.")
    event: relay.GlobalID = described("The ID of the event.")
    role: AttendanceRole = strawberry.field(  # type: ignore[valid-type]
        default=enums.AttendanceRole.GUEST, description="What the person was at the event."
    )


UpdateAttendanceInput = update_input(
    "UpdateAttendanceInput",
    RecordAttendanceInput,
    description="Only the fields sent are changed.",
    without=("person", "event"),
)


AttendanceMutation = record_mutations(
    Attendance,
    Write(
        "record",
        RecordAttendanceInput,
        attendance.record_attendance,
        "Record a person at an event; once per person and event.",
    ),
    Write("update", UpdateAttendanceInput, attendance.update_attendance),
)
