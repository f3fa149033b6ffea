"""Person: a talent, expert, official or representative the network knows."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, Text
from sqlmodel import Field

from crm.db.enums import DialectGroup, Gender
from crm.db.models.base import VersionedRecord, optional_key
from crm.db.types import UTCDateTime, enum_column, json_list_column


class Person(VersionedRecord, table=True):
    __tablename__ = "person"
    __table_args__ = (
        CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100", name="birth_year"
        ),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        CheckConstraint(
            "contact_cadence_days IS NULL OR contact_cadence_days BETWEEN 1 AND 3650",
            name="contact_cadence_days",
        ),
        # one liaison officer's follow-ups, most overdue first
        Index("ix_person_owner_id_next_contact_due_at", "owner_id", "next_contact_due_at"),
    )

    #: the name as the person writes it (汉字, simplified or traditional, or Latin)
    name: str = Field(max_length=200, index=True)
    #: the person's own Latin spelling ("Kin-Kwok Chan"), not a derived pinyin
    name_latin: str | None = Field(default=None, max_length=200, index=True)
    gender: Gender | None = Field(default=None, sa_column=enum_column(Gender, nullable=True))
    birth_year: int | None = None
    #: ISO 3166-1 alpha-2 codes
    nationality: str | None = Field(default=None, max_length=2)
    country: str | None = Field(default=None, max_length=2, index=True)
    city: str | None = Field(default=None, max_length=100, index=True)
    #: ancestral hometown (祖籍) as written ("福建福清"); the parts below are parsed from
    #: it (crm.reference.division): official names of China's administrative divisions
    hometown: str | None = Field(default=None, max_length=100)
    hometown_province: str | None = Field(default=None, max_length=50, index=True)
    hometown_city: str | None = Field(default=None, max_length=50)
    hometown_county: str | None = Field(default=None, max_length=50)
    dialect_group: DialectGroup | None = Field(
        default=None, sa_column=enum_column(DialectGroup, nullable=True)
    )
    #: terms of the controlled vocabulary (crm.reference.expertise): 人工智能 and AI are
    #: both "artificial intelligence"; terms outside it as written
    expertise: list[str] = Field(default_factory=list, sa_column=json_list_column())
    #: the fields of expertise as the person's record was given them
    expertise_as_written: list[str] = Field(
        default_factory=list, sa_column=json_list_column(server_default=True)
    )
    #: values of crm.db.enums.Honour
    honours: list[str] = Field(default_factory=list, sa_column=json_list_column())
    languages: list[str] = Field(default_factory=list, sa_column=json_list_column())
    # Contact channels are personal data: read access is restricted and audited.
    email: str | None = Field(default=None, max_length=254)
    #: E.164, e.g. +8613800000000
    phone: str | None = Field(default=None, max_length=20)
    wechat: str | None = Field(default=None, max_length=64)
    owner_id: int | None = optional_key("staff_user")
    source_event_id: int | None = optional_key("event")
    source_platform: str | None = Field(default=None, max_length=100)
    source_region: str | None = Field(default=None, max_length=100)
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    last_contacted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: keep in touch every so many days (1–3650); None: no follow-ups
    contact_cadence_days: int | None = None
    #: (last_contacted_at, or created_at) + the cadence; derived, kept by
    #: crm.db.follow_ups on every write (never set it directly)
    next_contact_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    #: keep until this day; `crm purge` removes the record afterwards (None: no limit)
    retention_until: date | None = Field(default=None, index=True)
