"""Projects: find them (by kind, stage, field, amount), create, change or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries import event as event_queries
from crm.db.queries import project as q
from crm.db.queries.common import table_of
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.listing import CountRows, nested_page_of, page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.project import (
        CreateProjectInput,
        ProjectFilter,
        ProjectOrder,
        UpdateProjectInput,
    )

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "name": (q.project.c.name, False),
    "stage": (q.stage_rank, False),
    "intended_amount": (q.project.c.intended_amount, True),
    "signed_amount": (q.project.c.signed_amount, True),
    "created_at": (q.project.c.created_at, False),
    "updated_at": (q.project.c.updated_at, False),
}
DEFAULT_ORDER = [SortKey(q.project.c.name)]


def project_condition(f: ProjectFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.name_contains:
        parts.append(q.name_contains(f.name_contains))
    for column, values in (
        ("kind", f.kind),
        ("stage", f.stage),
        ("field", f.field),
        ("region", f.region),
    ):
        if values:
            parts.append(q.value_in(column, values))
    if f.event:
        # "at the conference" includes its sessions
        event_ids = keys_of("event", f.event, "Event")
        parts.append(q.project.c.event_id.in_(event_queries.subtree(event_ids)))
    if f.min_intended_amount is not None:
        parts.append(q.intended_at_least(f.min_intended_amount))
    if f.max_intended_amount is not None:
        parts.append(q.intended_at_most(f.max_intended_amount))
    return parts


async def projects(
    context: Context,
    filter_: ProjectFilter | None,
    order_by: list[ProjectOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    condition = condition_of(filter_, project_condition)
    return await page_of(context, q.project, condition, sort, request)


def _values(v: Validator, data: CreateProjectInput | UpdateProjectInput) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    if given(data.name):
        values["name"] = v.text("name", data.name, max_length=300, required=True)
    for field, column in (("kind", "kind"), ("stage", "stage")):
        value = getattr(data, column)
        if given(value):
            if value is None:
                v.fail(field, f"{field} is required")
            values[column] = value
    for field, column, length in (
        ("nameEn", "name_en", 300),
        ("field", "field", 100),
        ("region", "region", 100),
        ("description", "description", 10_000),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.text(field, value, max_length=length)
    for field, column in (
        ("intendedAmount", "intended_amount"),
        ("signedAmount", "signed_amount"),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.amount(field, value)
    if given(data.currency):
        values["currency"] = v.currency("currency", data.currency)
    return values


_REFERENCE_COLUMNS = {"event": "event_id", "owner": "owner_id"}


def _references(v: Validator, data: CreateProjectInput | UpdateProjectInput) -> crud.References:
    refs: dict[str, tuple[int | None, Any]] = {}
    if given(data.event):
        refs["event"] = (v.reference("event", data.event, "Event"), models.Event)
    if given(data.owner):
        refs["owner"] = (v.reference("owner", data.owner, "User"), models.User)
    return refs


async def create_project(context: Context, data: CreateProjectInput) -> models.Project:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    values.update({_REFERENCE_COLUMNS[f]: key for f, (key, _) in refs.items()})
    return await crud.create(context, models.Project, values, refs)


async def update_project(context: Context, data: UpdateProjectInput) -> models.Project:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Project")
    values.update({_REFERENCE_COLUMNS[f]: k for f, (k, _) in refs.items()})
    reason = v.text("stageReason", data.stage_reason, max_length=1000)
    v.check()
    return await crud.update(
        context, models.Project, key, data.expected_version, values, refs, reason=reason
    )


async def stage_history(
    context: Context, project_id: int, request: PageRequest
) -> tuple[Page, CountRows]:
    """A project's stage changes, newest first."""
    table = table_of(models.ProjectStageChange)
    sort = [SortKey(table.c.changed_at, descending=True)]
    return await nested_page_of(context, table, table.c.project_id, project_id, sort, request)
