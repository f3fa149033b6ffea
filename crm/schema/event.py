"""Event: the node (with its sessions and attendees), its filters and order, its mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import agreement, attendance, event, position
from crm.schema.connection import connection, order_input
from crm.schema.enums import EventKind
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


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

    parent = reference(
        "Event", "parent_id", description="The conference this event is a session of."
    )
    organizer = reference(
        "Organization", "organizer_id", description="The organisation that organises the event."
    )
    sessions = connection(
        "Event", event.SESSIONS, description="The event's sessions; earliest first unless ordered."
    )
    attendees = connection(
        "Attendance",
        attendance.OF_EVENT,
        description="People recorded at the event, with their roles.",
    )
    positions = connection("Position", position.OF_EVENT, description="Job demands collected here.")
    agreements = connection(
        "Agreement", agreement.OF_EVENT, description="Agreements signed or intended here."
    )


EventOrder = order_input("Event", event.ORDERING)


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


UpdateEventInput = update_input("UpdateEventInput", CreateEventInput)


@strawberry.type
class EventQuery:
    events = connection(
        "Event",
        event.EVENTS,
        description="Events, most recent first unless ordered, a page at a time.",
        arguments={"filter": EventFilter},
    )


EventMutation = record_mutations(
    Event,
    Write("create", CreateEventInput, event.create_event),
    Write("update", UpdateEventInput, event.update_event),
    delete_description="An event that still has sessions cannot be deleted.",
)
