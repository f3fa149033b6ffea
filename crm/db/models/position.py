"""Position (an organisation's job demand) and the applications to it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint, false
from sqlmodel import Field

from crm.db.enums import ApplicationStage, PositionKind, PositionStatus
from crm.db.models.base import Record, VersionedRecord, optional_key
from crm.db.types import UTCDateTime, enum_column, utcnow


class Position(VersionedRecord, table=True):
    __tablename__ = "position"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("openings >= 1", name="openings"),
    )

    organization_id: int = Field(foreign_key="organization.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200, index=True)
    field: str | None = Field(default=None, max_length=100, index=True)
    kind: PositionKind = Field(
        default=PositionKind.FULL_TIME, sa_column=enum_column(PositionKind, index=True)
    )
    place: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100, index=True)
    openings: int = Field(default=1)
    status: PositionStatus = Field(
        default=PositionStatus.OPEN, sa_column=enum_column(PositionStatus, index=True)
    )
    #: a high-level demand (doctorate, senior expert), as talent conferences count them
    is_high_level: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    #: where the demand was collected or published
    event_id: int | None = optional_key("event")
    #: the staff user responsible for the record (a liaison officer may change what they own)
    owner_id: int | None = optional_key("staff_user")
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Application(VersionedRecord, table=True):
    """A person applies for a position (a résumé submitted)."""

    __tablename__ = "application"
    __table_args__ = (UniqueConstraint("person_id", "position_id"),)

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    position_id: int = Field(foreign_key="position.id", ondelete="CASCADE", index=True)
    stage: ApplicationStage = Field(
        default=ApplicationStage.SUBMITTED, sa_column=enum_column(ApplicationStage, index=True)
    )
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: where the résumé was received (a fair, the online platform)
    event_id: int | None = optional_key("event")
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    #: keep until this day; `crm purge` removes the record afterwards (None: no limit)
    retention_until: date | None = Field(default=None, index=True)


class ApplicationStageChange(Record, table=True):
    """One move of an application through the funnel: who, when, from, to, and why."""

    __tablename__ = "application_stage_change"

    application_id: int = Field(foreign_key="application.id", ondelete="CASCADE", index=True)
    from_stage: ApplicationStage | None = Field(
        default=None, sa_column=enum_column(ApplicationStage, nullable=True, name="from_stage")
    )
    to_stage: ApplicationStage = Field(sa_column=enum_column(ApplicationStage, name="to_stage"))
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    changed_by_id: int | None = optional_key("staff_user")
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
