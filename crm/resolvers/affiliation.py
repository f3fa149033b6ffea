"""Affiliations: a person's memberships, offices, employment and study."""

from __future__ import annotations

from typing import Any

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries.common import table_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList, OrderField, Ordering
from crm.resolvers.validation import Data, Validator, copy_of

affiliation = table_of(models.Affiliation)

ORDERING: Ordering = {
    "STARTS_ON": OrderField("starts_on", nullable=True),
    "ENDS_ON": OrderField("ends_on", nullable=True),
    "ROLE": OrderField("role"),
    "CREATED_AT": OrderField("created_at"),
}
# Current and most recent first.
DEFAULT_ORDER = [SortKey(affiliation.c.starts_on, descending=True, nullable=True)]

#: a person's affiliations; an organisation's members
OF_PERSON = ChildList(affiliation, "person_id", ORDERING, DEFAULT_ORDER)
OF_ORGANIZATION = ChildList(affiliation, "organization_id", ORDERING, DEFAULT_ORDER)

_REFERENCES = {"person": models.Person, "organization": models.Organization}


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.required_of(data, values, "role")
    v.texts_of(data, values, title=200)
    copy_of(data, values, "starts_on", "ends_on", "degree")
    v.texts_of(data, values, field_of_study=100)
    v.dates_ordered("startsOn", values.get("starts_on"), "endsOn", values.get("ends_on"))
    return values


async def create_affiliation(context: Context, data: Data) -> models.Affiliation:
    return await crud.create_from(context, models.Affiliation, data, values_of, _REFERENCES)


async def update_affiliation(context: Context, data: Data) -> models.Affiliation:
    return await crud.update_from(context, models.Affiliation, data, values_of)
