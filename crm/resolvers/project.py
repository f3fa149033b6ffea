"""Projects: the list of them (by kind, stage, field, amount), and creating, changing or
deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries import event as event_queries
from crm.db.queries import project as q
from crm.db.queries.common import table_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of, keys_of
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList
from crm.resolvers.validation import Data, Validator, camel, reference_columns

_stage_change = table_of(models.ProjectStageChange)

ORDERING: Ordering = {
    "NAME": OrderField("name"),
    "STAGE": OrderField(q.stage_rank, description="In pipeline order, LEAD first."),
    "INTENDED_AMOUNT": OrderField("intended_amount", nullable=True),
    "SIGNED_AMOUNT": OrderField("signed_amount", nullable=True),
    "CREATED_AT": OrderField("created_at"),
    "UPDATED_AT": OrderField("updated_at"),
}
DEFAULT_ORDER = [SortKey(q.project.c.name)]

_REFERENCES = {"event": models.Event, "owner": models.User}


def project_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("name_contains"):
        parts.append(q.name_contains(f["name_contains"]))
    for column in ("kind", "stage", "field", "region"):
        if f.get(column):
            parts.append(q.value_in(column, f[column]))
    if f.get("event"):
        # "at the conference" includes its sessions
        event_ids = keys_of("event", f["event"], "Event")
        parts.append(q.project.c.event_id.in_(event_queries.subtree(event_ids)))
    if f.get("min_intended_amount") is not None:
        parts.append(q.intended_at_least(f["min_intended_amount"]))
    if f.get("max_intended_amount") is not None:
        parts.append(q.intended_at_most(f["max_intended_amount"]))
    return parts


PROJECTS = TableList(q.project, ORDERING, DEFAULT_ORDER, project_conditions)
#: a project's stage changes, newest first
STAGE_HISTORY = ChildList(
    _stage_change, "project_id", {}, [SortKey(_stage_change.c.changed_at, descending=True)]
)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = v.text("name", data["name"], max_length=300, required=True)
    v.required_of(data, values, "kind", "stage")
    v.texts_of(data, values, name_en=300, field=100, region=100, description=10_000)
    for column in ("intended_amount", "signed_amount"):
        if column in data:
            values[column] = v.amount(camel(column), data[column])
    if "currency" in data:
        values["currency"] = v.currency("currency", data["currency"])
    return values


async def create_project(context: Context, data: Data) -> models.Project:
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    v.check()
    values.update(reference_columns(refs))
    return await crud.create(context, models.Project, values, refs)


async def update_project(context: Context, data: Data) -> models.Project:
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    v.check()
    key = key_of("id", data["id"], "Project")
    values.update(reference_columns(refs))
    reason = v.text("stageReason", data.get("stage_reason"), max_length=1000)
    v.check()
    version = data["expected_version"]
    return await crud.update(context, models.Project, key, version, values, refs, reason=reason)
