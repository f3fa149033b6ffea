"""Applications: a person's résumé submitted for a position, and its stage."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from crm.db import models
from crm.db.paging import SortKey
from crm.db.tables import application
from crm.db.tables import application_change as _stage_change
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList, OrderField, Ordering
from crm.resolvers.project import stage_reason
from crm.resolvers.validation import Data, Validator, copy_of, reference_columns

ORDERING: Ordering = {
    "SUBMITTED_AT": OrderField("submitted_at"),
    "STAGE": OrderField("stage"),
    "CREATED_AT": OrderField("created_at"),
    "UPDATED_AT": OrderField("updated_at"),
}
# Most recent first.
DEFAULT_ORDER = [SortKey(application.c.submitted_at, descending=True)]

#: a person's applications; the applications to a position
OF_PERSON = ChildList(application, "person_id", ORDERING, DEFAULT_ORDER)
OF_POSITION = ChildList(application, "position_id", ORDERING, DEFAULT_ORDER)
#: an application's stage changes, newest first
STAGE_HISTORY = ChildList(
    _stage_change, "application_id", {}, [SortKey(_stage_change.c.changed_at, descending=True)]
)

_REFERENCES = {"person": models.Person, "position": models.Position, "event": models.Event}


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.required_of(data, values, "stage")
    v.texts_of(data, values, note=10_000)
    copy_of(data, values, "retention_until")
    return values


def submitted_at(v: Validator, value: datetime | None) -> datetime | None:
    """When the résumé came in: with its offset from UTC (now when left out)."""
    if value is not None and value.tzinfo is None:
        v.fail("submittedAt", "give the time with its offset from UTC")
        return None
    return value


async def create_application(context: Context, data: Data) -> models.Application:
    v = Validator()
    values = values_of(v, data)
    submitted = submitted_at(v, data.get("submitted_at"))
    if submitted is not None:
        values["submitted_at"] = submitted
    refs = v.references_of(data, _REFERENCES)
    v.check()
    values.update(reference_columns(refs))
    return await crud.create(context, models.Application, values, refs)


async def update_application(context: Context, data: Data) -> models.Application:
    reason = stage_reason(data)
    return await crud.update_from(context, models.Application, data, values_of, reason=reason)
