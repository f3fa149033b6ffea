"""Relationship: a personal tie between two people."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from crm.db.enums import RelationshipKind
from crm.db.models.base import VersionedRecord
from crm.db.types import enum_column


class Relationship(VersionedRecord, table=True):
    """A tie between person A and person B.

    Symmetric kinds are stored once, with A the lower key (a CHECK enforces it);
    for MENTOR, A is the mentor and B the mentee.
    """

    __tablename__ = "relationship"
    __table_args__ = (
        CheckConstraint("person_a_id <> person_b_id", name="two_people"),
        CheckConstraint("kind = 'mentor' OR person_a_id < person_b_id", name="canonical_order"),
        CheckConstraint("strength >= 0 AND strength <= 1", name="strength"),
        UniqueConstraint("person_a_id", "person_b_id", "kind"),
    )

    person_a_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    person_b_id: int = Field(foreign_key="person.id", ondelete="CASCADE", index=True)
    kind: RelationshipKind = Field(sa_column=enum_column(RelationshipKind, index=True))
    #: 0 (acquaintance) to 1 (very close)
    strength: float = Field(default=0.5)
    since: date | None = None
    #: where we learned of the tie (an event, a form, a liaison officer)
    source: str | None = Field(default=None, max_length=200)
