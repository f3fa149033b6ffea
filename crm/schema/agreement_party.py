"""AgreementParty: an organisation or a person that is party to an agreement, in a role."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import agreement_party, crud
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import PartyRole
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.agreement import Agreement
    from crm.schema.organization import Organization
    from crm.schema.person import Person

Lazy = strawberry.lazy


@strawberry.type(description="An organisation or a person party to an agreement.")
class AgreementParty(RowNode):
    model = models.AgreementParty

    version: int
    role: PartyRole  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    agreement_id: strawberry.Private[int]
    organization_id: strawberry.Private[int | None]
    person_id: strawberry.Private[int | None]

    @strawberry.field
    async def agreement(self, info: Info) -> Annotated[Agreement, Lazy("crm.schema.agreement")]:
        from crm.schema.agreement import Agreement

        row = await info.context.loaders.row_by_id(Agreement.table()).load(self.agreement_id)
        return Agreement.from_row(row)

    @strawberry.field(description="The party, when it is an organisation.")
    async def organization(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")] | None:
        from crm.schema.organization import Organization

        if self.organization_id is None:
            return None
        row = await info.context.loaders.row_by_id(Organization.table()).load(self.organization_id)
        return Organization.from_row(row) if row else None

    @strawberry.field(description="The party, when it is a person.")
    async def person(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")] | None:
        from crm.schema.person import Person

        if self.person_id is None:
            return None
        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_id)
        return Person.from_row(row) if row else None


@strawberry.enum
class AgreementPartyOrderField(Enum):
    ROLE = "role"
    CREATED_AT = "created_at"


@strawberry.input
class AgreementPartyOrder:
    field: AgreementPartyOrderField
    direction: OrderDirection = OrderDirection.ASC


async def agreement_parties_of(
    info: Info,
    *,
    agreement_id: int | None = None,
    organization_id: int | None = None,
    person_id: int | None = None,
    order_by: list[AgreementPartyOrder] | None,
    args: PageArgs,
) -> Connection[AgreementParty]:
    """An agreement's parties, or an organisation's or a person's part in agreements."""
    page, count_rows = await agreement_party.agreement_parties_of(
        info.context,
        agreement_id=agreement_id,
        organization_id=organization_id,
        person_id=person_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, AgreementParty.from_row, count_rows)


@strawberry.input(description="Give exactly one of `person` and `organization`.")
class CreateAgreementPartyInput:
    agreement: relay.GlobalID
    person: relay.GlobalID | None = None
    organization: relay.GlobalID | None = None
    role: PartyRole = PartyRole.SIGNATORY  # type: ignore[valid-type]


@strawberry.input(description="Only the fields sent are changed.")
class UpdateAgreementPartyInput:
    id: relay.GlobalID
    expected_version: int
    role: PartyRole | None = UNSET  # type: ignore[valid-type]


@strawberry.input
class DeleteAgreementPartyInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateAgreementPartyPayload:
    agreement_party: AgreementParty | None
    errors: list[UserError]


@strawberry.type
class UpdateAgreementPartyPayload:
    agreement_party: AgreementParty | None
    errors: list[UserError]


@strawberry.type
class AgreementPartyMutation:
    @strawberry.mutation
    async def create_agreement_party(
        self, info: Info, input: CreateAgreementPartyInput
    ) -> CreateAgreementPartyPayload:
        row, errors = await attempt(agreement_party.create_agreement_party(info.context, input))
        node = AgreementParty.from_row(row) if row else None
        return CreateAgreementPartyPayload(agreement_party=node, errors=errors)

    @strawberry.mutation
    async def update_agreement_party(
        self, info: Info, input: UpdateAgreementPartyInput
    ) -> UpdateAgreementPartyPayload:
        row, errors = await attempt(agreement_party.update_agreement_party(info.context, input))
        node = AgreementParty.from_row(row) if row else None
        return UpdateAgreementPartyPayload(agreement_party=node, errors=errors)

    @strawberry.mutation
    async def delete_agreement_party(
        self, info: Info, input: DeleteAgreementPartyInput
    ) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.AgreementParty, input.id, "AgreementParty", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
