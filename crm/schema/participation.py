"""Participation: a person or an organisation taking part in a project, in a role."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import participation
from crm.schema.connection import order_input
from crm.schema.enums import ParticipationRole
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(description="A person or an organisation (exactly one) taking part in a project.")
class Participation(RowNode):
    model = models.Participation

    version: int
    role: ParticipationRole  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    project_id: strawberry.Private[int]
    person_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]

    project = reference("Project", "project_id", required=True)
    person = reference("Person", "person_id", description="The participant, when it is a person.")
    organization = reference(
        "Organization",
        "organization_id",
        description="The participant, when it is an organisation.",
    )


ParticipationOrder = order_input("Participation", participation.ORDERING)


@strawberry.input(description="Give exactly one of `person` and `organization`.")
class CreateParticipationInput:
    project: relay.GlobalID
    role: ParticipationRole  # type: ignore[valid-type]
    person: relay.GlobalID | None = None
    organization: relay.GlobalID | None = None


UpdateParticipationInput = update_input(
    "UpdateParticipationInput",
    CreateParticipationInput,
    description="Only the fields sent are changed.",
    without=("project", "person", "organization"),
)


ParticipationMutation = record_mutations(
    Participation,
    Write("create", CreateParticipationInput, participation.create_participation),
    Write("update", UpdateParticipationInput, participation.update_participation),
)
