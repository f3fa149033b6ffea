"""Projects: the list of them (by kind, stage, field, amount), and creating, changing or
deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries import project as q
from crm.db.queries.common import table_of
from crm.db.queries.conditions import text_in
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.event import at_events
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList, any_of_asked
from crm.resolvers.validation import Data, Validator

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
    table = q.project
    if f.get("name_contains"):
        parts.append(text_in(f["name_contains"], table.c.name, table.c.name_en))
    parts += any_of_asked(f, table, "kind", "stage", "field", "region")
    parts += at_events(f, table.c.event_id)
    if f.get("min_intended_amount") is not None:
        parts.append(table.c.intended_amount >= f["min_intended_amount"])
    if f.get("max_intended_amount") is not None:
        parts.append(table.c.intended_amount <= f["max_intended_amount"])
    return parts


PROJECTS = TableList(q.project, ORDERING, DEFAULT_ORDER, project_conditions)
#: a project's stage changes, newest first
STAGE_HISTORY = ChildList(
    _stage_change, "project_id", {}, [SortKey(_stage_change.c.changed_at, descending=True)]
)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    v.required_texts_of(data, values, name=300)
    v.required_of(data, values, "kind", "stage")
    v.texts_of(data, values, name_en=300, field=100, region=100, description=10_000)
    v.money_of(data, values, "intended_amount", "signed_amount")
    return values


async def create_project(context: Context, data: Data) -> models.Project:
    return await crud.create_from(context, models.Project, data, values_of, _REFERENCES)


async def update_project(context: Context, data: Data) -> models.Project:
    reason = stage_reason(data)
    return await crud.update_from(
        context, models.Project, data, values_of, _REFERENCES, reason=reason
    )


def stage_reason(data: Data) -> str | None:
    """Why the stage changes (kept in the stage history), checked."""
    v = Validator()
    reason = v.text("stageReason", data.get("stage_reason"), max_length=1000)
    v.check()
    return reason
