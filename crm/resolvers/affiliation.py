"""Affiliations: a person's memberships, offices, employment and study."""

from __future__ import annotations

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
    from crm.schema.affiliation import (
        AffiliationOrder,
        CreateAffiliationInput,
        UpdateAffiliationInput,
    )

affiliation = table_of(models.Affiliation)

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "starts_on": (affiliation.c.starts_on, True),
    "ends_on": (affiliation.c.ends_on, True),
    "role": (affiliation.c.role, False),
    "created_at": (affiliation.c.created_at, False),
}
# Current and most recent first.
DEFAULT_ORDER = [SortKey(affiliation.c.starts_on, descending=True, nullable=True)]


async def affiliations_of(
    context: Context,
    *,
    person_id: int | None = None,
    organization_id: int | None = None,
    order_by: list[AffiliationOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """A person's affiliations, or an organisation's members (exactly one of the two)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if person_id is not None:
        parent, key = affiliation.c.person_id, person_id
    elif organization_id is not None:
        parent, key = affiliation.c.organization_id, organization_id
    else:
        raise ValueError("give a person or an organisation")
    return await nested_page_of(context, affiliation, parent, key, sort, request)


def _values(v: Validator, data: CreateAffiliationInput | UpdateAffiliationInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.role):
        if data.role is None:
            v.fail("role", "role is required")
        values["role"] = data.role
    if given(data.title):
        values["title"] = v.text("title", data.title, max_length=200)
    for column in ("starts_on", "ends_on", "degree"):
        value = getattr(data, column)
        if given(value):
            values[column] = value
    if given(data.field_of_study):
        values["field_of_study"] = v.text("fieldOfStudy", data.field_of_study, max_length=100)
    v.dates_ordered("startsOn", values.get("starts_on"), "endsOn", values.get("ends_on"))
    return values


async def create_affiliation(context: Context, data: CreateAffiliationInput) -> models.Affiliation:
    v = Validator()
    values = _values(v, data)
    person_id = v.reference("person", data.person, "Person")
    organization_id = v.reference("organization", data.organization, "Organization")
    v.check()
    values.update(person_id=person_id, organization_id=organization_id)
    refs: crud.References = {
        "person": (person_id, models.Person),
        "organization": (organization_id, models.Organization),
    }
    return await crud.create(context, models.Affiliation, values, refs)


async def update_affiliation(context: Context, data: UpdateAffiliationInput) -> models.Affiliation:
    v = Validator()
    values = _values(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Affiliation")
    return await crud.update(context, models.Affiliation, key, data.expected_version, values)
