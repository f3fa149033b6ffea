"""Event: the node (with its sessions and attendees), its filters and order, its mutations."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import agreement, attendance, event, position
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import EventKind
from crm.schema.inputs import described, filter_input, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(
    description="A conference or one of its sessions, a roadshow, fair, campaign or visit."
)
class Event(RowNode, Versioned):
    model = models.Event

    name: str = described("The name as the organisers write it, usually Chinese.")
    name_en: str | None = described("The English name, if there is one.")
    kind: EventKind = described("What sort of event it is.")  # type: ignore[valid-type]
    starts_on: date | None = described("The first day; null when not yet fixed.")
    ends_on: date | None = described("The last day; the same as `startsOn` for a one-day event.")
    place: str | None = described("Venue.")
    city: str | None = described("The city it takes place in.")
    region: str | None = described(
        "The region (province, area) it is counted under in reports, e.g. Fujian."
    )
    country: str | None = described("ISO 3166-1 alpha-2.")
    reported_participants: int | None = described(
        "The crowd the organisers report, beyond registered attendees."
    )
    online_visits: int | None = described(
        "Visits to its online presence (livestream, campaign page) as reported."
    )
    description: str | None = described("Free text: programme, purpose, results.")
    parent_id: strawberry.Private[int | None]
    organizer_id: strawberry.Private[int | None]

    parent = reference(
        "Event", "parent_id", description="The conference this event is a session of."
    )
    organizer = reference(
        "Organization", "organizer_id", description="The organisation that organises the event."
    )
    sessions = connection(event.SESSIONS, "The event's sessions; earliest first unless ordered.")
    attendees = connection(attendance.OF_EVENT, "People recorded at the event, with their roles.")
    positions = connection(position.OF_EVENT, "Job demands collected here.")
    agreements = connection(agreement.OF_EVENT, "Agreements signed or intended here.")


EventOrder = order_input("Event", event.ORDERING)


@filter_input("Conditions on events; lists mean any of; fields combine with AND.")
class EventFilter:
    name_contains: str | None = optional("Case-insensitive part of the name or English name.")
    kind: list[EventKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    region: list[str] | None = optional("In any of these regions (exact names).")
    country: list[str] | None = optional("In any of these countries (ISO 3166-1 alpha-2 codes).")
    starts_after: date | None = optional("Starts on or after this day.")
    starts_before: date | None = optional("Starts on or before this day.")
    parent: list[relay.GlobalID] | None = optional("A session of any of these events.")
    within: relay.GlobalID | None = optional("This event or one of its sessions, at any depth.")


@strawberry.input(description="A new event; a session names its conference as `parent`.")
class CreateEventInput:
    name: str = described("The name, at most 300 characters.")
    kind: EventKind = described("What sort of event it is.")  # type: ignore[valid-type]
    name_en: str | None = optional("The English name, at most 300 characters.")
    starts_on: date | None = optional("The first day.")
    ends_on: date | None = optional("The last day; not before `startsOn`.")
    place: str | None = optional("The venue, at most 200 characters.")
    city: str | None = optional("The city, at most 100 characters.")
    region: str | None = optional(
        "The region it is counted under in reports, at most 100 characters."
    )
    country: str | None = optional("ISO 3166-1 alpha-2 code, e.g. CN.")
    parent: relay.GlobalID | None = optional(
        "The ID of the event (a conference) this one is a session of."
    )
    organizer: relay.GlobalID | None = optional("The ID of the organisation that organises it.")
    reported_participants: int | None = optional("The crowd the organisers report; not negative.")
    online_visits: int | None = optional("Visits to its online presence as reported; not negative.")
    description: str | None = optional("Free text, at most 10,000 characters.")


EventQuery = list_query(
    Event,
    "events",
    event.EVENTS,
    EventFilter,
    "Events, most recent first unless ordered, a page at a time.",
)
EventMutation = record_mutations(
    Event,
    *edits(CreateEventInput, event.create_event, event.update_event),
    delete_description="An event that still has sessions cannot be deleted.",
)
