"""Organization: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import crud, organization
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import OrganizationKind
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.affiliation import Affiliation, AffiliationOrder
    from crm.schema.agreement_party import AgreementParty, AgreementPartyOrder
    from crm.schema.participation import Participation, ParticipationOrder
    from crm.schema.position import Position, PositionOrder
    from crm.schema.timeline import TimelineConnection

Lazy = strawberry.lazy


@strawberry.type(
    description="An association, federation, employer, university, agency, fund or park."
)
class Organization(RowNode):
    model = models.Organization

    version: int
    name: str = strawberry.field(description="The name as the organisation writes it.")
    name_en: str | None
    aliases: list[str] = strawberry.field(description="Other names and abbreviations.")
    kind: OrganizationKind  # type: ignore[valid-type]
    country: str | None
    region: str | None
    city: str | None
    is_global500: bool
    is_state_owned: bool
    founded_on: date | None
    fund_target_amount: Decimal | None = strawberry.field(description="For funds.")
    fund_committed_amount: Decimal | None = strawberry.field(description="For funds.")
    currency: str
    website: str | None
    description: str | None
    created_at: datetime
    updated_at: datetime
    parent_id: strawberry.Private[int | None]

    @strawberry.field(description="The organisation this one belongs to.")
    async def parent(self, info: Info) -> Organization | None:
        if self.parent_id is None:
            return None
        row = await info.context.loaders.row_by_id(Organization.table()).load(self.parent_id)
        return Organization.from_row(row) if row else None

    @strawberry.field(description="Branches and chapters.")
    async def sub_organizations(
        self,
        info: Info,
        order_by: list[OrganizationOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Organization]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await organization.sub_organizations(
            info.context, self.id, order_by, request
        )
        return Connection.from_page(page, Organization.from_row, count_rows)

    @strawberry.field(description="People affiliated with the organisation.")
    async def members(
        self,
        info: Info,
        order_by: list[Annotated[AffiliationOrder, Lazy("crm.schema.affiliation")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Affiliation, Lazy("crm.schema.affiliation")]]:
        from crm.schema.affiliation import affiliations_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await affiliations_of(info, organization_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="The organisation's job demands.")
    async def positions(
        self,
        info: Info,
        order_by: list[Annotated[PositionOrder, Lazy("crm.schema.position")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Position, Lazy("crm.schema.position")]]:
        from crm.schema.position import positions_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await positions_of(info, organization_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="The organisation's part in agreements (one per agreement).")
    async def agreements(
        self,
        info: Info,
        order_by: list[Annotated[AgreementPartyOrder, Lazy("crm.schema.agreement_party")]]
        | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[AgreementParty, Lazy("crm.schema.agreement_party")]]:
        from crm.schema.agreement_party import agreement_parties_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await agreement_parties_of(
            info, organization_id=self.id, order_by=order_by, args=args
        )

    @strawberry.field(description="Projects the organisation takes part in, with its roles.")
    async def projects(
        self,
        info: Info,
        order_by: list[Annotated[ParticipationOrder, Lazy("crm.schema.participation")]]
        | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Participation, Lazy("crm.schema.participation")]]:
        from crm.schema.participation import participations_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await participations_of(info, organization_id=self.id, order_by=order_by, args=args)

    @strawberry.field(
        description="Meetings, introductions, events, applications, stage changes, "
        "agreements and affiliations, newest first."
    )
    async def timeline(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Annotated[TimelineConnection, Lazy("crm.schema.timeline")]:
        from crm.schema.timeline import timeline_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await timeline_of(info, organization_id=self.id, args=args)


@strawberry.enum
class OrganizationOrderField(Enum):
    NAME = "name"
    NAME_EN = "name_en"
    KIND = "kind"
    COUNTRY = "country"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


@strawberry.input
class OrganizationOrder:
    field: OrganizationOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input(description="Conditions on organisations; lists mean any of.")
class OrganizationFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of a name, English name or alias."
    )
    kind: list[OrganizationKind] | None = None  # type: ignore[valid-type]
    country: list[str] | None = None
    region: list[str] | None = None
    parent: list[relay.GlobalID] | None = None
    is_global500: bool | None = None
    is_state_owned: bool | None = None
    and_: list[OrganizationFilter] | None = strawberry.field(default=None, name="and")
    or_: list[OrganizationFilter] | None = strawberry.field(default=None, name="or")
    not_: OrganizationFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: OrganizationKind  # type: ignore[valid-type]
    name_en: str | None = None
    aliases: list[str] | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    parent: relay.GlobalID | None = None
    is_global500: bool | None = None
    is_state_owned: bool | None = None
    founded_on: date | None = None
    fund_target_amount: Decimal | None = None
    fund_committed_amount: Decimal | None = None
    currency: str | None = None
    website: str | None = None
    description: str | None = None


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdateOrganizationInput:
    id: relay.GlobalID
    expected_version: int
    name: str | None = UNSET
    kind: OrganizationKind | None = UNSET  # type: ignore[valid-type]
    name_en: str | None = UNSET
    aliases: list[str] | None = UNSET
    country: str | None = UNSET
    region: str | None = UNSET
    city: str | None = UNSET
    parent: relay.GlobalID | None = UNSET
    is_global500: bool | None = UNSET
    is_state_owned: bool | None = UNSET
    founded_on: date | None = UNSET
    fund_target_amount: Decimal | None = UNSET
    fund_committed_amount: Decimal | None = UNSET
    currency: str | None = UNSET
    website: str | None = UNSET
    description: str | None = UNSET


@strawberry.input
class DeleteOrganizationInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateOrganizationPayload:
    organization: Organization | None
    errors: list[UserError]


@strawberry.type
class UpdateOrganizationPayload:
    organization: Organization | None
    errors: list[UserError]


@strawberry.type
class OrganizationQuery:
    @strawberry.field(description="Organisations, filtered and ordered, a page at a time.")
    async def organizations(
        self,
        info: Info,
        filter: OrganizationFilter | None = None,
        order_by: list[OrganizationOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Organization]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await organization.organizations(info.context, filter, order_by, request)
        return Connection.from_page(page, Organization.from_row, count_rows)


@strawberry.type
class OrganizationMutation:
    @strawberry.mutation
    async def create_organization(
        self, info: Info, input: CreateOrganizationInput
    ) -> CreateOrganizationPayload:
        row, errors = await attempt(organization.create_organization(info.context, input))
        node = Organization.from_row(row) if row else None
        return CreateOrganizationPayload(organization=node, errors=errors)

    @strawberry.mutation
    async def update_organization(
        self, info: Info, input: UpdateOrganizationInput
    ) -> UpdateOrganizationPayload:
        row, errors = await attempt(organization.update_organization(info.context, input))
        node = Organization.from_row(row) if row else None
        return UpdateOrganizationPayload(organization=node, errors=errors)

    @strawberry.mutation
    async def delete_organization(
        self, info: Info, input: DeleteOrganizationInput
    ) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Organization, input.id, "Organization", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
