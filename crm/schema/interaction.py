"""Interaction: the node (with its participants), its filters and order, its mutations."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import interaction
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import InteractionKind
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs
from crm.schema.user import User, user_by_id

if TYPE_CHECKING:
    from crm.schema.event import Event
    from crm.schema.organization import Organization
    from crm.schema.person import Person, PersonOrder
    from crm.schema.project import Project

Lazy = strawberry.lazy


@strawberry.type(description="A meeting, call, message or note, and who took part.")
class Interaction(RowNode):
    model = models.Interaction

    version: int
    kind: InteractionKind  # type: ignore[valid-type]
    occurred_at: datetime
    summary: str
    body: str | None
    retention_until: date | None = strawberry.field(
        description="Keep until this day; `crm purge` deletes the record afterwards."
    )
    created_at: datetime
    updated_at: datetime
    owner_id: strawberry.Private[int | None]
    event_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]

    @strawberry.field(description="The staff user who logged it.")
    async def owner(self, info: Info) -> User | None:
        return await user_by_id(info, self.owner_id)

    @strawberry.field
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")] | None:
        from crm.schema.event import Event

        if self.event_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row) if row else None

    @strawberry.field
    async def project(self, info: Info) -> Annotated[Project, Lazy("crm.schema.project")] | None:
        from crm.schema.project import Project

        if self.project_id is None:
            return None
        row = await info.context.loaders.row_by_id(Project.table()).load(self.project_id)
        return Project.from_row(row) if row else None

    @strawberry.field
    async def organization(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")] | None:
        from crm.schema.organization import Organization

        if self.organization_id is None:
            return None
        row = await info.context.loaders.row_by_id(Organization.table()).load(self.organization_id)
        return Organization.from_row(row) if row else None

    @strawberry.field(description="The people who took part; by name unless ordered.")
    async def participants(
        self,
        info: Info,
        order_by: list[Annotated[PersonOrder, Lazy("crm.schema.person")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Person, Lazy("crm.schema.person")]]:
        from crm.schema.person import Person

        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await interaction.participants_of(
            info.context, interaction_id=self.id, order_by=order_by, request=request
        )
        return Connection.from_page(page, Person.from_row, count_rows)


@strawberry.enum
class InteractionOrderField(Enum):
    OCCURRED_AT = "occurred_at"
    KIND = "kind"


@strawberry.input
class InteractionOrder:
    field: InteractionOrderField
    direction: OrderDirection = OrderDirection.ASC


async def interactions_of(
    info: Info, *, person_id: int, order_by: list[InteractionOrder] | None, args: PageArgs
) -> Connection[Interaction]:
    """The interactions a person took part in, newest first unless ordered."""
    page, count_rows = await interaction.interactions_of(
        info.context, person_id=person_id, order_by=order_by, request=args.request(info)
    )
    return Connection.from_page(page, Interaction.from_row, count_rows)


@strawberry.input(description="Conditions on interactions; lists mean any of.")
class InteractionFilter:
    kind: list[InteractionKind] | None = None  # type: ignore[valid-type]
    participant: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Any of these people took part."
    )
    organization: list[relay.GlobalID] | None = None
    occurred_after: datetime | None = strawberry.field(
        default=None, description="At or after this moment."
    )
    occurred_before: datetime | None = strawberry.field(
        default=None, description="Before this moment."
    )
    and_: list[InteractionFilter] | None = strawberry.field(default=None, name="and")
    or_: list[InteractionFilter] | None = strawberry.field(default=None, name="or")
    not_: InteractionFilter | None = strawberry.field(default=None, name="not")


@strawberry.input(
    description="Logging an interaction moves each participant's lastContactedAt up to "
    "occurredAt (never back)."
)
class CreateInteractionInput:
    kind: InteractionKind  # type: ignore[valid-type]
    occurred_at: datetime = strawberry.field(description="With its time zone.")
    summary: str
    body: str | None = None
    participants: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="People who took part."
    )
    event: relay.GlobalID | None = None
    project: relay.GlobalID | None = None
    organization: relay.GlobalID | None = None
    retention_until: date | None = strawberry.field(
        default=None, description="Keep until this day; `crm purge` deletes it afterwards."
    )


@strawberry.input(
    description="Only the fields sent are changed; null clears a field. `participants` "
    "replaces the whole set."
)
class UpdateInteractionInput:
    id: relay.GlobalID
    expected_version: int
    kind: InteractionKind | None = UNSET  # type: ignore[valid-type]
    occurred_at: datetime | None = UNSET
    summary: str | None = UNSET
    body: str | None = UNSET
    participants: list[relay.GlobalID] | None = UNSET
    event: relay.GlobalID | None = UNSET
    project: relay.GlobalID | None = UNSET
    organization: relay.GlobalID | None = UNSET
    retention_until: date | None = UNSET


@strawberry.input
class DeleteInteractionInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateInteractionPayload:
    interaction: Interaction | None
    errors: list[UserError]


@strawberry.type
class UpdateInteractionPayload:
    interaction: Interaction | None
    errors: list[UserError]


@strawberry.type
class InteractionQuery:
    @strawberry.field(description="Interactions, most recent first unless ordered.")
    async def interactions(
        self,
        info: Info,
        filter: InteractionFilter | None = None,
        order_by: list[InteractionOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Interaction]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await interaction.interactions(info.context, filter, order_by, request)
        return Connection.from_page(page, Interaction.from_row, count_rows)


@strawberry.type
class InteractionMutation:
    @strawberry.mutation
    async def create_interaction(
        self, info: Info, input: CreateInteractionInput
    ) -> CreateInteractionPayload:
        row, errors = await attempt(interaction.create_interaction(info.context, input))
        node = Interaction.from_row(row) if row else None
        return CreateInteractionPayload(interaction=node, errors=errors)

    @strawberry.mutation
    async def update_interaction(
        self, info: Info, input: UpdateInteractionInput
    ) -> UpdateInteractionPayload:
        row, errors = await attempt(interaction.update_interaction(info.context, input))
        node = Interaction.from_row(row) if row else None
        return UpdateInteractionPayload(interaction=node, errors=errors)

    @strawberry.mutation(description="Delete the interaction and its participant links.")
    async def delete_interaction(self, info: Info, input: DeleteInteractionInput) -> DeletePayload:
        call = interaction.delete_interaction(info.context, input.id, input.expected_version)
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
