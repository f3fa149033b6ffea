"""Attendance: a person at an event, in a role."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from crm.db.enums import AttendanceRole
from crm.db.models.base import VersionedRecord
from crm.db.types import enum_column


class Attendance(VersionedRecord, table=True):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("person_id", "event_id"),)

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", index=True)
    role: AttendanceRole = Field(
        default=AttendanceRole.GUEST, sa_column=enum_column(AttendanceRole, index=True)
    )
