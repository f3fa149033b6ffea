"""Attendance: a person at an event (guest, speaker, expert, organiser…)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from crm.db import enums, models
from crm.resolvers import attendance
from crm.schema.connection import order_input
from crm.schema.enums import AttendanceRole
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(description="A person recorded at an event, in a role.")
class Attendance(RowNode):
    model = models.Attendance

    version: int
    role: AttendanceRole  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    person_id: strawberry.Private[int]
    event_id: strawberry.Private[int]

    person = reference("Person", "person_id", required=True)
    event = reference("Event", "event_id", required=True)


AttendanceOrder = order_input("Attendance", attendance.ORDERING)


@strawberry.input
class RecordAttendanceInput:
    person: relay.GlobalID
    event: relay.GlobalID
    role: AttendanceRole = enums.AttendanceRole.GUEST  # type: ignore[valid-type]


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
