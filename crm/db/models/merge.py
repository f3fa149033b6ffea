"""MergeRecord: a person or organisation absorbed into another, so its old ID still resolves."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from crm.db.models.base import optional_key
from crm.db.types import UTCDateTime, utcnow


class MergeRecord(SQLModel, table=True):
    """`absorbed_id` of `entity` now lives on as `survivor_id`.

    Chains are kept flat: when a survivor is itself absorbed later, every record that
    pointed to it is moved on to the new survivor, so a look-up is one step.
    """

    __tablename__ = "merge_record"
    __table_args__ = (
        UniqueConstraint("entity", "absorbed_id"),
        CheckConstraint("absorbed_id <> survivor_id", name="two_records"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: "person" or "organization"
    entity: str = Field(max_length=20)
    absorbed_id: int
    survivor_id: int = Field(index=True)
    merged_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    merged_by_id: int | None = optional_key("staff_user")
    #: the absorbed record's names, so the survivor stays findable by them
    absorbed_name: str = Field(max_length=300)
    absorbed_name_latin: str | None = Field(default=None, max_length=300)
    #: what moved: counts per link type and the conflicts, as the preview showed them
    summary: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON().with_variant(JSONB(), "postgresql"), nullable=False, default=dict),
    )
