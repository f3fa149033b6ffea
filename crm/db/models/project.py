"""Project and who takes part in it (people or organisations)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field

from crm.db.enums import ParticipationRole, ProjectKind, ProjectStage
from crm.db.models.base import Record, VersionedRecord, optional_key
from crm.db.types import UTCDateTime, currency_column, enum_column, money_column, utcnow


class Project(VersionedRecord, table=True):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("intended_amount IS NULL OR intended_amount >= 0", name="intended_amount"),
        CheckConstraint("signed_amount IS NULL OR signed_amount >= 0", name="signed_amount"),
    )

    name: str = Field(max_length=300, index=True)
    name_en: str | None = Field(default=None, max_length=300)
    kind: ProjectKind = Field(sa_column=enum_column(ProjectKind, index=True))
    stage: ProjectStage = Field(
        default=ProjectStage.LEAD, sa_column=enum_column(ProjectStage, index=True)
    )
    field: str | None = Field(default=None, max_length=100, index=True)
    region: str | None = Field(default=None, max_length=100, index=True)
    intended_amount: Decimal | None = Field(default=None, sa_column=money_column())
    signed_amount: Decimal | None = Field(default=None, sa_column=money_column())
    currency: str = Field(default="CNY", sa_column=currency_column())
    #: where the project was collected, shown or negotiated
    event_id: int | None = optional_key("event")
    owner_id: int | None = optional_key("staff_user")
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class Participation(VersionedRecord, table=True):
    """A person or an organisation takes part in a project (exactly one of the two)."""

    __tablename__ = "participation"
    __table_args__ = (
        CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)", name="person_xor_organization"
        ),
        UniqueConstraint("project_id", "person_id", "role"),
        UniqueConstraint("project_id", "organization_id", "role"),
    )

    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    person_id: int | None = optional_key("person", ondelete="CASCADE")
    organization_id: int | None = optional_key("organization", ondelete="CASCADE")
    role: ParticipationRole = Field(sa_column=enum_column(ParticipationRole))


class ProjectStageChange(Record, table=True):
    """One move of a project through the pipeline: who, when, from, to, and why."""

    __tablename__ = "project_stage_change"

    project_id: int = Field(foreign_key="project.id", ondelete="CASCADE", index=True)
    #: None for the stage a project was created in
    from_stage: ProjectStage | None = Field(
        default=None, sa_column=enum_column(ProjectStage, nullable=True, name="from_stage")
    )
    to_stage: ProjectStage = Field(sa_column=enum_column(ProjectStage, name="to_stage"))
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    changed_by_id: int | None = optional_key("staff_user")
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
