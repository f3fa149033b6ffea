"""Organization: associations, federations, employers, universities, agencies, funds, parks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Text, false
from sqlmodel import Field

from crm.db.enums import OrganizationKind
from crm.db.models.base import VersionedRecord, optional_key
from crm.db.types import currency_column, enum_column, json_list_column, money_column


class Organization(VersionedRecord, table=True):
    __tablename__ = "organization"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),
        CheckConstraint(
            "kind = 'fund' OR (fund_target_amount IS NULL AND fund_committed_amount IS NULL)",
            name="fund_figures_only_for_funds",
        ),
        CheckConstraint(
            "fund_target_amount IS NULL OR fund_target_amount >= 0", name="fund_target_amount"
        ),
        CheckConstraint(
            "fund_committed_amount IS NULL OR fund_committed_amount >= 0",
            name="fund_committed_amount",
        ),
    )

    #: the name as the organisation writes it, usually Chinese
    name: str = Field(max_length=300, index=True)
    name_en: str | None = Field(default=None, max_length=300, index=True)
    #: other names and abbreviations (中科院, CAS)
    aliases: list[str] = Field(default_factory=list, sa_column=json_list_column())
    kind: OrganizationKind = Field(sa_column=enum_column(OrganizationKind, index=True))
    country: str | None = Field(default=None, max_length=2, index=True)
    region: str | None = Field(default=None, max_length=100, index=True)
    city: str | None = Field(default=None, max_length=100)
    parent_id: int | None = optional_key("organization")
    is_global500: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    is_state_owned: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    fund_target_amount: Decimal | None = Field(default=None, sa_column=money_column())
    fund_committed_amount: Decimal | None = Field(default=None, sa_column=money_column())
    currency: str = Field(default="CNY", sa_column=currency_column())
    founded_on: date | None = None
    website: str | None = Field(default=None, max_length=300)
    #: the staff user responsible for the record (a liaison officer may change what they own)
    owner_id: int | None = optional_key("staff_user")
    description: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
