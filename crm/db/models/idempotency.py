"""IdempotencyKey: a create a client may retry, answered once (docs/api.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from crm.db.types import UTCDateTime, utcnow


class IdempotencyKey(SQLModel, table=True):
    """The first request that sent `key` (per user): what it asked (a hash of its
    operation and input) and, once it succeeded, what it answered (`result`)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="staff_user.id", ondelete="CASCADE")
    key: str = Field(max_length=100)
    #: the mutation ("createPerson") and a SHA-256 of it with its input
    operation: str = Field(max_length=100)
    request_hash: str = Field(max_length=64)
    #: None while the first request runs; then what it answered ({"id": key} of a create)
    result: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
