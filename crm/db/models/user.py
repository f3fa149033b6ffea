"""Staff users of the CRM and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint, true
from sqlmodel import Field

from crm.db.enums import UserRole
from crm.db.models.base import Record, VersionedRecord
from crm.db.types import UTCDateTime, enum_column, json_list_column


class User(VersionedRecord, table=True):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "staff_user"
    __table_args__ = (CheckConstraint("length(trim(username)) > 0", name="username_not_blank"),)

    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=200)
    role: UserRole = Field(sa_column=enum_column(UserRole, index=True))
    email: str | None = Field(default=None, max_length=254)
    #: argon2 hash; None for accounts that only use API tokens
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class ApiToken(Record, table=True):
    """A long-lived bearer token, stored only as its SHA-256 hash."""

    __tablename__ = "api_token"
    __table_args__ = (
        CheckConstraint("expires_at IS NULL OR expires_at > created_at", name="expiry"),
    )

    user_id: int = Field(foreign_key="staff_user.id", ondelete="CASCADE", index=True)
    name: str = Field(max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    #: the first characters of the token, so a user can tell tokens apart
    prefix: str = Field(max_length=12)
    #: what an APP token may read (type names); empty means the role's default
    scopes: list[str] = Field(default_factory=list, sa_column=json_list_column())
    expires_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PersonShare(Record, table=True):
    """An administrator's grant: this liaison officer may see the person's contact
    channels and change the person's records as if they owned them."""

    __tablename__ = "person_share"
    __table_args__ = (UniqueConstraint("person_id", "user_id"),)

    person_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="staff_user.id", ondelete="CASCADE", index=True)
    granted_by_id: int | None = Field(
        default=None, foreign_key="staff_user.id", ondelete="SET NULL"
    )
