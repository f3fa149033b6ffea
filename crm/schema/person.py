"""Person: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import crud, person
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import DialectGroup, Gender, Honour, RelationshipKind
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.affiliation import Affiliation, AffiliationOrder
    from crm.schema.application import Application, ApplicationOrder
    from crm.schema.attendance import Attendance, AttendanceOrder
    from crm.schema.interaction import Interaction, InteractionOrder
    from crm.schema.participation import Participation, ParticipationOrder
    from crm.schema.privacy import Consent
    from crm.schema.relationship import Relationship, RelationshipOrder
    from crm.schema.timeline import TimelineConnection
    from crm.schema.user import User

Lazy = strawberry.lazy


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
        return await person.contact_channel(info, self.id, self.owner_id, "email", self.email)

    @strawberry.field(name="phone", description="E.164, e.g. +8613800000000. As email.")
    async def phone_channel(self, info: Info) -> str | None:
        return await person.contact_channel(info, self.id, self.owner_id, "phone", self.phone)

    @strawberry.field(name="wechat", description="As email.")
    async def wechat_channel(self, info: Info) -> str | None:
        return await person.contact_channel(info, self.id, self.owner_id, "wechat", self.wechat)

    @strawberry.field(description="Memberships, offices, employment and study.")
    async def affiliations(
        self,
        info: Info,
        order_by: list[Annotated[AffiliationOrder, Lazy("crm.schema.affiliation")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Affiliation, Lazy("crm.schema.affiliation")]]:
        from crm.schema.affiliation import affiliations_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await affiliations_of(info, person_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="The staff user responsible for the person.")
    async def owner(self, info: Info) -> Annotated[User, Lazy("crm.schema.user")] | None:
        from crm.schema.user import user_by_id

        return await user_by_id(info, self.owner_id)

    @strawberry.field(description="Ties to other people, at either end; strongest first.")
    async def relationships(
        self,
        info: Info,
        kind: list[RelationshipKind] | None = None,  # type: ignore[valid-type]
        order_by: list[Annotated[RelationshipOrder, Lazy("crm.schema.relationship")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Relationship, Lazy("crm.schema.relationship")]]:
        from crm.schema.relationship import relationships_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await relationships_of(
            info, person_id=self.id, order_by=order_by, args=args, kind=kind
        )

    @strawberry.field(description="Meetings, calls, messages and notes; most recent first.")
    async def interactions(
        self,
        info: Info,
        order_by: list[Annotated[InteractionOrder, Lazy("crm.schema.interaction")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Interaction, Lazy("crm.schema.interaction")]]:
        from crm.schema.interaction import interactions_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await interactions_of(info, person_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Positions the person applied for.")
    async def applications(
        self,
        info: Info,
        order_by: list[Annotated[ApplicationOrder, Lazy("crm.schema.application")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Application, Lazy("crm.schema.application")]]:
        from crm.schema.application import applications_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await applications_of(info, person_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Events the person was recorded at, with their roles.")
    async def attendances(
        self,
        info: Info,
        order_by: list[Annotated[AttendanceOrder, Lazy("crm.schema.attendance")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Attendance, Lazy("crm.schema.attendance")]]:
        from crm.schema.attendance import attendances_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await attendances_of(info, person_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Projects the person takes part in, with their roles.")
    async def projects(
        self,
        info: Info,
        order_by: list[Annotated[ParticipationOrder, Lazy("crm.schema.participation")]]
        | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Participation, Lazy("crm.schema.participation")]]:
        from crm.schema.participation import participations_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await participations_of(info, person_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Consent records, most recently given first.")
    async def consents(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Consent, Lazy("crm.schema.privacy")]]:
        from crm.resolvers.privacy import consents_of
        from crm.schema.privacy import Consent

        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await consents_of(info.context, self.id, request)
        return Connection.from_page(page, Consent.from_row, count_rows)

    @strawberry.field(
        description="Meetings, introductions, events, applications, stage changes, "
        "agreements and affiliations, newest first."
    )
    async def timeline(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Annotated[TimelineConnection, Lazy("crm.schema.timeline")]:
        from crm.schema.timeline import timeline_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await timeline_of(info, person_id=self.id, args=args)


@strawberry.enum
class PersonOrderField(Enum):
    NAME = "name"
    NAME_LATIN = "name_latin"
    COUNTRY = "country"
    CITY = "city"
    BIRTH_YEAR = "birth_year"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    LAST_CONTACTED_AT = "last_contacted_at"
    NEXT_CONTACT_DUE = "next_contact_due_at"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"
    DEGREE = "degree"
    BETWEENNESS = "betweenness"
    CONSTRAINT = "constraint"
    EFFECTIVE_SIZE = "effective_size"


@strawberry.input
class PersonOrder:
    field: PersonOrderField
    direction: OrderDirection = OrderDirection.ASC


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


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdatePersonInput:
    id: relay.GlobalID
    expected_version: int
    name: str | None = UNSET
    name_latin: str | None = UNSET
    gender: Gender | None = UNSET  # type: ignore[valid-type]
    birth_year: int | None = UNSET
    nationality: str | None = UNSET
    country: str | None = UNSET
    city: str | None = UNSET
    hometown_province: str | None = UNSET
    hometown_city: str | None = UNSET
    hometown_county: str | None = UNSET
    dialect_group: DialectGroup | None = UNSET  # type: ignore[valid-type]
    expertise: list[str] | None = UNSET
    honours: list[Honour] | None = UNSET  # type: ignore[valid-type]
    languages: list[str] | None = UNSET
    email: str | None = UNSET
    phone: str | None = UNSET
    wechat: str | None = UNSET
    owner: relay.GlobalID | None = UNSET
    contact_cadence_days: int | None = strawberry.field(
        default=UNSET, description="Keep in touch every so many days (1–3650); null: never."
    )
    source_event: relay.GlobalID | None = UNSET
    source_platform: str | None = UNSET
    source_region: str | None = UNSET
    notes: str | None = UNSET
    retention_until: date | None = UNSET


@strawberry.input
class DeletePersonInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreatePersonPayload:
    person: Person | None
    errors: list[UserError]


@strawberry.type
class UpdatePersonPayload:
    person: Person | None
    errors: list[UserError]


@strawberry.type
class PersonQuery:
    @strawberry.field(description="People, filtered and ordered, a page at a time.")
    async def people(
        self,
        info: Info,
        filter: PersonFilter | None = None,
        order_by: list[PersonOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Person]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await person.people(info.context, filter, order_by, request)
        return Connection.from_page(page, Person.from_row, count_rows)


@strawberry.type
class PersonMutation:
    @strawberry.mutation
    async def create_person(self, info: Info, input: CreatePersonInput) -> CreatePersonPayload:
        row, errors = await attempt(person.create_person(info.context, input))
        return CreatePersonPayload(person=Person.from_row(row) if row else None, errors=errors)

    @strawberry.mutation
    async def update_person(self, info: Info, input: UpdatePersonInput) -> UpdatePersonPayload:
        row, errors = await attempt(person.update_person(info.context, input))
        return UpdatePersonPayload(person=Person.from_row(row) if row else None, errors=errors)

    @strawberry.mutation
    async def delete_person(self, info: Info, input: DeletePersonInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Person, input.id, "Person", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
