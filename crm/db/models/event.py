"""Event: conferences and their sessions, roadshows, fairs, online campaigns, visits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field

from crm.db.enums import EventKind
from crm.db.models.base import VersionedRecord, optional_key
from crm.db.types import enum_column


class Event(VersionedRecord, table=True):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates"
        ),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "reported_participants IS NULL OR reported_participants >= 0",
            name="reported_participants",
        ),
        CheckConstraint("online_visits IS NULL OR online_visits >= 0", name="online_visits"),
    )

    name: str = Field(max_length=300, index=True)
    name_en: str | None = Field(default=None, max_length=300)
    kind: EventKind = Field(sa_column=enum_column(EventKind, index=True))
    starts_on: date | None = Field(default=None, index=True)
    ends_on: date | None = None
    place: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100, index=True)
    country: str | None = Field(default=None, max_length=2)
    #: a session belongs to its conference; a conference cannot be deleted while it
    #: has sessions (NO ACTION, checked at the end of the statement)
    parent_id: int | None = Field(default=None, foreign_key="event.id", index=True)
    organizer_id: int | None = optional_key("organization")
    # Figures the organisers report for crowds nobody registered one by one.
    reported_participants: int | None = None
    online_visits: int | None = None
    #: the staff user responsible for the record (a liaison officer may change what they own)
    owner_id: int | None = optional_key("staff_user")
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
