"""Interaction: the node (with its participants), its filters and order, its mutations."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import interaction
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import InteractionKind
from crm.schema.inputs import ONLY_SENT, described, filter_input, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="A meeting, call, message or note, and who took part.")
class Interaction(RowNode, Versioned):
    model = models.Interaction

    kind: InteractionKind = strawberry.field(  # type: ignore[valid-type]
        description="Meeting, call, message, note or an encounter at an event."
    )
    occurred_at: datetime = described("When it happened (UTC).")
    summary: str = described("One line on what it was about.")
    body: str | None = described("The full note: what was said, agreed, promised.")
    retention_until: date | None = described(
        "Keep until this day; `crm purge` deletes the record afterwards."
    )
    owner_id: strawberry.Private[int | None]
    event_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]

    owner = reference("User", "owner_id", description="The staff user who logged it.")
    event = reference("Event", "event_id", description="The event it happened at, if any.")
    project = reference("Project", "project_id", description="The project it was about, if any.")
    organization = reference(
        "Organization",
        "organization_id",
        description="The organisation it was with or about, if any.",
    )
    participants = connection(
        interaction.PARTICIPANTS, "The people who took part; by name unless ordered."
    )


InteractionOrder = order_input("Interaction", interaction.ORDERING)


@filter_input("Conditions on interactions; lists mean any of.")
class InteractionFilter:
    kind: list[InteractionKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    participant: list[relay.GlobalID] | None = optional("Any of these people took part.")
    organization: list[relay.GlobalID] | None = optional(
        "With or about any of these organisations."
    )
    occurred_after: datetime | None = optional("At or after this moment.")
    occurred_before: datetime | None = optional("Before this moment.")


@strawberry.input(
    description="Logging an interaction moves each participant's lastContactedAt up to "
    "occurredAt (never back)."
)
class CreateInteractionInput:
    kind: InteractionKind = described("What sort of contact it was.")  # type: ignore[valid-type]
    occurred_at: datetime = described("With its time zone.")
    summary: str = described("One line on what it was about, at most 300 characters.")
    body: str | None = optional("The full note, at most 10,000 characters.")
    participants: list[relay.GlobalID] | None = optional("People who took part.")
    event: relay.GlobalID | None = optional("The ID of the event it happened at.")
    project: relay.GlobalID | None = optional("The ID of the project it was about.")
    organization: relay.GlobalID | None = optional(
        "The ID of the organisation it was with or about."
    )
    retention_until: date | None = optional(
        "Keep until this day; `crm purge` deletes it afterwards."
    )


InteractionQuery = list_query(
    Interaction,
    "interactions",
    interaction.INTERACTIONS,
    InteractionFilter,
    "Interactions, most recent first unless ordered.",
)
InteractionMutation = record_mutations(
    Interaction,
    *edits(
        CreateInteractionInput,
        interaction.create_interaction,
        interaction.update_interaction,
        description=f"{ONLY_SENT} `participants` replaces the whole set.",
    ),
    delete=interaction.delete_interaction,
    delete_description="Delete the interaction and its participant links.",
)
