"""Agreement and its parties (organisations or people)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Text, UniqueConstraint
from sqlmodel import Field

from crm.db.enums import AgreementKind, AgreementStatus, PartyRole
from crm.db.models.base import VersionedRecord, optional_key
from crm.db.types import currency_column, enum_column, money_column


class Agreement(VersionedRecord, table=True):
    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),
        CheckConstraint("status <> 'signed' OR signed_on IS NOT NULL", name="signed_has_date"),
    )

    title: str = Field(max_length=300, index=True)
    kind: AgreementKind = Field(sa_column=enum_column(AgreementKind, index=True))
    status: AgreementStatus = Field(
        default=AgreementStatus.INTENTION, sa_column=enum_column(AgreementStatus, index=True)
    )
    amount: Decimal | None = Field(default=None, sa_column=money_column())
    currency: str = Field(default="CNY", sa_column=currency_column())
    signed_on: date | None = Field(default=None, index=True)
    event_id: int | None = optional_key("event")
    project_id: int | None = optional_key("project")
    #: the staff user responsible for the record (a liaison officer may change what they own)
    owner_id: int | None = optional_key("staff_user")
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class AgreementParty(VersionedRecord, table=True):
    """An organisation or a person that is party to an agreement (exactly one of the two)."""

    __tablename__ = "agreement_party"
    __table_args__ = (
        CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)", name="person_xor_organization"
        ),
        UniqueConstraint("agreement_id", "organization_id"),
        UniqueConstraint("agreement_id", "person_id"),
    )

    agreement_id: int = Field(foreign_key="agreement.id", ondelete="CASCADE", index=True)
    organization_id: int | None = optional_key("organization", ondelete="CASCADE")
    person_id: int | None = optional_key("person", ondelete="CASCADE")
    role: PartyRole = Field(default=PartyRole.SIGNATORY, sa_column=enum_column(PartyRole))
