"""Lists: named selections of people or organisations that staff keep and share (the
talent wall, a delegation, a VIP list)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint, false
from sqlmodel import Field

from crm.db.enums import ListKind
from crm.db.models.base import Record, VersionedRecord, optional_key
from crm.db.types import enum_column


class List(VersionedRecord, table=True):
    __tablename__ = "list"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        # one owner does not keep two lists of the same name
        UniqueConstraint("owner_id", "name"),
    )

    name: str = Field(max_length=200, index=True)
    kind: ListKind = Field(sa_column=enum_column(ListKind))
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    #: who made the list: they rename, share and delete it (administrators too)
    owner_id: int | None = optional_key("staff_user")


class ListMember(Record, table=True):
    """A person or an organisation on a list (which, the list's kind says)."""

    __tablename__ = "list_member"
    __table_args__ = (
        CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)", name="person_xor_organization"
        ),
        UniqueConstraint("list_id", "person_id"),
        UniqueConstraint("list_id", "organization_id"),
    )

    list_id: int = Field(foreign_key="list.id", ondelete="CASCADE", index=True)
    person_id: int | None = optional_key("person", ondelete="CASCADE")
    organization_id: int | None = optional_key("organization", ondelete="CASCADE")
    added_by_id: int | None = Field(default=None, foreign_key="staff_user.id", ondelete="SET NULL")


class ListShare(Record, table=True):
    """The list's owner lets another staff user see it, and with `can_edit` change its
    members."""

    __tablename__ = "list_share"
    __table_args__ = (UniqueConstraint("list_id", "user_id"),)

    list_id: int = Field(foreign_key="list.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="staff_user.id", ondelete="CASCADE", index=True)
    can_edit: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    granted_by_id: int | None = Field(
        default=None, foreign_key="staff_user.id", ondelete="SET NULL"
    )
