"""Person: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

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
from crm.schema.connection import connection, order_input
from crm.schema.enums import DialectGroup, Gender, Honour, RelationshipKind
from crm.schema.info import Info
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference
from crm.schema.timeline import timeline_field


@strawberry.type(description="A talent, expert, official or representative the network knows.")
class Person(RowNode):
    model = models.Person

    version: int
    name: str = strawberry.field(description="The name as the person writes it.")
    name_latin: str | None = strawberry.field(description="The person's own Latin spelling.")
    gender: Gender | None  # type: ignore[valid-type]
    birth_year: int | None
    nationality: str | None = strawberry.field(description="ISO 3166-1 alpha-2.")
    country: str | None = strawberry.field(description="Country of residence, ISO alpha-2.")
    city: str | None
    hometown_province: str | None = strawberry.field(description="Ancestral hometown (祖籍).")
    hometown_city: str | None
    hometown_county: str | None
    dialect_group: DialectGroup | None  # type: ignore[valid-type]
    expertise: list[str]
    honours: list[Honour]  # type: ignore[valid-type]
    languages: list[str]
    source_platform: str | None
    source_region: str | None
    notes: str | None
    last_contacted_at: datetime | None
    contact_cadence_days: int | None = strawberry.field(
        description="Keep in touch every so many days (1–3650); null: no follow-ups."
    )
    next_contact_due_at: datetime | None = strawberry.field(
        name="nextContactDue",
        description="When the next contact is due: the last contact (or, never contacted, "
        "when the person was added) plus the cadence; null without a cadence.",
    )
    retention_until: date | None = strawberry.field(
        description="Keep until this day; `crm purge` erases the person afterwards."
    )
    created_at: datetime
    updated_at: datetime
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

    affiliations = connection(
        "Affiliation",
        affiliation.OF_PERSON,
        description="Memberships, offices, employment and study.",
    )
    owner = reference("User", "owner_id", description="The staff user responsible for the person.")
    relationships = connection(
        "Relationship",
        relationship.OF_PERSON,
        description="Ties to other people, at either end; strongest first.",
        arguments={"kind": list[RelationshipKind]},  # type: ignore[valid-type]
    )
    interactions = connection(
        "Interaction",
        interaction.OF_PERSON,
        description="Meetings, calls, messages and notes; most recent first.",
    )
    applications = connection(
        "Application", application.OF_PERSON, description="Positions the person applied for."
    )
    attendances = connection(
        "Attendance",
        attendance.OF_PERSON,
        description="Events the person was recorded at, with their roles.",
    )
    projects = connection(
        "Participation",
        participation.OF_PERSON,
        description="Projects the person takes part in, with their roles.",
    )
    consents = connection(
        "Consent", privacy.CONSENTS, description="Consent records, most recently given first."
    )
    timeline = timeline_field(of_organization=False)


PersonOrder = order_input("Person", person.ORDERING)


@strawberry.enum(description="Network metrics stored by `crm analyze`.")
class PersonMetric(Enum):
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    CONSTRAINT = "constraint"
    EFFECTIVE_SIZE = "effective_size"


@strawberry.input(description="A range of a stored network metric (either end may be open).")
class MetricRange:
    metric: PersonMetric
    at_least: float | None = None
    at_most: float | None = None


@strawberry.input(description="Conditions on people; lists mean any of; fields combine with AND.")
class PersonFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the name as written or in Latin."
    )
    country: list[str] | None = None
    city: list[str] | None = None
    hometown_province: list[str] | None = None
    hometown_city: list[str] | None = None
    dialect_group: list[DialectGroup] | None = None  # type: ignore[valid-type]
    expertise: list[str] | None = strawberry.field(default=None, description="Any of.")
    honour: list[Honour] | None = strawberry.field(default=None, description="Any of.")  # type: ignore[valid-type]
    member_of: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Affiliated with any of these organisations."
    )
    attended: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Attended any of these events."
    )
    owner: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Owned by any of these staff users."
    )
    updated_since: datetime | None = None
    contact_due_before: datetime | None = strawberry.field(
        default=None,
        description="The next contact is due before this moment (with a time zone); "
        "people without a cadence never match.",
    )
    community: list[int] | None = strawberry.field(
        default=None, description="In any of these communities (as last computed)."
    )
    metric: list[MetricRange] | None = strawberry.field(
        default=None, description="Within every one of these ranges of stored metrics."
    )
    in_list: relay.GlobalID | None = strawberry.field(
        default=None, description="On this list (one you may see: yours or shared with you)."
    )
    and_: list[PersonFilter] | None = strawberry.field(default=None, name="and")
    or_: list[PersonFilter] | None = strawberry.field(default=None, name="or")
    not_: PersonFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreatePersonInput:
    name: str
    name_latin: str | None = None
    gender: Gender | None = None  # type: ignore[valid-type]
    birth_year: int | None = None
    nationality: str | None = None
    country: str | None = None
    city: str | None = None
    hometown_province: str | None = None
    hometown_city: str | None = None
    hometown_county: str | None = None
    dialect_group: DialectGroup | None = None  # type: ignore[valid-type]
    expertise: list[str] | None = None
    honours: list[Honour] | None = None  # type: ignore[valid-type]
    languages: list[str] | None = None
    email: str | None = None
    phone: str | None = None
    wechat: str | None = None
    owner: relay.GlobalID | None = None
    contact_cadence_days: int | None = strawberry.field(
        default=None, description="Keep in touch every so many days (1–3650)."
    )
    source_event: relay.GlobalID | None = None
    source_platform: str | None = None
    source_region: str | None = None
    notes: str | None = None
    retention_until: date | None = strawberry.field(
        default=None, description="Keep until this day; `crm purge` erases the person after."
    )
    override_erasure: bool = strawberry.field(
        default=False,
        description="Administrators: create the person although an erased person matches "
        "(only with their new consent).",
    )


UpdatePersonInput = update_input(
    "UpdatePersonInput",
    CreatePersonInput,
    without=("override_erasure",),
    descriptions={
        "contact_cadence_days": "Keep in touch every so many days (1–3650); null: never."
    },
)


@strawberry.type
class PersonQuery:
    people = connection(
        "Person",
        person.PEOPLE,
        description="People, filtered and ordered, a page at a time.",
        arguments={"filter": PersonFilter},
    )


PersonMutation = record_mutations(
    Person,
    Write("create", CreatePersonInput, person.create_person),
    Write("update", UpdatePersonInput, person.update_person),
)
