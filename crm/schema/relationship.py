"""Relationship: a personal tie between two people (classmate, mentor, friend…)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import relationship
from crm.schema.connection import order_input
from crm.schema.enums import RelationshipKind
from crm.schema.inputs import ONLY_SENT, described, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(
    description=(
        "A tie between person A and person B. Symmetric kinds are stored once, the "
        "order of A and B carries no meaning; for MENTOR, A is the mentor."
    )
)
class Relationship(RowNode, Versioned):
    model = models.Relationship

    kind: RelationshipKind = described("What ties the two people.")  # type: ignore[valid-type]
    strength: float = described("0 (acquaintance) to 1 (very close).")
    since: date | None = described(
        "When the tie began, if known; recent ties weigh more in introduction paths."
    )
    source: str | None = described("Where we learned of the tie.")
    person_a_id: strawberry.Private[int]
    person_b_id: strawberry.Private[int]

    person_a = reference(
        "Person", "person_a_id", description="For MENTOR: the mentor.", required=True
    )
    person_b = reference(
        "Person", "person_b_id", description="For MENTOR: the mentee.", required=True
    )


RelationshipOrder = order_input("Relationship", relationship.ORDERING)


@strawberry.input(
    description="For symmetric kinds the order of personA and personB does not matter."
)
class CreateRelationshipInput:
    person_a: relay.GlobalID = described("For MENTOR: the mentor.")
    person_b: relay.GlobalID = described("For MENTOR: the mentee.")
    kind: RelationshipKind = strawberry.field(  # type: ignore[valid-type]
        description="What ties the two people; one tie per kind and pair."
    )
    strength: float = strawberry.field(default=0.5, description="0 to 1.")
    since: date | None = optional("When the tie began, if known.")
    source: str | None = optional("Where we learned of the tie, at most 200 characters.")


RelationshipMutation = record_mutations(
    Relationship,
    *edits(
        CreateRelationshipInput,
        relationship.create_relationship,
        relationship.update_relationship,
        description=f"{ONLY_SENT} Kind and people are fixed.",
        without=("person_a", "person_b", "kind"),
    ),
)
