"""Links whose own fact is a role: a person at an event (attendance), a person or an
organisation in a project (participation) or party to an agreement (agreement party).

What they share is declared here once: the role, its order, how a write checks it, and
for links whose one end is a person or an organisation, that exactly one is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlmodel import SQLModel

from crm.db import models
from crm.db.paging import SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import OrderField, Ordering
from crm.resolvers.validation import Data, Validator, cleaned, reference_columns

__all__ = ["ORDERING", "create_with_party", "recorded_order", "role_of", "update_role"]

M = TypeVar("M", bound=SQLModel)

ORDERING: Ordering = {
    "ROLE": OrderField("role"),
    "CREATED_AT": OrderField("created_at", description="When it was recorded."),
}

#: the end that is a person or an organisation
_PARTY = {"person": models.Person, "organization": models.Organization}


def recorded_order(table: Table) -> list[SortKey]:
    """The default order of a role link list: as the links were recorded."""
    return [SortKey(table.c.created_at)]


def role_of(v: Validator, data: Data) -> dict[str, Any]:
    """The column values of a role link's input: its role."""
    values: dict[str, Any] = {}
    v.required_of(data, values, "role")
    return values


async def update_role(context: Context, model: type[M], data: Data) -> M:
    values, _ = cleaned(data, role_of)
    return await crud.update_of(context, model, data, values)


async def create_with_party(
    context: Context, model: type[M], data: Data, references: Mapping[str, type], noun: str
) -> M:
    """Create a role link from `references` (the other end) and exactly one of `person`
    and `organization` (neither: an error on `person`; both: on `organization`)."""
    v = Validator()
    values = role_of(v, data)
    person, organization = data.get("person"), data.get("organization")
    if person is None and organization is None:
        v.fail("person", f"give the person or the organisation that is {noun}")
    elif person is not None and organization is not None:
        v.fail("organization", f"{noun} is a person or an organisation, not both")
    refs = v.references_of(data, {**references, **_PARTY})
    v.check()
    values.update({"person_id": None, "organization_id": None, **reference_columns(refs)})
    return await crud.create(context, model, values, refs)
