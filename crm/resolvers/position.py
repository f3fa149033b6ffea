"""Positions (organisations' job demands): the list of them, and creating, changing or
deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries import position as q
from crm.db.queries.conditions import any_of, flag, text_in
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.event import at_events
from crm.resolvers.ids import keys_of
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList, any_of_asked
from crm.resolvers.validation import Data, Validator

ORDERING: Ordering = {
    "TITLE": OrderField("title"),
    "KIND": OrderField("kind"),
    "STATUS": OrderField("status"),
    "CREATED_AT": OrderField("created_at"),
    "UPDATED_AT": OrderField("updated_at"),
}
DEFAULT_ORDER = [SortKey(q.position.c.title)]

_REFERENCES = {"organization": models.Organization, "event": models.Event}


def position_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    table = q.position
    if f.get("title_contains"):
        parts.append(text_in(f["title_contains"], table.c.title))
    parts += any_of_asked(f, table, "field", "kind", "status", "region")
    if f.get("organization"):
        keys = keys_of("organization", f["organization"], "Organization")
        parts.append(any_of(table.c.organization_id, keys))
    parts += at_events(f, table.c.event_id)
    if f.get("is_high_level") is not None:
        parts.append(flag(table.c.is_high_level, f["is_high_level"]))
    return parts


POSITIONS = TableList(q.position, ORDERING, DEFAULT_ORDER, position_conditions)
#: an organisation's positions; those collected at an event
OF_ORGANIZATION = ChildList(q.position, "organization_id", ORDERING, DEFAULT_ORDER)
OF_EVENT = ChildList(q.position, "event_id", ORDERING, DEFAULT_ORDER)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    v.required_texts_of(data, values, title=200)
    v.texts_of(data, values, field=100, place=100, region=100, description=10_000)
    v.required_of(data, values, "kind", "status")
    if "openings" in data:
        if data["openings"] is None or data["openings"] < 1:
            v.fail("openings", "a position has at least one opening")
        values["openings"] = data["openings"]
    if "is_high_level" in data:
        values["is_high_level"] = bool(data["is_high_level"])
    if "organization" in data and data["organization"] is None:
        v.fail("organization", "organization is required")
    return values


async def create_position(context: Context, data: Data) -> models.Position:
    return await crud.create_from(context, models.Position, data, values_of, _REFERENCES)


async def update_position(context: Context, data: Data) -> models.Position:
    return await crud.update_from(context, models.Position, data, values_of, _REFERENCES)
