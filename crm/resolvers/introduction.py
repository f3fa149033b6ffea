"""Introductions: the list of them, asking for one, changing its details or deleting it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries import introduction as q
from crm.db.queries.conditions import any_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, key_of, keys_of
from crm.resolvers.listing import Filter, OrderField, Ordering, TableList, aware
from crm.resolvers.validation import Data, Validator, copy_of, reference_columns

ORDERING: Ordering = {
    "REQUESTED_AT": OrderField("requested_at"),
    "STATUS_CHANGED_AT": OrderField("status_changed_at"),
    "STATUS": OrderField("status"),
}
# The newest requests first.
DEFAULT_ORDER = [SortKey(q.introduction.c.requested_at, descending=True)]

#: the types of node an introduction path may pass through
PATH_TYPES = ("Person", "Organization", "Event", "Project", "Position", "Agreement")
MAX_PATH_LENGTH = 12

_REFERENCES = {
    "seeker": models.Person,
    "target_person": models.Person,
    "target_organization": models.Organization,
    "broker": models.Person,
    "event": models.Event,
}


def introduction_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("status"):
        parts.append(any_of(q.introduction.c.status, f["status"]))
    for field, column, type_name in (
        ("seeker", "seeker_id", "Person"),
        ("broker", "broker_id", "Person"),
        ("event", "event_id", "Event"),
    ):
        if f.get(field):
            parts.append(any_of(q.introduction.c[column], keys_of(field, f[field], type_name)))
    if f.get("target"):
        people = [gid for gid in f["target"] if gid.type_name == "Person"]
        others = [gid for gid in f["target"] if gid.type_name != "Person"]
        parts.append(
            q.target_in(
                keys_of("target", people, "Person"),
                keys_of("target", others, "Person", "Organization"),
            )
        )
    if f.get("requested_after") is not None:
        moment = aware("requestedAfter", f["requested_after"])
        parts.append(q.introduction.c.requested_at >= moment)
    return parts


INTRODUCTIONS = TableList(q.introduction, ORDERING, DEFAULT_ORDER, introduction_conditions)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.texts_of(data, values, purpose=10_000)
    copy_of(data, values, "retention_until")
    return values


def _path(v: Validator, ids: list[RecordId] | None, start: RecordId, end: RecordId) -> list[str]:
    """The path's global IDs in order: from the seeker to the target, no node twice."""
    if not ids:
        return []
    nodes = [(gid.type_name, gid.node_id) for gid in ids]
    keys = [v.reference("path", gid, *PATH_TYPES) for gid in ids]
    if None in keys:
        return []
    if not 2 <= len(ids) <= MAX_PATH_LENGTH:
        v.fail("path", f"a path has 2 to {MAX_PATH_LENGTH} nodes")
    elif len(set(nodes)) != len(nodes):
        v.fail("path", "a path passes each node once")
    elif nodes[0] != (start.type_name, start.node_id) or nodes[-1] != (
        end.type_name,
        end.node_id,
    ):
        v.fail("path", "a path runs from the seeker to the target")
    return [str(RecordId(t, n)) for t, n in nodes]


async def create_introduction(context: Context, data: Data) -> models.Introduction:
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    keys = reference_columns(refs)
    seeker, target_person, broker = keys["seeker_id"], keys["target_person_id"], keys["broker_id"]
    target = data.get("target_person") or data.get("target_organization")
    if (data.get("target_person") is None) == (data.get("target_organization") is None):
        v.fail("targetPerson", "give exactly one target: targetPerson or targetOrganization")
    elif target is not None:
        values["path"] = _path(v, data.get("path"), data["seeker"], target)
    if seeker is not None and target_person == seeker:
        v.fail("targetPerson", "a person cannot be introduced to themselves")
    if seeker is not None and broker == seeker:
        v.fail("broker", "the broker cannot be the seeker")
    v.check()
    values.update(keys)
    return await crud.create(context, models.Introduction, values, refs)


async def update_introduction(context: Context, data: Data) -> models.Introduction:
    v = Validator()
    values = values_of(v, data)
    refs = v.references_of(data, {"broker": models.Person, "event": models.Event})
    values.update(reference_columns(refs))
    v.texts_of(data, values, outcome_note=10_000)
    v.check()
    key = key_of("id", data["id"], "Introduction")
    version = data["expected_version"]
    # A broker who is the seeker is refused by the database (a VALIDATION on `broker`).
    return await crud.update(context, models.Introduction, key, version, values, refs)
