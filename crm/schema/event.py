"""Event: the node (with its sessions and attendees), its filters and order, its mutations."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import crud, event
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import EventKind
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.agreement import Agreement, AgreementOrder
    from crm.schema.attendance import Attendance, AttendanceOrder
    from crm.schema.organization import Organization
    from crm.schema.position import Position, PositionOrder

Lazy = strawberry.lazy


@strawberry.type(
    description="A conference or one of its sessions, a roadshow, fair, campaign or visit."
)
class Event(RowNode):
    model = models.Event

    version: int
    name: str
    name_en: str | None
    kind: EventKind  # type: ignore[valid-type]
    starts_on: date | None
    ends_on: date | None
    place: str | None = strawberry.field(description="Venue.")
    city: str | None
    region: str | None
    country: str | None = strawberry.field(description="ISO 3166-1 alpha-2.")
    reported_participants: int | None = strawberry.field(
        description="The crowd the organisers report, beyond registered attendees."
    )
    online_visits: int | None
    description: str | None
    created_at: datetime
    updated_at: datetime
    parent_id: strawberry.Private[int | None]
    organizer_id: strawberry.Private[int | None]

    @strawberry.field(description="The conference this event is a session of.")
    async def parent(self, info: Info) -> Event | None:
        if self.parent_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.parent_id)
        return Event.from_row(row) if row else None

    @strawberry.field(description="The organisation that organises the event.")
    async def organizer(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")] | None:
        from crm.schema.organization import Organization

        if self.organizer_id is None:
            return None
        row = await info.context.loaders.row_by_id(Organization.table()).load(self.organizer_id)
        return Organization.from_row(row) if row else None

    @strawberry.field(description="The event's sessions; earliest first unless ordered.")
    async def sessions(
        self,
        info: Info,
        order_by: list[EventOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Event]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await event.sessions(info.context, self.id, order_by, request)
        return Connection.from_page(page, Event.from_row, count_rows)

    @strawberry.field(description="People recorded at the event, with their roles.")
    async def attendees(
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
        return await attendances_of(info, event_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Job demands collected here.")
    async def positions(
        self,
        info: Info,
        order_by: list[Annotated[PositionOrder, Lazy("crm.schema.position")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Position, Lazy("crm.schema.position")]]:
        from crm.schema.position import positions_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await positions_of(info, event_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Agreements signed or intended here.")
    async def agreements(
        self,
        info: Info,
        order_by: list[Annotated[AgreementOrder, Lazy("crm.schema.agreement")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Agreement, Lazy("crm.schema.agreement")]]:
        from crm.schema.agreement import agreements_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await agreements_of(info, event_id=self.id, order_by=order_by, args=args)


@strawberry.enum
class EventOrderField(Enum):
    STARTS_ON = strawberry.enum_value("starts_on", description="Undated events come last.")
    NAME = "name"
    CREATED_AT = "created_at"


@strawberry.input
class EventOrder:
    field: EventOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="Conditions on events; lists mean any of; fields combine with AND.")
class EventFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the name or English name."
    )
    kind: list[EventKind] | None = None  # type: ignore[valid-type]
    region: list[str] | None = None
    country: list[str] | None = None
    starts_after: date | None = strawberry.field(
        default=None, description="Starts on or after this day."
    )
    starts_before: date | None = strawberry.field(
        default=None, description="Starts on or before this day."
    )
    parent: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="A session of any of these events."
    )
    within: relay.GlobalID | None = strawberry.field(
        default=None, description="This event or one of its sessions, at any depth."
    )
    and_: list[EventFilter] | None = strawberry.field(default=None, name="and")
    or_: list[EventFilter] | None = strawberry.field(default=None, name="or")
    not_: EventFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateEventInput:
    name: str
    kind: EventKind  # type: ignore[valid-type]
    name_en: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    place: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    parent: relay.GlobalID | None = None
    organizer: relay.GlobalID | None = None
    reported_participants: int | None = None
    online_visits: int | None = None
    description: str | None = None


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdateEventInput:
    id: relay.GlobalID
    expected_version: int
    name: str | None = UNSET
    kind: EventKind | None = UNSET  # type: ignore[valid-type]
    name_en: str | None = UNSET
    starts_on: date | None = UNSET
    ends_on: date | None = UNSET
    place: str | None = UNSET
    city: str | None = UNSET
    region: str | None = UNSET
    country: str | None = UNSET
    parent: relay.GlobalID | None = UNSET
    organizer: relay.GlobalID | None = UNSET
    reported_participants: int | None = UNSET
    online_visits: int | None = UNSET
    description: str | None = UNSET


@strawberry.input
class DeleteEventInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateEventPayload:
    event: Event | None
    errors: list[UserError]


@strawberry.type
class UpdateEventPayload:
    event: Event | None
    errors: list[UserError]


@strawberry.type
class EventQuery:
    @strawberry.field(description="Events, most recent first unless ordered, a page at a time.")
    async def events(
        self,
        info: Info,
        filter: EventFilter | None = None,
        order_by: list[EventOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Event]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await event.events(info.context, filter, order_by, request)
        return Connection.from_page(page, Event.from_row, count_rows)


@strawberry.type
class EventMutation:
    @strawberry.mutation
    async def create_event(self, info: Info, input: CreateEventInput) -> CreateEventPayload:
        row, errors = await attempt(event.create_event(info.context, input))
        return CreateEventPayload(event=Event.from_row(row) if row else None, errors=errors)

    @strawberry.mutation
    async def update_event(self, info: Info, input: UpdateEventInput) -> UpdateEventPayload:
        row, errors = await attempt(event.update_event(info.context, input))
        return UpdateEventPayload(event=Event.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(description="An event that still has sessions cannot be deleted.")
    async def delete_event(self, info: Info, input: DeleteEventInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Event, input.id, "Event", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
