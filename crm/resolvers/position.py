"""Positions (organisations' job demands): find them, and create, change or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries import event as event_queries
from crm.db.queries import position as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.listing import CountRows, nested_page_of, page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.position import (
        CreatePositionInput,
        PositionFilter,
        PositionOrder,
        UpdatePositionInput,
    )

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "title": (q.position.c.title, False),
    "kind": (q.position.c.kind, False),
    "status": (q.position.c.status, False),
    "created_at": (q.position.c.created_at, False),
    "updated_at": (q.position.c.updated_at, False),
}
DEFAULT_ORDER = [SortKey(q.position.c.title)]


def position_condition(f: PositionFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.title_contains:
        parts.append(q.title_contains(f.title_contains))
    for column, values in (
        ("field", f.field),
        ("kind", f.kind),
        ("status", f.status),
        ("region", f.region),
    ):
        if values:
            parts.append(q.value_in(column, values))
    if f.organization:
        keys = keys_of("organization", f.organization, "Organization")
        parts.append(q.value_in("organization_id", keys))
    if f.event:
        # "at the conference" includes its sessions
        event_ids = keys_of("event", f.event, "Event")
        parts.append(q.position.c.event_id.in_(event_queries.subtree(event_ids)))
    if f.is_high_level is not None:
        parts.append(q.flag("is_high_level", f.is_high_level))
    return parts


async def positions(
    context: Context,
    filter_: PositionFilter | None,
    order_by: list[PositionOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    condition = condition_of(filter_, position_condition)
    return await page_of(context, q.position, condition, sort, request)


async def positions_of(
    context: Context,
    *,
    organization_id: int | None = None,
    event_id: int | None = None,
    order_by: list[PositionOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """An organisation's positions, or those collected at an event (exactly one)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if organization_id is not None:
        parent, key = q.position.c.organization_id, organization_id
    elif event_id is not None:
        parent, key = q.position.c.event_id, event_id
    else:
        raise ValueError("give an organisation or an event")
    return await nested_page_of(context, q.position, parent, key, sort, request)


def _values(v: Validator, data: CreatePositionInput | UpdatePositionInput) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    if given(data.title):
        values["title"] = v.text("title", data.title, max_length=200, required=True)
    for field, column, length in (
        ("field", "field", 100),
        ("place", "place", 100),
        ("region", "region", 100),
        ("description", "description", 10_000),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.text(field, value, max_length=length)
    for field, column in (("kind", "kind"), ("status", "status")):
        value = getattr(data, column)
        if given(value):
            if value is None:
                v.fail(field, f"{field} is required")
            values[column] = value
    if given(data.openings):
        if data.openings is None or data.openings < 1:
            v.fail("openings", "a position has at least one opening")
        values["openings"] = data.openings
    if given(data.is_high_level):
        values["is_high_level"] = bool(data.is_high_level)
    return values


def _references(v: Validator, data: CreatePositionInput | UpdatePositionInput) -> crud.References:
    refs: dict[str, tuple[int | None, Any]] = {}
    if given(data.organization):
        key = v.reference("organization", data.organization, "Organization")
        if data.organization is None:
            v.fail("organization", "organization is required")
        refs["organization"] = (key, models.Organization)
    if given(data.event):
        refs["event"] = (v.reference("event", data.event, "Event"), models.Event)
    return refs


_REFERENCE_COLUMNS = {"organization": "organization_id", "event": "event_id"}


async def create_position(context: Context, data: CreatePositionInput) -> models.Position:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    values.update({_REFERENCE_COLUMNS[f]: key for f, (key, _) in refs.items()})
    return await crud.create(context, models.Position, values, refs)


async def update_position(context: Context, data: UpdatePositionInput) -> models.Position:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Position")
    values.update({_REFERENCE_COLUMNS[f]: k for f, (k, _) in refs.items()})
    return await crud.update(context, models.Position, key, data.expected_version, values, refs)
