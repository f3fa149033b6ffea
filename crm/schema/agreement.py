"""Agreement: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import agreement, crud
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import AgreementKind, AgreementStatus
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.agreement_party import AgreementParty, AgreementPartyOrder
    from crm.schema.event import Event
    from crm.schema.project import Project

Lazy = strawberry.lazy


@strawberry.type(description="A cooperation, employment, investment or mechanism agreement.")
class Agreement(RowNode):
    model = models.Agreement

    version: int
    title: str
    kind: AgreementKind  # type: ignore[valid-type]
    status: AgreementStatus  # type: ignore[valid-type]
    amount: Decimal | None = strawberry.field(description="In major units of `currency`.")
    currency: str
    signed_on: date | None = strawberry.field(description="Set on every SIGNED agreement.")
    description: str | None
    created_at: datetime
    updated_at: datetime
    event_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int | None]

    @strawberry.field(description="Where the agreement was signed or announced.")
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")] | None:
        from crm.schema.event import Event

        if self.event_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row) if row else None

    @strawberry.field(description="The project the agreement belongs to.")
    async def project(self, info: Info) -> Annotated[Project, Lazy("crm.schema.project")] | None:
        from crm.schema.project import Project

        if self.project_id is None:
            return None
        row = await info.context.loaders.row_by_id(Project.table()).load(self.project_id)
        return Project.from_row(row) if row else None

    @strawberry.field(description="The organisations and people party to the agreement.")
    async def parties(
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
        return await agreement_parties_of(info, agreement_id=self.id, order_by=order_by, args=args)


@strawberry.enum
class AgreementOrderField(Enum):
    TITLE = "title"
    SIGNED_ON = "signed_on"
    AMOUNT = "amount"
    CREATED_AT = "created_at"


@strawberry.input
class AgreementOrder:
    field: AgreementOrderField
    direction: OrderDirection = OrderDirection.ASC


async def agreements_of(
    info: Info,
    *,
    event_id: int | None = None,
    project_id: int | None = None,
    order_by: list[AgreementOrder] | None,
    args: PageArgs,
) -> Connection[Agreement]:
    """The agreements of an event or of a project (exactly one of the two)."""
    page, count_rows = await agreement.agreements_of(
        info.context,
        event_id=event_id,
        project_id=project_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Agreement.from_row, count_rows)


@strawberry.input(
    description="Conditions on agreements; lists mean any of; fields combine with AND."
)
class AgreementFilter:
    title_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the title."
    )
    kind: list[AgreementKind] | None = None  # type: ignore[valid-type]
    status: list[AgreementStatus] | None = None  # type: ignore[valid-type]
    event: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="At any of these events or their sessions."
    )
    project: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Of any of these projects."
    )
    signed_after: date | None = strawberry.field(default=None, description="Signed on or after.")
    signed_before: date | None = strawberry.field(default=None, description="Signed on or before.")
    min_amount: Decimal | None = strawberry.field(default=None, description="At least (inclusive).")
    max_amount: Decimal | None = strawberry.field(default=None, description="At most (inclusive).")
    party: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Any of these organisations or people is a party."
    )
    and_: list[AgreementFilter] | None = strawberry.field(default=None, name="and")
    or_: list[AgreementFilter] | None = strawberry.field(default=None, name="or")
    not_: AgreementFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateAgreementInput:
    title: str
    kind: AgreementKind  # type: ignore[valid-type]
    status: AgreementStatus = AgreementStatus.INTENTION  # type: ignore[valid-type]
    amount: Decimal | None = None
    currency: str | None = None
    signed_on: date | None = strawberry.field(default=None, description="Required when SIGNED.")
    event: relay.GlobalID | None = None
    project: relay.GlobalID | None = None
    description: str | None = None


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdateAgreementInput:
    id: relay.GlobalID
    expected_version: int
    title: str | None = UNSET
    kind: AgreementKind | None = UNSET  # type: ignore[valid-type]
    status: AgreementStatus | None = UNSET  # type: ignore[valid-type]
    amount: Decimal | None = UNSET
    currency: str | None = UNSET
    signed_on: date | None = UNSET
    event: relay.GlobalID | None = UNSET
    project: relay.GlobalID | None = UNSET
    description: str | None = UNSET


@strawberry.input
class DeleteAgreementInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateAgreementPayload:
    agreement: Agreement | None
    errors: list[UserError]


@strawberry.type
class UpdateAgreementPayload:
    agreement: Agreement | None
    errors: list[UserError]


@strawberry.type
class AgreementQuery:
    @strawberry.field(description="Agreements, filtered and ordered, a page at a time.")
    async def agreements(
        self,
        info: Info,
        filter: AgreementFilter | None = None,
        order_by: list[AgreementOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Agreement]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await agreement.agreements(info.context, filter, order_by, request)
        return Connection.from_page(page, Agreement.from_row, count_rows)


@strawberry.type
class AgreementMutation:
    @strawberry.mutation
    async def create_agreement(
        self, info: Info, input: CreateAgreementInput
    ) -> CreateAgreementPayload:
        row, errors = await attempt(agreement.create_agreement(info.context, input))
        node = Agreement.from_row(row) if row else None
        return CreateAgreementPayload(agreement=node, errors=errors)

    @strawberry.mutation
    async def update_agreement(
        self, info: Info, input: UpdateAgreementInput
    ) -> UpdateAgreementPayload:
        row, errors = await attempt(agreement.update_agreement(info.context, input))
        node = Agreement.from_row(row) if row else None
        return UpdateAgreementPayload(agreement=node, errors=errors)

    @strawberry.mutation
    async def delete_agreement(self, info: Info, input: DeleteAgreementInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Agreement, input.id, "Agreement", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
