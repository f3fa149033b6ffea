"""Events: the list of them (by place, date or within a conference), a conference's
sessions, and creating, changing or deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case

from crm.db import models
from crm.db.queries import event as q
from crm.db.queries.conditions import any_of, text_in
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of, keys_of
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList, any_of_asked
from crm.resolvers.pipeline import countries_of
from crm.resolvers.validation import Data, Validator, camel, cleaned, copy_of

_UNDATED = case((q.event.c.starts_on.is_(None), 1), else_=0)

ORDERING: Ordering = {
    # The first key puts undated events last; the second is NULL only among them.
    "STARTS_ON": OrderField(
        "starts_on", nullable=True, description="Undated events come last.", leading=(_UNDATED,)
    ),
    "NAME": OrderField("name"),
    "CREATED_AT": OrderField("created_at"),
}

_REFERENCES = {"parent": models.Event, "organizer": models.Organization}
VALIDATION = UserErrorCode.VALIDATION


def at_events(f: Filter, column: ColumnElement[Any]) -> list[ColumnElement[bool]]:
    """The condition of a filter's `event` (at these events, their sessions included)
    on a record's event `column`; none when the filter names no event."""
    if not f.get("event"):
        return []
    return [q.within(keys_of("event", f["event"], "Event"), column)]


def event_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    table = q.event
    if f.get("name_contains"):
        parts.append(text_in(f["name_contains"], table.c.name, table.c.name_en))
    parts += any_of_asked(f, table, "kind", "region")
    if f.get("country"):
        parts.append(any_of(table.c.country, countries_of("country", f["country"])))
    if f.get("starts_after") is not None:
        parts.append(table.c.starts_on >= f["starts_after"])
    if f.get("starts_before") is not None:
        parts.append(table.c.starts_on <= f["starts_before"])
    if f.get("parent"):
        parts.append(any_of(table.c.parent_id, keys_of("parent", f["parent"], "Event")))
    if f.get("within") is not None:
        parts.append(q.within(keys_of("within", [f["within"]], "Event")))
    return parts


#: events, most recent first unless ordered
EVENTS = TableList(q.event, ORDERING, ORDERING["STARTS_ON"].keys(q.event, True), event_conditions)
#: an event's sessions, in programme order (earliest first) unless ordered
SESSIONS = ChildList(q.event, "parent_id", ORDERING, ORDERING["STARTS_ON"].keys(q.event, False))


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    v.required_texts_of(data, values, name=300)
    v.required_of(data, values, "kind")
    v.texts_of(data, values, name_en=300, place=200, city=100, region=100, description=10_000)
    if "country" in data:
        values["country"] = v.country("country", data["country"])
    copy_of(data, values, "starts_on", "ends_on")
    v.dates_ordered("startsOn", values.get("starts_on"), "endsOn", values.get("ends_on"))
    for column in ("reported_participants", "online_visits"):
        if column in data:
            value = data[column]
            if value is not None and value < 0:
                v.fail(camel(column), f"{camel(column)} cannot be negative")
            values[column] = value
    return values


async def create_event(context: Context, data: Data) -> models.Event:
    return await crud.create_from(context, models.Event, data, values_of, _REFERENCES)


async def update_event(context: Context, data: Data) -> models.Event:
    values, refs = cleaned(data, values_of, _REFERENCES)
    key, parent_id = key_of("id", data["id"], "Event"), values.get("parent_id")
    if parent_id is not None and parent_id == key:
        raise UserErrors.one(VALIDATION, "an event cannot be its own parent", ("parent",))
    if parent_id is not None:
        # Checked before the write, in its own read: a concurrent move could still
        # close a loop, which the walk in `within` tolerates (UNION stops it).
        async with context.db() as session:
            if parent_id in await q.descendant_ids(session, key):
                message = "an event cannot belong to one of its own sessions"
                raise UserErrors.one(VALIDATION, message, ("parent",))
    return await crud.update_of(context, models.Event, data, values, refs)
