"""Participations: the people and organisations taking part in projects, in roles."""

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
    from crm.schema.participation import (
        CreateParticipationInput,
        ParticipationOrder,
        UpdateParticipationInput,
    )

participation = table_of(models.Participation)

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "role": (participation.c.role, False),
    "created_at": (participation.c.created_at, False),
}
# In the order they joined.
DEFAULT_ORDER = [SortKey(participation.c.created_at)]


async def participations_of(
    context: Context,
    *,
    project_id: int | None = None,
    person_id: int | None = None,
    organization_id: int | None = None,
    order_by: list[ParticipationOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """A project's participants, or a person's or an organisation's projects (one of the three)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if project_id is not None:
        parent, key = participation.c.project_id, project_id
    elif person_id is not None:
        parent, key = participation.c.person_id, person_id
    elif organization_id is not None:
        parent, key = participation.c.organization_id, organization_id
    else:
        raise ValueError("give a project, a person or an organisation")
    return await nested_page_of(context, participation, parent, key, sort, request)


def _role(
    v: Validator, data: CreateParticipationInput | UpdateParticipationInput
) -> dict[str, Any]:
    if not given(data.role):
        return {}
    if data.role is None:
        v.fail("role", "role is required")
    return {"role": data.role}


async def create_participation(
    context: Context, data: CreateParticipationInput
) -> models.Participation:
    v = Validator()
    values = _role(v, data)
    project_id = v.reference("project", data.project, "Project")
    person = data.person if given(data.person) else None
    organization = data.organization if given(data.organization) else None
    if person is None and organization is None:
        v.fail("person", "give the person or the organisation that takes part")
    elif person is not None and organization is not None:
        v.fail("organization", "a participant is a person or an organisation, not both")
    person_id = v.reference("person", person, "Person")
    organization_id = v.reference("organization", organization, "Organization")
    v.check()
    values.update(project_id=project_id, person_id=person_id, organization_id=organization_id)
    refs: crud.References = {
        "project": (project_id, models.Project),
        "person": (person_id, models.Person),
        "organization": (organization_id, models.Organization),
    }
    return await crud.create(context, models.Participation, values, refs)


async def update_participation(
    context: Context, data: UpdateParticipationInput
) -> models.Participation:
    v = Validator()
    values = _role(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Participation")
    return await crud.update(context, models.Participation, key, data.expected_version, values)
