"""Consent: a person's consent to a purpose of processing, and its withdrawal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from crm.db.enums import ConsentChannel, ConsentPurpose
from crm.db.models.base import VersionedRecord, optional_key
from crm.db.types import UTCDateTime, enum_column, utcnow


class Consent(VersionedRecord, table=True):
    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint("withdrawn_at IS NULL OR withdrawn_at >= given_at", name="dates"),
    )

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    purpose: ConsentPurpose = Field(sa_column=enum_column(ConsentPurpose, index=True))
    channel: ConsentChannel = Field(sa_column=enum_column(ConsentChannel))
    notice_version: str = Field(max_length=50)
    given_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recorded_by_id: int | None = optional_key("staff_user")
