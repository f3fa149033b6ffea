"""Relationship: a personal tie between two people (classmate, mentor, friend…)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import enums, models
from crm.resolvers import crud, relationship
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import RelationshipKind
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.person import Person

Lazy = strawberry.lazy


@strawberry.type(
    description=(
        "A tie between person A and person B. Symmetric kinds are stored once, the "
        "order of A and B carries no meaning; for MENTOR, A is the mentor."
    )
)
class Relationship(RowNode):
    model = models.Relationship

    version: int
    kind: RelationshipKind  # type: ignore[valid-type]
    strength: float = strawberry.field(description="0 (acquaintance) to 1 (very close).")
    since: date | None
    source: str | None = strawberry.field(description="Where we learned of the tie.")
    created_at: datetime
    updated_at: datetime
    person_a_id: strawberry.Private[int]
    person_b_id: strawberry.Private[int]

    @strawberry.field(description="For MENTOR: the mentor.")
    async def person_a(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")]:
        from crm.schema.person import Person

        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_a_id)
        return Person.from_row(row)

    @strawberry.field(description="For MENTOR: the mentee.")
    async def person_b(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")]:
        from crm.schema.person import Person

        row = await info.context.loaders.row_by_id(Person.table()).load(self.person_b_id)
        return Person.from_row(row)


@strawberry.enum
class RelationshipOrderField(Enum):
    STRENGTH = "strength"
    SINCE = "since"
    KIND = "kind"
    CREATED_AT = "created_at"


@strawberry.input
class RelationshipOrder:
    field: RelationshipOrderField
    direction: OrderDirection = OrderDirection.ASC


async def relationships_of(
    info: Info,
    *,
    person_id: int,
    order_by: list[RelationshipOrder] | None,
    args: PageArgs,
    kind: list[enums.RelationshipKind] | None = None,
) -> Connection[Relationship]:
    """A person's relationships, whichever end they are at (strongest first by default)."""
    page, count_rows = await relationship.relationships_of(
        info.context,
        person_id=person_id,
        kinds=kind,
        order_by=order_by,
        request=args.request(info),
    )
    return Connection.from_page(page, Relationship.from_row, count_rows)


@strawberry.input(
    description="For symmetric kinds the order of personA and personB does not matter."
)
class CreateRelationshipInput:
    person_a: relay.GlobalID = strawberry.field(description="For MENTOR: the mentor.")
    person_b: relay.GlobalID = strawberry.field(description="For MENTOR: the mentee.")
    kind: RelationshipKind  # type: ignore[valid-type]
    strength: float = strawberry.field(default=0.5, description="0 to 1.")
    since: date | None = None
    source: str | None = None


@strawberry.input(
    description="Only the fields sent are changed; null clears a field. Kind and people are fixed."
)
class UpdateRelationshipInput:
    id: relay.GlobalID
    expected_version: int
    strength: float | None = UNSET
    since: date | None = UNSET
    source: str | None = UNSET


@strawberry.input
class DeleteRelationshipInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateRelationshipPayload:
    relationship: Relationship | None
    errors: list[UserError]


@strawberry.type
class UpdateRelationshipPayload:
    relationship: Relationship | None
    errors: list[UserError]


@strawberry.type
class RelationshipMutation:
    @strawberry.mutation
    async def create_relationship(
        self, info: Info, input: CreateRelationshipInput
    ) -> CreateRelationshipPayload:
        row, errors = await attempt(relationship.create_relationship(info.context, input))
        node = Relationship.from_row(row) if row else None
        return CreateRelationshipPayload(relationship=node, errors=errors)

    @strawberry.mutation
    async def update_relationship(
        self, info: Info, input: UpdateRelationshipInput
    ) -> UpdateRelationshipPayload:
        row, errors = await attempt(relationship.update_relationship(info.context, input))
        node = Relationship.from_row(row) if row else None
        return UpdateRelationshipPayload(relationship=node, errors=errors)

    @strawberry.mutation
    async def delete_relationship(
        self, info: Info, input: DeleteRelationshipInput
    ) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Relationship, input.id, "Relationship", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
