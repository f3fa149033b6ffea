"""Person: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import (
    affiliation,
    application,
    attendance,
    interaction,
    participation,
    person,
    privacy,
    relationship,
)
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import METRIC_MEANINGS, DialectGroup, Gender, Honour, RelationshipKind
from crm.schema.info import Info
from crm.schema.inputs import described, filter_input, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference
from crm.schema.timeline import timeline_field


@strawberry.type(description="A talent, expert, official or representative the network knows.")
class Person(RowNode, Versioned):
    model = models.Person

    name: str = described("The name as the person writes it.")
    name_latin: str | None = described("The person's own Latin spelling.")
    gender: Gender | None = strawberry.field(  # type: ignore[valid-type]
        description="As the person states it; null when unknown."
    )
    birth_year: int | None = described("Year of birth, e.g. 1968; null when unknown.")
    nationality: str | None = described("ISO 3166-1 alpha-2.")
    country: str | None = described("Country of residence, ISO alpha-2.")
    city: str | None = described("City of residence.")
    hometown: str | None = described(
        "Ancestral hometown (祖籍) as written; province, city and county are parsed from it."
    )
    hometown_province: str | None = described(
        "Ancestral hometown (祖籍): the province, parsed from `hometown`, e.g. 福建省."
    )
    hometown_city: str | None = described(
        "Ancestral hometown (祖籍): the city, parsed from `hometown`, e.g. 泉州市."
    )
    hometown_county: str | None = described(
        "Ancestral hometown (祖籍): the county, parsed from `hometown`, e.g. 晋江市."
    )
    dialect_group: DialectGroup | None = strawberry.field(  # type: ignore[valid-type]
        description="The Chinese dialect group the person belongs to."
    )
    expertise: list[str] = described(
        "Fields of expertise in the controlled vocabulary (English terms, e.g. "
        "semiconductors, artificial intelligence); terms outside it as written."
    )
    expertise_as_written: list[str] = described(
        "The fields of expertise as given; `expertise` holds their terms in the "
        "controlled vocabulary (人工智能 and AI: artificial intelligence)."
    )
    honours: list[Honour] = strawberry.field(  # type: ignore[valid-type]
        description="Academic and talent-programme honours."
    )
    languages: list[str] = described("Languages the person speaks, as written (English, 粤语).")
    source_platform: str | None = described("Where the record came from: the platform or channel.")
    source_region: str | None = described(
        "Where the record came from: the region that reported it."
    )
    notes: str | None = described("Free text by staff.")
    last_contacted_at: datetime | None = described(
        "The latest interaction logged with the person (UTC); null if never contacted."
    )
    contact_cadence_days: int | None = described(
        "Keep in touch every so many days (1–3650); null: no follow-ups."
    )
    next_contact_due_at: datetime | None = strawberry.field(
        name="nextContactDue",
        description="When the next contact is due: the last contact (or, never contacted, "
        "when the person was added) plus the cadence; null without a cadence.",
    )
    retention_until: date | None = described(
        "Keep until this day; `crm purge` erases the person afterwards."
    )
    owner_id: strawberry.Private[int | None]
    source_event_id: strawberry.Private[int | None]
    # Contact channels: personal data, shown per viewer and audited (contact_channel).
    email: strawberry.Private[str | None]
    phone: strawberry.Private[str | None]
    wechat: strawberry.Private[str | None]

    @strawberry.field(
        name="email",
        description="Null unless you may see this person's contact channels (their owner, "
        "a liaison officer they were shared with, an admin); every read is audited.",
    )
    async def email_channel(self, info: Info) -> str | None:
        return await self._channel(info, "email", self.email)

    @strawberry.field(name="phone", description="E.164, e.g. +8613800000000. As email.")
    async def phone_channel(self, info: Info) -> str | None:
        return await self._channel(info, "phone", self.phone)

    @strawberry.field(name="wechat", description="As email.")
    async def wechat_channel(self, info: Info) -> str | None:
        return await self._channel(info, "wechat", self.wechat)

    async def _channel(self, info: Info, field: str, value: str | None) -> str | None:
        return await person.contact_channel(info.context, self.id, self.owner_id, field, value)

    affiliations = connection(affiliation.OF_PERSON, "Memberships, offices, employment and study.")
    owner = reference("User", "owner_id", description="The staff user responsible for the person.")
    relationships = connection(
        relationship.OF_PERSON,
        "Ties to other people, at either end; strongest first.",
        arguments={
            "kind": Annotated[
                list[RelationshipKind],  # type: ignore[valid-type]
                strawberry.argument(description="Only ties of any of these kinds."),
            ]
        },
        node="Relationship",
    )
    interactions = connection(
        interaction.OF_PERSON, "Meetings, calls, messages and notes; most recent first."
    )
    applications = connection(application.OF_PERSON, "Positions the person applied for.")
    attendances = connection(
        attendance.OF_PERSON, "Events the person was recorded at, with their roles."
    )
    projects = connection(
        participation.OF_PERSON, "Projects the person takes part in, with their roles."
    )
    consents = connection(privacy.CONSENTS, "Consent records, most recently given first.")
    timeline = timeline_field(of_organization=False)


PersonOrder = order_input(
    "Person",
    person.ORDERING,
    descriptions={
        name: f"By the stored metric, as `crm analyze` last computed it: {meaning}"
        for name, meaning in METRIC_MEANINGS.items()
    },
)


@strawberry.enum(description="Network metrics stored by `crm analyze`.")
class PersonMetric(Enum):
    PAGERANK = strawberry.enum_value("pagerank", description=METRIC_MEANINGS["PAGERANK"])
    EIGENVECTOR = strawberry.enum_value("eigenvector", description=METRIC_MEANINGS["EIGENVECTOR"])
    DEGREE = strawberry.enum_value("degree", description=METRIC_MEANINGS["DEGREE"])
    BETWEENNESS = strawberry.enum_value("betweenness", description=METRIC_MEANINGS["BETWEENNESS"])
    CONSTRAINT = strawberry.enum_value("constraint", description=METRIC_MEANINGS["CONSTRAINT"])
    EFFECTIVE_SIZE = strawberry.enum_value(
        "effective_size", description=METRIC_MEANINGS["EFFECTIVE_SIZE"]
    )


@strawberry.input(description="A range of a stored network metric (either end may be open).")
class MetricRange:
    metric: PersonMetric = described("The stored metric.")
    at_least: float | None = optional(
        "The smallest value let through (inclusive); null: no lower end."
    )
    at_most: float | None = optional(
        "The largest value let through (inclusive); null: no upper end."
    )


@filter_input("Conditions on people; lists mean any of; fields combine with AND.")
class PersonFilter:
    name_contains: str | None = optional(
        "Case-insensitive part of the name as written or in Latin."
    )
    country: list[str] | None = optional(
        "Living in any of these countries (ISO 3166-1 alpha-2 codes)."
    )
    city: list[str] | None = optional("Living in any of these cities (exact names).")
    hometown_province: list[str] | None = optional(
        "With the ancestral hometown in any of these provinces."
    )
    hometown_city: list[str] | None = optional(
        "With the ancestral hometown in any of these cities."
    )
    dialect_group: list[DialectGroup] | None = optional("Of any of these dialect groups.")  # type: ignore[valid-type]
    expertise: list[str] | None = optional("Any of.")
    honour: list[Honour] | None = optional("Any of.")  # type: ignore[valid-type]
    member_of: list[relay.GlobalID] | None = optional("Affiliated with any of these organisations.")
    attended: list[relay.GlobalID] | None = optional("Attended any of these events.")
    owner: list[relay.GlobalID] | None = optional("Owned by any of these staff users.")
    updated_since: datetime | None = optional("Changed at or after this moment (with a time zone).")
    contact_due_before: datetime | None = optional(
        "The next contact is due before this moment (with a time zone); "
        "people without a cadence never match."
    )
    community: list[int] | None = optional("In any of these communities (as last computed).")
    metric: list[MetricRange] | None = optional(
        "Within every one of these ranges of stored metrics."
    )
    in_list: relay.GlobalID | None = optional(
        "On this list (one you may see: yours or shared with you)."
    )


@strawberry.input(
    description="A new person. Creating one that matches a person erased at their request is "
    "refused (ERASED) unless an administrator overrides it."
)
class CreatePersonInput:
    name: str = described(
        "The name as the person writes it (汉字 or Latin), at most 200 characters; "
        "search keys (pinyin, initials, dialect readings) are derived from it."
    )
    name_latin: str | None = optional(
        "The person's own Latin spelling (Kin-Kwok Chan), at most 200 characters."
    )
    gender: Gender | None = optional("As the person states it.")  # type: ignore[valid-type]
    birth_year: int | None = optional("Between 1900 and 2100.")
    nationality: str | None = optional(
        "The nationality: an ISO 3166-1 code (CN) or a country's name (中国, "
        "United Kingdom, UK); stored as the code."
    )
    country: str | None = optional(
        "The country of residence: an ISO 3166-1 code (GB) or a name (英国, "
        "United Kingdom, UK); stored as the code."
    )
    city: str | None = optional("City of residence, at most 100 characters.")
    hometown: str | None = optional(
        "Ancestral hometown (祖籍) as written (福建福清, 福建省福州市长乐区): "
        "parsed into province, city and county; sent, it replaces the three parts."
    )
    hometown_province: str | None = optional("Ancestral hometown (祖籍): the province, e.g. 福建.")
    hometown_city: str | None = optional("Ancestral hometown: the city, e.g. 泉州.")
    hometown_county: str | None = optional("Ancestral hometown: the county, e.g. 晋江.")
    dialect_group: DialectGroup | None = optional("The Chinese dialect group.")  # type: ignore[valid-type]
    expertise: list[str] | None = optional("Fields of expertise, each at most 100 characters.")
    honours: list[Honour] | None = optional("Academic and talent-programme honours.")  # type: ignore[valid-type]
    languages: list[str] | None = optional("Languages spoken, each at most 100 characters.")
    email: str | None = optional(
        "Email address (checked); personal data, shown only to who may see it."
    )
    phone: str | None = optional(
        "Phone number in any usual form, stored as E.164 (+8613800000000)."
    )
    wechat: str | None = optional("WeChat ID, at most 64 characters.")
    owner: relay.GlobalID | None = optional(
        "The ID of the staff user responsible; a liaison officer creating a "
        "person owns it (and may name nobody else)."
    )
    contact_cadence_days: int | None = optional("Keep in touch every so many days (1–3650).")
    source_event: relay.GlobalID | None = optional("The ID of the event where we met the person.")
    source_platform: str | None = optional("The platform or channel the record came from.")
    source_region: str | None = optional("The region that reported the person.")
    notes: str | None = optional("Free text, at most 10,000 characters.")
    retention_until: date | None = optional(
        "Keep until this day; `crm purge` erases the person after."
    )
    override_erasure: bool = strawberry.field(
        default=False,
        description="Administrators: create the person although an erased person matches "
        "(only with their new consent).",
    )


PersonQuery = list_query(Person, "people", person.PEOPLE, PersonFilter)
PersonMutation = record_mutations(
    Person,
    *edits(
        CreatePersonInput,
        person.create_person,
        person.update_person,
        without=("override_erasure",),
        descriptions={
            "contact_cadence_days": "Keep in touch every so many days (1–3650); null: never."
        },
    ),
)
