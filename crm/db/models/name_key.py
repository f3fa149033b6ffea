"""NameKey: the keys a person or organisation is found and matched by, derived from its names."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from crm.db.types import enum_column


class NameKeyKind(StrEnum):
    """Where a key comes from; search ranks exact hits by it."""

    NAME = "name"  # the name as written, normalised
    LATIN = "latin"  # the person's own Latin spelling, normalised
    FULL = "full"  # a full-name form: pinyin or another spelling, either order
    ALIAS = "alias"  # another name, acronym or known alias of an organisation
    FORMER = "former"  # the name of a record merged into this one
    GIVEN = "given"
    WESTERN = "western"  # a Western given name ("kenneth")
    INITIALS = "initials"
    SURNAME = "surname"  # a surname in any spelling (陈, chen, chan, tan)
    PART = "part"  # a word or a 1–2 character Han fragment
    BLOCK = "block"  # a blocking key for duplicate detection, never searched


class NameKey(SQLModel, table=True):
    """One key of one record; rows are derived by `crm.db.name_index`, never typed in.

    `entity_id` has no foreign key because it points into two tables; the flush listener
    deletes the keys of a deleted record.
    """

    __tablename__ = "name_key"
    __table_args__ = (
        UniqueConstraint("entity", "entity_id", "key"),
        # Exact and prefix look-ups, covering: an exact key of one kind is a range read
        # in (entity, entity_id) order, cut at the LIMIT. PostgreSQL adds a GIN trigram
        # index and SQLite an FTS5 trigram table for substrings (created by the
        # migration, see name_index).
        Index("ix_name_key_key", "key", "kind", "entity", "entity_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: "person" or "organization"
    entity: str = Field(max_length=20)
    entity_id: int
    #: byte order ("C" collation) on PostgreSQL, as SQLite has it, so a prefix is a range
    key: str = Field(
        sa_column=Column(
            String(400).with_variant(String(400, collation="C"), "postgresql"), nullable=False
        )
    )
    kind: NameKeyKind = Field(sa_column=enum_column(NameKeyKind))
