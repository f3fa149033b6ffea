"""Participation: a person or an organisation taking part in a project, in a role."""

from __future__ import annotations

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import participation, role_link
from crm.schema.connection import order_input
from crm.schema.enums import ParticipationRole
from crm.schema.inputs import described, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="A person or an organisation (exactly one) taking part in a project.")
class Participation(RowNode, Versioned):
    model = models.Participation

    role: ParticipationRole = strawberry.field(  # type: ignore[valid-type]
        description="What the participant is to the project."
    )
    project_id: strawberry.Private[int]
    person_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]

    project = reference("Project", "project_id", required=True, description="The project.")
    person = reference("Person", "person_id", description="The participant, when it is a person.")
    organization = reference(
        "Organization",
        "organization_id",
        description="The participant, when it is an organisation.",
    )


ParticipationOrder = order_input("Participation", role_link.ORDERING)


@strawberry.input(description="Give exactly one of `person` and `organization`.")
class CreateParticipationInput:
    project: relay.GlobalID = described("The ID of the project.")
    role: ParticipationRole = strawberry.field(  # type: ignore[valid-type]
        description="What the participant is to the project."
    )
    person: relay.GlobalID | None = optional("The ID of the person taking part.")
    organization: relay.GlobalID | None = optional("The ID of the organisation taking part.")


ParticipationMutation = record_mutations(
    Participation,
    *edits(
        CreateParticipationInput,
        participation.create_participation,
        participation.update_participation,
        description="Only the fields sent are changed.",
        without=("project", "person", "organization"),
    ),
)
