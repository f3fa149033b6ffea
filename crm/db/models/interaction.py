"""Interaction: a meeting, call, message or note, and the people who took part."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field

from crm.db.enums import InteractionKind
from crm.db.models.base import Record, VersionedRecord, optional_key
from crm.db.types import UTCDateTime, enum_column


class Interaction(VersionedRecord, table=True):
    __tablename__ = "interaction"

    kind: InteractionKind = Field(sa_column=enum_column(InteractionKind, index=True))
    occurred_at: datetime = Field(sa_type=UTCDateTime, index=True)
    #: the staff user who logged it
    owner_id: int | None = optional_key("staff_user")
    #: keep until this day; `crm purge` removes the record afterwards (None: no limit)
    retention_until: date | None = Field(default=None, index=True)
    summary: str = Field(max_length=300)
    body: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    # Related records.
    event_id: int | None = optional_key("event")
    project_id: int | None = optional_key("project")
    organization_id: int | None = optional_key("organization")


class InteractionParticipant(Record, table=True):
    __tablename__ = "interaction_participant"
    __table_args__ = (UniqueConstraint("interaction_id", "person_id"),)

    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", index=True)
    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
