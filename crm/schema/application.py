"""Application: a person applies for a position (a résumé submitted), at a stage."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import application, crud
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import ApplicationStage
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.event import Event
    from crm.schema.person import Person
    from crm.schema.position import Position
    from crm.schema.user import User

Lazy = strawberry.lazy


@strawberry.type(description="A person's application for a position (a résumé submitted).")
class Application(RowNode):
    model = models.Application

    version: int
    stage: ApplicationStage  # type: ignore[valid-type]
    submitted_at: datetime
    note: str | None
    retention_until: date | None = strawberry.field(
        description="Keep until this day; `crm purge` deletes the record afterwards."
    )
    created_at: datetime
    updated_at: datetime
    person_id: strawberry.Private[int]
    position_id: strawberry.Private[int]
    event_id: strawberry.Private[int | None]

    @strawberry.field
    async def person(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")]:
        from crm.schema.person import Person

        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_id)
        return Person.from_row(row)

    @strawberry.field
    async def position(self, info: Info) -> Annotated[Position, Lazy("crm.schema.position")]:
        from crm.schema.position import Position

        row = await info.context.loaders.row_by_id(Position.table()).load(self.position_id)
        return Position.from_row(row)

    @strawberry.field(description="Where the résumé was received (a fair, the online platform).")
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")] | None:
        from crm.schema.event import Event

        if self.event_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row) if row else None

    @strawberry.field(description="Every stage the application moved through, newest first.")
    async def stage_history(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApplicationStageChange]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await application.stage_history(info.context, self.id, request)
        return Connection.from_page(page, ApplicationStageChange.from_row, count_rows)


@strawberry.type(description="An application moved from one stage to another.")
class ApplicationStageChange(RowNode):
    model = models.ApplicationStageChange

    from_stage: ApplicationStage | None = strawberry.field(  # type: ignore[valid-type]
        description="None for the stage the application was created in."
    )
    to_stage: ApplicationStage  # type: ignore[valid-type]
    changed_at: datetime
    reason: str | None
    changed_by_id: strawberry.Private[int | None]

    @strawberry.field(description="The staff user who moved it, when known.")
    async def changed_by(self, info: Info) -> Annotated[User, Lazy("crm.schema.user")] | None:
        from crm.schema.user import user_by_id

        return await user_by_id(info, self.changed_by_id)


@strawberry.enum
class ApplicationOrderField(Enum):
    SUBMITTED_AT = "submitted_at"
    STAGE = "stage"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


@strawberry.input
class ApplicationOrder:
    field: ApplicationOrderField
    direction: OrderDirection = OrderDirection.ASC


async def applications_of(
    info: Info,
    *,
    person_id: int | None = None,
    position_id: int | None = None,
    order_by: list[ApplicationOrder] | None,
    args: PageArgs,
) -> Connection[Application]:
    page, count_rows = await application.applications_of(
        info.context,
        person_id=person_id,
        position_id=position_id,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Application.from_row, count_rows)


@strawberry.input
class CreateApplicationInput:
    person: relay.GlobalID
    position: relay.GlobalID
    stage: ApplicationStage = ApplicationStage.SUBMITTED  # type: ignore[valid-type]
    submitted_at: datetime | None = strawberry.field(
        default=None, description="With its UTC offset; now when left out."
    )
    event: relay.GlobalID | None = None
    note: str | None = None
    retention_until: date | None = strawberry.field(
        default=None, description="Keep until this day; `crm purge` deletes it afterwards."
    )


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdateApplicationInput:
    id: relay.GlobalID
    expected_version: int
    stage: ApplicationStage | None = UNSET  # type: ignore[valid-type]
    note: str | None = UNSET
    retention_until: date | None = UNSET
    stage_reason: str | None = strawberry.field(
        default=None, description="Why the stage changes; kept in the stage history."
    )


@strawberry.input
class DeleteApplicationInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateApplicationPayload:
    application: Application | None
    errors: list[UserError]


@strawberry.type
class UpdateApplicationPayload:
    application: Application | None
    errors: list[UserError]


@strawberry.type
class ApplicationMutation:
    @strawberry.mutation
    async def create_application(
        self, info: Info, input: CreateApplicationInput
    ) -> CreateApplicationPayload:
        row, errors = await attempt(application.create_application(info.context, input))
        node = Application.from_row(row) if row else None
        return CreateApplicationPayload(application=node, errors=errors)

    @strawberry.mutation
    async def update_application(
        self, info: Info, input: UpdateApplicationInput
    ) -> UpdateApplicationPayload:
        row, errors = await attempt(application.update_application(info.context, input))
        node = Application.from_row(row) if row else None
        return UpdateApplicationPayload(application=node, errors=errors)

    @strawberry.mutation
    async def delete_application(self, info: Info, input: DeleteApplicationInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Application, input.id, "Application", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
