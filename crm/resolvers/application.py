"""Applications: a person's résumé submitted for a position, and its stage."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import sort_keys
from crm.resolvers.listing import CountRows, nested_page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.application import (
        ApplicationOrder,
        CreateApplicationInput,
        UpdateApplicationInput,
    )

application = table_of(models.Application)

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "submitted_at": (application.c.submitted_at, False),
    "stage": (application.c.stage, False),
    "created_at": (application.c.created_at, False),
    "updated_at": (application.c.updated_at, False),
}
# Most recent first.
DEFAULT_ORDER = [SortKey(application.c.submitted_at, descending=True)]


async def applications_of(
    context: Context,
    *,
    person_id: int | None = None,
    position_id: int | None = None,
    order_by: list[ApplicationOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """A person's applications, or the applications to a position (exactly one of the two)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if person_id is not None:
        parent, key = application.c.person_id, person_id
    elif position_id is not None:
        parent, key = application.c.position_id, position_id
    else:
        raise ValueError("give a person or a position")
    return await nested_page_of(context, application, parent, key, sort, request)


def _values(v: Validator, data: CreateApplicationInput | UpdateApplicationInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.stage):
        if data.stage is None:
            v.fail("stage", "stage is required")
        values["stage"] = data.stage
    if given(data.note):
        values["note"] = v.text("note", data.note, max_length=10_000)
    if given(data.retention_until):
        values["retention_until"] = data.retention_until
    return values


def _submitted_at(v: Validator, value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        v.fail("submittedAt", "give the time with its offset from UTC")
        return None
    return value


async def create_application(context: Context, data: CreateApplicationInput) -> models.Application:
    v = Validator()
    values = _values(v, data)
    submitted_at = _submitted_at(v, data.submitted_at)
    if submitted_at is not None:
        values["submitted_at"] = submitted_at
    person_id = v.reference("person", data.person, "Person")
    position_id = v.reference("position", data.position, "Position")
    event_id = v.reference("event", data.event, "Event")
    v.check()
    values.update(person_id=person_id, position_id=position_id, event_id=event_id)
    refs: crud.References = {
        "person": (person_id, models.Person),
        "position": (position_id, models.Position),
        "event": (event_id, models.Event),
    }
    return await crud.create(context, models.Application, values, refs)


async def update_application(context: Context, data: UpdateApplicationInput) -> models.Application:
    v = Validator()
    values = _values(v, data)
    v.check()
    reason = v.text("stageReason", data.stage_reason, max_length=1000)
    v.check()
    key = crud.key_of("id", data.id, "Application")
    return await crud.update(
        context, models.Application, key, data.expected_version, values, reason=reason
    )


async def stage_history(
    context: Context, application_id: int, request: PageRequest
) -> tuple[Page, CountRows]:
    """An application's stage changes, newest first."""
    table = table_of(models.ApplicationStageChange)
    sort = [SortKey(table.c.changed_at, descending=True)]
    return await nested_page_of(
        context, table, table.c.application_id, application_id, sort, request
    )
