"""Position: an organisation's job demand; the node, its filters and order, its mutations."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import application, position
from crm.schema.connection import connection, order_input
from crm.schema.enums import PositionKind, PositionStatus
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


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

    organization = reference(
        "Organization",
        "organization_id",
        description="The organisation that wants to fill the position.",
        required=True,
    )
    event = reference(
        "Event", "event_id", description="Where the demand was collected or published."
    )
    applications = connection(
        "Application", application.OF_POSITION, description="The applications received."
    )


PositionOrder = order_input("Position", position.ORDERING)


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


UpdatePositionInput = update_input("UpdatePositionInput", CreatePositionInput)


@strawberry.type
class PositionQuery:
    positions = connection(
        "Position",
        position.POSITIONS,
        description="Positions, filtered and ordered, a page at a time.",
        arguments={"filter": PositionFilter},
    )


PositionMutation = record_mutations(
    Position,
    Write("create", CreatePositionInput, position.create_position),
    Write("update", UpdatePositionInput, position.update_position),
)
