"""Participation: a person or an organisation taking part in a project, in a role."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import crud, participation
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import ParticipationRole
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.organization import Organization
    from crm.schema.person import Person
    from crm.schema.project import Project

Lazy = strawberry.lazy


@strawberry.type(description="A person or an organisation (exactly one) taking part in a project.")
class Participation(RowNode):
    model = models.Participation

    version: int
    role: ParticipationRole  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    project_id: strawberry.Private[int]
    person_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]

    @strawberry.field
    async def project(self, info: Info) -> Annotated[Project, Lazy("crm.schema.project")]:
        from crm.schema.project import Project

        row = await info.context.loaders.row_by_id(Project.table()).load(self.project_id)
        return Project.from_row(row)

    @strawberry.field(description="The participant, when it is a person.")
    async def person(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")] | None:
        from crm.schema.person import Person

        if self.person_id is None:
            return None
        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_id)
        return Person.from_row(row) if row else None

    @strawberry.field(description="The participant, when it is an organisation.")
    async def organization(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")] | None:
        from crm.schema.organization import Organization

        if self.organization_id is None:
            return None
        row = await info.context.loaders.row_by_id(Organization.table()).load(self.organization_id)
        return Organization.from_row(row) if row else None


@strawberry.enum
class ParticipationOrderField(Enum):
    ROLE = "role"
    CREATED_AT = strawberry.enum_value("created_at", description="When it was recorded.")


@strawberry.input
class ParticipationOrder:
    field: ParticipationOrderField
    direction: OrderDirection = OrderDirection.ASC


async def participations_of(
    info: Info,
    *,
    project_id: int | None = None,
    person_id: int | None = None,
    organization_id: int | None = None,
    order_by: list[ParticipationOrder] | None,
    args: PageArgs,
) -> Connection[Participation]:
    page, count_rows = await participation.participations_of(
        info.context,
        project_id=project_id,
        person_id=person_id,
        organization_id=organization_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Participation.from_row, count_rows)


@strawberry.input(description="Give exactly one of `person` and `organization`.")
class CreateParticipationInput:
    project: relay.GlobalID
    role: ParticipationRole  # type: ignore[valid-type]
    person: relay.GlobalID | None = None
    organization: relay.GlobalID | None = None


@strawberry.input(description="Only the fields sent are changed.")
class UpdateParticipationInput:
    id: relay.GlobalID
    expected_version: int
    role: ParticipationRole | None = UNSET  # type: ignore[valid-type]


@strawberry.input
class DeleteParticipationInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateParticipationPayload:
    participation: Participation | None
    errors: list[UserError]


@strawberry.type
class UpdateParticipationPayload:
    participation: Participation | None
    errors: list[UserError]


@strawberry.type
class ParticipationMutation:
    @strawberry.mutation
    async def create_participation(
        self, info: Info, input: CreateParticipationInput
    ) -> CreateParticipationPayload:
        row, errors = await attempt(participation.create_participation(info.context, input))
        node = Participation.from_row(row) if row else None
        return CreateParticipationPayload(participation=node, errors=errors)

    @strawberry.mutation
    async def update_participation(
        self, info: Info, input: UpdateParticipationInput
    ) -> UpdateParticipationPayload:
        row, errors = await attempt(participation.update_participation(info.context, input))
        node = Participation.from_row(row) if row else None
        return UpdateParticipationPayload(participation=node, errors=errors)

    @strawberry.mutation
    async def delete_participation(
        self, info: Info, input: DeleteParticipationInput
    ) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Participation, input.id, "Participation", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
