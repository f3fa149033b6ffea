"""Position: an organisation's job demand; the node, its filters and order, its mutations."""

from __future__ import annotations

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import application, position
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import PositionKind, PositionStatus
from crm.schema.inputs import described, filter_input, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="An organisation's job demand, and the applications it received.")
class Position(RowNode, Versioned):
    model = models.Position

    title: str = described("The job title as the employer words it.")
    field: str | None = described("The discipline or industry.")
    kind: PositionKind = strawberry.field(  # type: ignore[valid-type]
        description="Full-time, flexible, project-based or part-time."
    )
    place: str | None = described("Where the work is (city, campus).")
    region: str | None = described("The region it is counted under in reports.")
    openings: int = described("How many people are sought (at least 1).")
    status: PositionStatus = described("Open, filled or closed.")  # type: ignore[valid-type]
    is_high_level: bool = described(
        "A high-level demand (doctorate, senior expert), as talent conferences count."
    )
    description: str | None = described("Free text: duties, requirements, pay.")
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
    applications = connection(application.OF_POSITION, "The applications received.")


PositionOrder = order_input("Position", position.ORDERING)


@filter_input("Conditions on positions; lists mean any of; fields combine with AND.")
class PositionFilter:
    title_contains: str | None = optional("Case-insensitive part of the title.")
    field: list[str] | None = optional("In any of these fields (exact names).")
    kind: list[PositionKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    status: list[PositionStatus] | None = optional("In any of these statuses.")  # type: ignore[valid-type]
    region: list[str] | None = optional("In any of these regions (exact names).")
    organization: list[relay.GlobalID] | None = optional("Positions of any of these organisations.")
    event: list[relay.GlobalID] | None = optional(
        "Collected at any of these events or their sessions."
    )
    is_high_level: bool | None = optional(
        "High-level demands only (true) or the others only (false)."
    )


@strawberry.input(description="A new job demand of an organisation.")
class CreatePositionInput:
    organization: relay.GlobalID = described("The ID of the organisation that wants to fill it.")
    title: str = described("The job title, at most 200 characters.")
    field: str | None = optional("The discipline or industry, at most 100 characters.")
    kind: PositionKind = strawberry.field(  # type: ignore[valid-type]
        default=PositionKind.FULL_TIME,
        description="Full-time, flexible, project-based or part-time.",
    )
    place: str | None = optional("Where the work is, at most 100 characters.")
    region: str | None = optional(
        "The region it is counted under in reports, at most 100 characters."
    )
    openings: int = strawberry.field(
        default=1, description="How many people are sought; at least 1."
    )
    status: PositionStatus = strawberry.field(  # type: ignore[valid-type]
        default=PositionStatus.OPEN, description="Open, filled or closed."
    )
    is_high_level: bool = strawberry.field(
        default=False, description="A high-level demand (doctorate, senior expert)."
    )
    event: relay.GlobalID | None = optional(
        "The ID of the event where it was collected or published."
    )
    description: str | None = optional("Free text, at most 10,000 characters.")


PositionQuery = list_query(Position, "positions", position.POSITIONS, PositionFilter)
PositionMutation = record_mutations(
    Position, *edits(CreatePositionInput, position.create_position, position.update_position)
)
