"""Organisations: the list of them, and creating, changing or deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries import list as list_q
from crm.db.queries import organization as q
from crm.db.queries.conditions import any_of, flag
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers import list as list_
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of, keys_of
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList
from crm.resolvers.validation import Data, Validator, camel, cleaned, copy_of

ORDERING: Ordering = {
    "NAME": OrderField("name"),
    "NAME_EN": OrderField("name_en", nullable=True),
    "KIND": OrderField("kind"),
    "COUNTRY": OrderField("country", nullable=True),
    "CREATED_AT": OrderField("created_at"),
    "UPDATED_AT": OrderField("updated_at"),
}
DEFAULT_ORDER = [SortKey(q.organization.c.name)]

_REFERENCES = {"parent": models.Organization}


def organization_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    table = q.organization
    if f.get("name_contains"):
        parts.append(q.name_contains(f["name_contains"]))
    if f.get("kind"):
        parts.append(any_of(table.c.kind, f["kind"]))
    if f.get("country"):
        parts.append(any_of(table.c.country, [c.upper() for c in f["country"]]))
    if f.get("region"):
        parts.append(any_of(table.c.region, f["region"]))
    if f.get("parent"):
        parts.append(any_of(table.c.parent_id, keys_of("parent", f["parent"], "Organization")))
    for column in ("is_global500", "is_state_owned"):
        if f.get(column) is not None:
            parts.append(flag(table.c[column], f[column]))
    if f.get("in_list") is not None:
        parts.append(list_q.organizations_in([key_of("inList", f["in_list"], "List")]))
    return parts


ORGANIZATIONS = TableList(
    q.organization, ORDERING, DEFAULT_ORDER, organization_conditions, check=list_.check_in_list
)
#: an organisation's branches and chapters
SUB_ORGANIZATIONS = ChildList(q.organization, "parent_id", ORDERING, DEFAULT_ORDER)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = v.text("name", data["name"], max_length=300, required=True)
    v.texts_of(data, values, name_en=300)
    if "aliases" in data:
        values["aliases"] = v.texts("aliases", data["aliases"], max_length=100)
    v.required_of(data, values, "kind")
    if "country" in data:
        values["country"] = v.country("country", data["country"])
    v.texts_of(data, values, region=100, city=100, website=300, description=10_000)
    for column in ("is_global500", "is_state_owned"):
        if column in data:
            values[column] = bool(data[column])
    copy_of(data, values, "founded_on")
    for column in ("fund_target_amount", "fund_committed_amount"):
        if column in data:
            values[column] = v.amount(camel(column), data[column])
    if "currency" in data:
        values["currency"] = v.currency("currency", data["currency"])
    return values


async def create_organization(context: Context, data: Data) -> models.Organization:
    values, refs = cleaned(data, values_of, _REFERENCES)
    return await crud.create(context, models.Organization, values, refs)


async def update_organization(context: Context, data: Data) -> models.Organization:
    values, refs = cleaned(data, values_of, _REFERENCES)
    if values.get("parent_id") == key_of("id", data["id"], "Organization"):
        raise UserErrors.one(
            UserErrorCode.VALIDATION, "an organisation cannot be its own parent", ("parent",)
        )
    return await crud.update_of(context, models.Organization, data, values, refs)
