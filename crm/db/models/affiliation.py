"""Affiliation: a person's membership, office, employment or study at an organisation."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Index, text
from sqlmodel import Field

from crm.db.enums import AffiliationRole, Degree
from crm.db.models.base import VersionedRecord
from crm.db.types import enum_column

# An open period compares equal to another open period, so NULL dates cannot
# slip a duplicate past the unique index.
_OPEN = "0001-01-01"


class Affiliation(VersionedRecord, table=True):
    __tablename__ = "affiliation"
    __table_args__ = (
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates"
        ),
        CheckConstraint("degree IS NULL OR role = 'alumnus'", name="degree_only_for_alumni"),
        Index(
            "uq_affiliation_person_organization_role_period",
            "person_id",
            "organization_id",
            "role",
            text(f"coalesce(starts_on, '{_OPEN}')"),
            text(f"coalesce(ends_on, '{_OPEN}')"),
            unique=True,
        ),
    )

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    organization_id: int = Field(foreign_key="organization.id", ondelete="CASCADE", index=True)
    role: AffiliationRole = Field(sa_column=enum_column(AffiliationRole, index=True))
    title: str | None = Field(default=None, max_length=200)
    starts_on: date | None = None
    ends_on: date | None = None
    #: for study (role alumnus): the degree and field
    degree: Degree | None = Field(default=None, sa_column=enum_column(Degree, nullable=True))
    field_of_study: str | None = Field(default=None, max_length=100)
