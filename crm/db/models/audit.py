"""AuditEntry: an append-only record of who changed or read what."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from crm.db.enums import AuditAction
from crm.db.models.base import optional_key
from crm.db.types import UTCDateTime, enum_column, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    actor_id: int | None = optional_key("staff_user")
    #: who acted, kept even after the user is deleted ("cli", "alice")
    actor_label: str = Field(max_length=100)
    action: AuditAction = Field(sa_column=enum_column(AuditAction, index=True))
    entity: str = Field(max_length=50, index=True)
    entity_id: int | None = Field(default=None, index=True)
    #: changed fields: {"field": [before, after]}
    changes: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSON().with_variant(JSONB(), "postgresql"), nullable=False, default=dict),
    )
    request_id: str | None = Field(default=None, max_length=64)
