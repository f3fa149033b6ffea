"""Affiliation: a person at an organisation (member, officer, employee, alumnus…)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import affiliation, crud
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import AffiliationRole, Degree
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.organization import Organization
    from crm.schema.person import Person

Lazy = strawberry.lazy


@strawberry.type(description="A person's membership, office, employment or study.")
class Affiliation(RowNode):
    model = models.Affiliation

    version: int
    role: AffiliationRole  # type: ignore[valid-type]
    title: str | None
    starts_on: date | None
    ends_on: date | None
    degree: Degree | None = strawberry.field(description="For study (role ALUMNUS).")  # type: ignore[valid-type]
    field_of_study: str | None
    created_at: datetime
    updated_at: datetime
    person_id: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    @strawberry.field
    async def person(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")]:
        from crm.schema.person import Person

        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_id)
        return Person.from_row(row)

    @strawberry.field
    async def organization(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")]:
        from crm.schema.organization import Organization

        row = await info.context.loaders.row_by_id(Organization.table()).load(self.organization_id)
        return Organization.from_row(row)


@strawberry.enum
class AffiliationOrderField(Enum):
    STARTS_ON = "starts_on"
    ENDS_ON = "ends_on"
    ROLE = "role"
    CREATED_AT = "created_at"


@strawberry.input
class AffiliationOrder:
    field: AffiliationOrderField
    direction: OrderDirection = OrderDirection.ASC


async def affiliations_of(
    info: Info,
    *,
    person_id: int | None = None,
    organization_id: int | None = None,
    order_by: list[AffiliationOrder] | None,
    args: PageArgs,
) -> Connection[Affiliation]:
    page, count_rows = await affiliation.affiliations_of(
        info.context,
        person_id=person_id,
        organization_id=organization_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Affiliation.from_row, count_rows)


@strawberry.input
class CreateAffiliationInput:
    person: relay.GlobalID
    organization: relay.GlobalID
    role: AffiliationRole  # type: ignore[valid-type]
    title: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    degree: Degree | None = None  # type: ignore[valid-type]
    field_of_study: str | None = None


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdateAffiliationInput:
    id: relay.GlobalID
    expected_version: int
    role: AffiliationRole | None = UNSET  # type: ignore[valid-type]
    title: str | None = UNSET
    starts_on: date | None = UNSET
    ends_on: date | None = UNSET
    degree: Degree | None = UNSET  # type: ignore[valid-type]
    field_of_study: str | None = UNSET


@strawberry.input
class DeleteAffiliationInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateAffiliationPayload:
    affiliation: Affiliation | None
    errors: list[UserError]


@strawberry.type
class UpdateAffiliationPayload:
    affiliation: Affiliation | None
    errors: list[UserError]


@strawberry.type
class AffiliationMutation:
    @strawberry.mutation
    async def create_affiliation(
        self, info: Info, input: CreateAffiliationInput
    ) -> CreateAffiliationPayload:
        row, errors = await attempt(affiliation.create_affiliation(info.context, input))
        node = Affiliation.from_row(row) if row else None
        return CreateAffiliationPayload(affiliation=node, errors=errors)

    @strawberry.mutation
    async def update_affiliation(
        self, info: Info, input: UpdateAffiliationInput
    ) -> UpdateAffiliationPayload:
        row, errors = await attempt(affiliation.update_affiliation(info.context, input))
        node = Affiliation.from_row(row) if row else None
        return UpdateAffiliationPayload(affiliation=node, errors=errors)

    @strawberry.mutation
    async def delete_affiliation(self, info: Info, input: DeleteAffiliationInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Affiliation, input.id, "Affiliation", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
