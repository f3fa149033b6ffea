"""Organisations: find them, and create, change or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries import organization as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.listing import CountRows, nested_page_of, page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.organization import (
        CreateOrganizationInput,
        OrganizationFilter,
        OrganizationOrder,
        UpdateOrganizationInput,
    )

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "name": (q.organization.c.name, False),
    "name_en": (q.organization.c.name_en, True),
    "kind": (q.organization.c.kind, False),
    "country": (q.organization.c.country, True),
    "created_at": (q.organization.c.created_at, False),
    "updated_at": (q.organization.c.updated_at, False),
}
DEFAULT_ORDER = [SortKey(q.organization.c.name)]


def organization_condition(f: OrganizationFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.name_contains:
        parts.append(q.name_contains(f.name_contains))
    if f.kind:
        parts.append(q.value_in("kind", f.kind))
    if f.country:
        parts.append(q.value_in("country", [c.upper() for c in f.country]))
    if f.region:
        parts.append(q.value_in("region", f.region))
    if f.parent:
        parts.append(q.value_in("parent_id", keys_of("parent", f.parent, "Organization")))
    if f.is_global500 is not None:
        parts.append(q.flag("is_global500", f.is_global500))
    if f.is_state_owned is not None:
        parts.append(q.flag("is_state_owned", f.is_state_owned))
    return parts


async def organizations(
    context: Context,
    filter_: OrganizationFilter | None,
    order_by: list[OrganizationOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    condition = condition_of(filter_, organization_condition)
    return await page_of(context, q.organization, condition, sort, request)


async def sub_organizations(
    context: Context,
    parent_id: int,
    order_by: list[OrganizationOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    parent = q.organization.c.parent_id
    return await nested_page_of(context, q.organization, parent, parent_id, sort, request)


def _values(
    v: Validator, data: CreateOrganizationInput | UpdateOrganizationInput
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.name):
        values["name"] = v.text("name", data.name, max_length=300, required=True)
    if given(data.name_en):
        values["name_en"] = v.text("nameEn", data.name_en, max_length=300)
    if given(data.aliases):
        values["aliases"] = v.texts("aliases", data.aliases, max_length=100)
    if given(data.kind):
        if data.kind is None:
            v.fail("kind", "kind is required")
        values["kind"] = data.kind
    if given(data.country):
        values["country"] = v.country("country", data.country)
    for field, column, length in (
        ("region", "region", 100),
        ("city", "city", 100),
        ("website", "website", 300),
        ("description", "description", 10_000),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.text(field, value, max_length=length)
    for column in ("is_global500", "is_state_owned"):
        value = getattr(data, column)
        if given(value):
            values[column] = bool(value)
    if given(data.founded_on):
        values["founded_on"] = data.founded_on
    for field, column in (
        ("fundTargetAmount", "fund_target_amount"),
        ("fundCommittedAmount", "fund_committed_amount"),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.amount(field, value)
    if given(data.currency):
        values["currency"] = v.currency("currency", data.currency)
    return values


def _references(
    v: Validator, data: CreateOrganizationInput | UpdateOrganizationInput
) -> crud.References:
    if not given(data.parent):
        return {}
    return {"parent": (v.reference("parent", data.parent, "Organization"), models.Organization)}


async def create_organization(
    context: Context, data: CreateOrganizationInput
) -> models.Organization:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    if refs:
        values["parent_id"] = refs["parent"][0]
    return await crud.create(context, models.Organization, values, refs)


async def update_organization(
    context: Context, data: UpdateOrganizationInput
) -> models.Organization:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Organization")
    if refs:
        values["parent_id"] = refs["parent"][0]
        if values["parent_id"] == key:
            v.fail("parent", "an organisation cannot be its own parent")
            v.check()
    return await crud.update(context, models.Organization, key, data.expected_version, values, refs)
