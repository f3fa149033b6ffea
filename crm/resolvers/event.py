"""Events: find them (by place, date or within a conference), create, change or delete them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, case

from crm.db import models
from crm.db.queries import event as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.listing import CountRows, nested_page_of, page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.event import CreateEventInput, EventFilter, EventOrder, UpdateEventInput

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "name": (q.event.c.name, False),
    "created_at": (q.event.c.created_at, False),
}
_UNDATED = case((q.event.c.starts_on.is_(None), 1), else_=0)


def _by_start(descending: bool) -> list[SortKey]:
    """Start date in either direction, undated events always last."""
    # The first key puts undated events last; the second is NULL only among them.
    starts_on = SortKey(q.event.c.starts_on, descending=descending, nullable=True)
    return [SortKey(_UNDATED), starts_on]


def event_sort(order_by: Sequence[EventOrder] | None, *, descending: bool) -> list[SortKey]:
    """SortKeys for an orderBy list; without one, by start date (`descending` or not)."""
    if not order_by:
        return _by_start(descending)
    keys: list[SortKey] = []
    for order in order_by:
        if order.field.value == "starts_on":
            keys.extend(_by_start(order.direction.value == "desc"))
        else:
            keys.extend(sort_keys([order], ORDER_COLUMNS))
    return keys


def event_condition(f: EventFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.name_contains:
        parts.append(q.name_contains(f.name_contains))
    if f.kind:
        parts.append(q.value_in("kind", f.kind))
    if f.region:
        parts.append(q.value_in("region", f.region))
    if f.country:
        parts.append(q.value_in("country", [c.upper() for c in f.country]))
    if f.starts_after is not None:
        parts.append(q.starts_on_or_after(f.starts_after))
    if f.starts_before is not None:
        parts.append(q.starts_on_or_before(f.starts_before))
    if f.parent:
        parts.append(q.value_in("parent_id", keys_of("parent", f.parent, "Event")))
    if f.within is not None:
        parts.append(q.within(keys_of("within", [f.within], "Event")))
    return parts


async def events(
    context: Context,
    filter_: EventFilter | None,
    order_by: list[EventOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """Events; most recent first unless ordered otherwise."""
    sort = event_sort(order_by, descending=True)
    return await page_of(context, q.event, condition_of(filter_, event_condition), sort, request)


async def sessions(
    context: Context, parent_id: int, order_by: list[EventOrder] | None, request: PageRequest
) -> tuple[Page, CountRows]:
    """An event's sessions; in programme order (earliest first) unless ordered otherwise."""
    sort = event_sort(order_by, descending=False)
    return await nested_page_of(context, q.event, q.event.c.parent_id, parent_id, sort, request)


def _values(v: Validator, data: CreateEventInput | UpdateEventInput) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    if given(data.name):
        values["name"] = v.text("name", data.name, max_length=300, required=True)
    if given(data.kind):
        if data.kind is None:
            v.fail("kind", "kind is required")
        values["kind"] = data.kind
    for field, column, length in (
        ("nameEn", "name_en", 300),
        ("place", "place", 200),
        ("city", "city", 100),
        ("region", "region", 100),
        ("description", "description", 10_000),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.text(field, value, max_length=length)
    if given(data.country):
        values["country"] = v.country("country", data.country)
    for column in ("starts_on", "ends_on"):
        value = getattr(data, column)
        if given(value):
            values[column] = value
    v.dates_ordered("startsOn", values.get("starts_on"), "endsOn", values.get("ends_on"))
    for field, column in (
        ("reportedParticipants", "reported_participants"),
        ("onlineVisits", "online_visits"),
    ):
        value = getattr(data, column)
        if given(value):
            if value is not None and value < 0:
                v.fail(field, f"{field} cannot be negative")
            values[column] = value
    return values


_REFERENCE_COLUMNS = {"parent": "parent_id", "organizer": "organizer_id"}


def _references(v: Validator, data: CreateEventInput | UpdateEventInput) -> crud.References:
    refs: dict[str, tuple[int | None, Any]] = {}
    if given(data.parent):
        refs["parent"] = (v.reference("parent", data.parent, "Event"), models.Event)
    if given(data.organizer):
        refs["organizer"] = (
            v.reference("organizer", data.organizer, "Organization"),
            models.Organization,
        )
    return refs


async def create_event(context: Context, data: CreateEventInput) -> models.Event:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    values.update({_REFERENCE_COLUMNS[f]: key for f, (key, _) in refs.items()})
    return await crud.create(context, models.Event, values, refs)


async def update_event(context: Context, data: UpdateEventInput) -> models.Event:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Event")
    values.update({_REFERENCE_COLUMNS[f]: k for f, (k, _) in refs.items()})
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
    return await crud.update(context, models.Event, key, data.expected_version, values, refs)
