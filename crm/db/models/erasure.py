"""Erasure: the tombstone an erased person leaves behind.

It holds nothing that identifies the person, only one-way hashes of the keys that
would match them again (name keys with birth year, email, phone), so a later import
or create of the same person is stopped and explained instead of silently
re-creating what was erased.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from crm.db.models.base import optional_key
from crm.db.types import UTCDateTime, utcnow


class Erasure(SQLModel, table=True):
    __tablename__ = "erasure"

    id: int | None = Field(default=None, primary_key=True)
    erased_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    erased_by_id: int | None = optional_key("staff_user")
    #: why (the request's reference, e.g. "GDPR art. 17 request 2026-114"); no personal data
    reason: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ErasureKey(SQLModel, table=True):
    """One hashed key of an erased person (SHA-256 of a normalised key, hex)."""

    __tablename__ = "erasure_key"

    id: int | None = Field(default=None, primary_key=True)
    erasure_id: int = Field(foreign_key="erasure.id", ondelete="CASCADE", index=True)
    key_hash: str = Field(max_length=64, index=True)
