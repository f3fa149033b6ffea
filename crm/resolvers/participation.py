"""Participations: the people and organisations taking part in projects, in roles."""

from __future__ import annotations

from typing import Any

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries.common import table_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList, OrderField, Ordering
from crm.resolvers.validation import Data, Validator, cleaned, reference_columns

participation = table_of(models.Participation)

ORDERING: Ordering = {
    "ROLE": OrderField("role"),
    "CREATED_AT": OrderField("created_at", description="When it was recorded."),
}
# In the order they joined.
DEFAULT_ORDER = [SortKey(participation.c.created_at)]

#: a project's participants; a person's or an organisation's projects
OF_PROJECT = ChildList(participation, "project_id", ORDERING, DEFAULT_ORDER)
OF_PERSON = ChildList(participation, "person_id", ORDERING, DEFAULT_ORDER)
OF_ORGANIZATION = ChildList(participation, "organization_id", ORDERING, DEFAULT_ORDER)

_REFERENCES = {
    "project": models.Project,
    "person": models.Person,
    "organization": models.Organization,
}


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.required_of(data, values, "role")
    return values


async def create_participation(context: Context, data: Data) -> models.Participation:
    v = Validator()
    values = values_of(v, data)
    person, organization = data.get("person"), data.get("organization")
    if person is None and organization is None:
        v.fail("person", "give the person or the organisation that takes part")
    elif person is not None and organization is not None:
        v.fail("organization", "a participant is a person or an organisation, not both")
    refs = v.references_of(data, _REFERENCES)
    v.check()
    values.update({"person_id": None, "organization_id": None, **reference_columns(refs)})
    return await crud.create(context, models.Participation, values, refs)


async def update_participation(context: Context, data: Data) -> models.Participation:
    values, _ = cleaned(data, values_of)
    return await crud.update_of(context, models.Participation, data, values)
