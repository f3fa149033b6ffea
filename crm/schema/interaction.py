"""Interaction: the node (with its participants), its filters and order, its mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import interaction
from crm.schema.connection import connection, order_input
from crm.schema.enums import InteractionKind
from crm.schema.inputs import ONLY_SENT, update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


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

    owner = reference("User", "owner_id", description="The staff user who logged it.")
    event = reference("Event", "event_id")
    project = reference("Project", "project_id")
    organization = reference("Organization", "organization_id")
    participants = connection(
        "Person",
        interaction.PARTICIPANTS,
        description="The people who took part; by name unless ordered.",
    )


InteractionOrder = order_input("Interaction", interaction.ORDERING)


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


UpdateInteractionInput = update_input(
    "UpdateInteractionInput",
    CreateInteractionInput,
    description=f"{ONLY_SENT} `participants` replaces the whole set.",
)


@strawberry.type
class InteractionQuery:
    interactions = connection(
        "Interaction",
        interaction.INTERACTIONS,
        description="Interactions, most recent first unless ordered.",
        arguments={"filter": InteractionFilter},
    )


InteractionMutation = record_mutations(
    Interaction,
    Write("create", CreateInteractionInput, interaction.create_interaction),
    Write("update", UpdateInteractionInput, interaction.update_interaction),
    delete=interaction.delete_interaction,
    delete_description="Delete the interaction and its participant links.",
)
