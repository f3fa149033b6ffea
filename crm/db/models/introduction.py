"""Introduction: a staff member brokers a meeting between a seeker and a target, and
the history of its status."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Text
from sqlmodel import Field

from crm.db.enums import IntroductionStatus
from crm.db.models.base import Record, VersionedRecord, optional_key
from crm.db.types import UTCDateTime, enum_column, json_list_column, utcnow


class Introduction(VersionedRecord, table=True):
    __tablename__ = "introduction"
    __table_args__ = (
        CheckConstraint(
            "(target_person_id IS NULL) <> (target_organization_id IS NULL)",
            name="one_target",
        ),
        CheckConstraint(
            "target_person_id IS NULL OR target_person_id <> seeker_id", name="not_self"
        ),
        CheckConstraint("broker_id IS NULL OR broker_id <> seeker_id", name="broker_not_seeker"),
    )

    #: the staff user who asked for it
    requested_by_id: int | None = optional_key("staff_user")
    #: keep until this day; `crm purge` removes the record afterwards (None: no limit)
    retention_until: date | None = Field(default=None, index=True)
    seeker_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    target_person_id: int | None = optional_key("person", ondelete="CASCADE")
    target_organization_id: int | None = optional_key("organization", ondelete="CASCADE")
    #: the person who makes the introduction (the first hop of the path)
    broker_id: int | None = optional_key("person")
    purpose: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: IntroductionStatus = Field(
        default=IntroductionStatus.REQUESTED,
        sa_column=enum_column(IntroductionStatus, index=True),
    )
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status_changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    #: the introduction path used, as the global IDs of its nodes in order
    path: list[str] = Field(default_factory=list, sa_column=json_list_column())
    event_id: int | None = optional_key("event")
    # What it led to.
    outcome_application_id: int | None = optional_key("application")
    outcome_project_id: int | None = optional_key("project")
    outcome_agreement_id: int | None = optional_key("agreement")
    outcome_note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class IntroductionStatusChange(Record, table=True):
    """One move of an introduction through its workflow: who, when, from, to, and why."""

    __tablename__ = "introduction_status_change"

    introduction_id: int = Field(foreign_key="introduction.id", ondelete="CASCADE", index=True)
    #: None for the status an introduction was created in
    from_status: IntroductionStatus | None = Field(
        default=None,
        sa_column=enum_column(IntroductionStatus, nullable=True, name="from_status"),
    )
    to_status: IntroductionStatus = Field(
        sa_column=enum_column(IntroductionStatus, name="to_status")
    )
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    changed_by_id: int | None = optional_key("staff_user")
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
