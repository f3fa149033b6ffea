"""Position: an organisation's job demand; the node, its filters and order, its mutations."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import crud, position
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import PositionKind, PositionStatus
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.application import Application, ApplicationOrder
    from crm.schema.event import Event
    from crm.schema.organization import Organization

Lazy = strawberry.lazy


@strawberry.type(description="An organisation's job demand, and the applications it received.")
class Position(RowNode):
    model = models.Position

    version: int
    title: str
    field: str | None = strawberry.field(description="The discipline or industry.")
    kind: PositionKind  # type: ignore[valid-type]
    place: str | None
    region: str | None
    openings: int = strawberry.field(description="How many people are sought (at least 1).")
    status: PositionStatus  # type: ignore[valid-type]
    is_high_level: bool = strawberry.field(
        description="A high-level demand (doctorate, senior expert), as talent conferences count."
    )
    description: str | None
    created_at: datetime
    updated_at: datetime
    organization_id: strawberry.Private[int]
    event_id: strawberry.Private[int | None]

    @strawberry.field(description="The organisation that wants to fill the position.")
    async def organization(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")]:
        from crm.schema.organization import Organization

        row = await info.context.loaders.row_by_id(Organization.table()).load(self.organization_id)
        return Organization.from_row(row)

    @strawberry.field(description="Where the demand was collected or published.")
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")] | None:
        from crm.schema.event import Event

        if self.event_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row) if row else None

    @strawberry.field(description="The applications received.")
    async def applications(
        self,
        info: Info,
        order_by: list[Annotated[ApplicationOrder, Lazy("crm.schema.application")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Application, Lazy("crm.schema.application")]]:
        from crm.schema.application import applications_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await applications_of(info, position_id=self.id, order_by=order_by, args=args)


@strawberry.enum
class PositionOrderField(Enum):
    TITLE = "title"
    KIND = "kind"
    STATUS = "status"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


@strawberry.input
class PositionOrder:
    field: PositionOrderField
    direction: OrderDirection = OrderDirection.ASC


async def positions_of(
    info: Info,
    *,
    organization_id: int | None = None,
    event_id: int | None = None,
    order_by: list[PositionOrder] | None,
    args: PageArgs,
) -> Connection[Position]:
    """An organisation's positions, or those collected at an event (exactly one)."""
    page, count_rows = await position.positions_of(
        info.context,
        organization_id=organization_id,
        event_id=event_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Position.from_row, count_rows)


@strawberry.input(
    description="Conditions on positions; lists mean any of; fields combine with AND."
)
class PositionFilter:
    title_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the title."
    )
    field: list[str] | None = None
    kind: list[PositionKind] | None = None  # type: ignore[valid-type]
    status: list[PositionStatus] | None = None  # type: ignore[valid-type]
    region: list[str] | None = None
    organization: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Positions of any of these organisations."
    )
    event: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Collected at any of these events or their sessions."
    )
    is_high_level: bool | None = None
    and_: list[PositionFilter] | None = strawberry.field(default=None, name="and")
    or_: list[PositionFilter] | None = strawberry.field(default=None, name="or")
    not_: PositionFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreatePositionInput:
    organization: relay.GlobalID
    title: str
    field: str | None = None
    kind: PositionKind = PositionKind.FULL_TIME  # type: ignore[valid-type]
    place: str | None = None
    region: str | None = None
    openings: int = 1
    status: PositionStatus = PositionStatus.OPEN  # type: ignore[valid-type]
    is_high_level: bool = False
    event: relay.GlobalID | None = None
    description: str | None = None


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdatePositionInput:
    id: relay.GlobalID
    expected_version: int
    organization: relay.GlobalID | None = UNSET
    title: str | None = UNSET
    field: str | None = UNSET
    kind: PositionKind | None = UNSET  # type: ignore[valid-type]
    place: str | None = UNSET
    region: str | None = UNSET
    openings: int | None = UNSET
    status: PositionStatus | None = UNSET  # type: ignore[valid-type]
    is_high_level: bool | None = UNSET
    event: relay.GlobalID | None = UNSET
    description: str | None = UNSET


@strawberry.input
class DeletePositionInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreatePositionPayload:
    position: Position | None
    errors: list[UserError]


@strawberry.type
class UpdatePositionPayload:
    position: Position | None
    errors: list[UserError]


@strawberry.type
class PositionQuery:
    @strawberry.field(description="Positions, filtered and ordered, a page at a time.")
    async def positions(
        self,
        info: Info,
        filter: PositionFilter | None = None,
        order_by: list[PositionOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Position]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await position.positions(info.context, filter, order_by, request)
        return Connection.from_page(page, Position.from_row, count_rows)


@strawberry.type
class PositionMutation:
    @strawberry.mutation
    async def create_position(
        self, info: Info, input: CreatePositionInput
    ) -> CreatePositionPayload:
        row, errors = await attempt(position.create_position(info.context, input))
        node = Position.from_row(row) if row else None
        return CreatePositionPayload(position=node, errors=errors)

    @strawberry.mutation
    async def update_position(
        self, info: Info, input: UpdatePositionInput
    ) -> UpdatePositionPayload:
        row, errors = await attempt(position.update_position(info.context, input))
        node = Position.from_row(row) if row else None
        return UpdatePositionPayload(position=node, errors=errors)

    @strawberry.mutation
    async def delete_position(self, info: Info, input: DeletePositionInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Position, input.id, "Position", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
