"""Events: the list of them (by place, date or within a conference), a conference's
sessions, and creating, changing or deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case

from crm.db import models
from crm.db.queries import event as q
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of, keys_of
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList
from crm.resolvers.validation import Data, Validator, camel, copy_of, reference_columns

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


def event_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("name_contains"):
        parts.append(q.name_contains(f["name_contains"]))
    for column in ("kind", "region"):
        if f.get(column):
            parts.append(q.value_in(column, f[column]))
    if f.get("country"):
        parts.append(q.value_in("country", [c.upper() for c in f["country"]]))
    if f.get("starts_after") is not None:
        parts.append(q.starts_on_or_after(f["starts_after"]))
    if f.get("starts_before") is not None:
        parts.append(q.starts_on_or_before(f["starts_before"]))
    if f.get("parent"):
        parts.append(q.value_in("parent_id", keys_of("parent", f["parent"], "Event")))
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
    if "name" in data:
        values["name"] = v.text("name", data["name"], max_length=300, required=True)
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
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    v.check()
    values.update(reference_columns(refs))
    return await crud.create(context, models.Event, values, refs)


async def update_event(context: Context, data: Data) -> models.Event:
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    v.check()
    key = key_of("id", data["id"], "Event")
    values.update(reference_columns(refs))
    parent_id = values.get("parent_id")
    if parent_id is not None:
        if parent_id == key:
            v.fail("parent", "an event cannot be its own parent")
        else:
            # Checked before the write, in its own read: a concurrent move could still
            # close a loop, which the walk in `within` tolerates (UNION stops it).
            async with context.db() as session:
                if parent_id in await q.descendant_ids(session, key):
                    v.fail("parent", "an event cannot belong to one of its own sessions")
        v.check()
    version = data["expected_version"]
    return await crud.update(context, models.Event, key, version, values, refs)
