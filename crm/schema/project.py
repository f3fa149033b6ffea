"""Project: the node (with its participants), its filters and order, and its mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from crm.db import enums, models
from crm.resolvers import agreement, participation, project
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import ProjectKind, ProjectStage
from crm.schema.inputs import described, filter_input, optional, stage_reason
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(
    description="A project lead, venture, achievement to transfer, cooperation or investment."
)
class Project(RowNode, Versioned):
    model = models.Project

    name: str = described("The name as its people write it, usually Chinese.")
    name_en: str | None = described("The English name, if there is one.")
    kind: ProjectKind = described("What sort of project it is.")  # type: ignore[valid-type]
    stage: ProjectStage = strawberry.field(  # type: ignore[valid-type]
        description="Where it stands; each move is kept in `stageHistory`."
    )
    field: str | None = described("Industry or discipline.")
    region: str | None = described("The region it is to be carried out in (province, city, park).")
    intended_amount: Decimal | None = described("In major units of currency.")
    signed_amount: Decimal | None = described("In major units of currency.")
    currency: str = described("ISO 4217, e.g. CNY.")
    description: str | None = described("Free text: what it is, what it needs, who is interested.")
    event_id: strawberry.Private[int | None]
    owner_id: strawberry.Private[int | None]

    event = reference(
        "Event", "event_id", description="Where the project was collected, shown or negotiated."
    )
    participants = connection(
        participation.OF_PROJECT, "The people and organisations taking part, in their roles."
    )
    stage_history = connection(
        project.STAGE_HISTORY, "Every stage the project moved through, newest first."
    )


@strawberry.type(description="A project moved from one stage to another.")
class ProjectStageChange(RowNode):
    model = models.ProjectStageChange

    from_stage: ProjectStage | None = strawberry.field(  # type: ignore[valid-type]
        description="None for the stage the project was created in."
    )
    to_stage: ProjectStage = strawberry.field(  # type: ignore[valid-type]
        description="The stage the project moved to."
    )
    changed_at: datetime = described("When it moved (UTC).")
    reason: str | None = described("Why, as the staff user gave it (`stageReason` of the update).")
    changed_by_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int]

    changed_by = reference(
        "User", "changed_by_id", description="The staff user who moved it, when known."
    )
    project = reference(
        "Project", "project_id", description="The project that moved.", required=True
    )
    agreements = connection(
        agreement.OF_PROJECT, "Agreements of this project.", parent=lambda change: change.project_id
    )


ProjectOrder = order_input("Project", project.ORDERING)


@filter_input("Conditions on projects; lists mean any of; fields combine with AND.")
class ProjectFilter:
    name_contains: str | None = optional("Case-insensitive part of the name or English name.")
    kind: list[ProjectKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    stage: list[ProjectStage] | None = optional("At any of these stages.")  # type: ignore[valid-type]
    field: list[str] | None = optional("In any of these fields (exact names).")
    region: list[str] | None = optional("In any of these regions (exact names).")
    event: list[relay.GlobalID] | None = optional(
        "Collected, shown or negotiated at any of these events or their sessions."
    )
    min_intended_amount: Decimal | None = optional(
        "Intended amount at least this (in the project's currency)."
    )
    max_intended_amount: Decimal | None = optional(
        "Intended amount at most this (in the project's currency)."
    )


@strawberry.input(
    description="A new project; add the people and organisations in it with `createParticipation`."
)
class CreateProjectInput:
    name: str = described("The name, at most 300 characters.")
    kind: ProjectKind = described("What sort of project it is.")  # type: ignore[valid-type]
    stage: ProjectStage = strawberry.field(  # type: ignore[valid-type]
        default=enums.ProjectStage.LEAD, description="The stage it starts at."
    )
    name_en: str | None = optional("The English name, at most 300 characters.")
    field: str | None = optional("The industry or discipline, at most 100 characters.")
    region: str | None = optional("The region it is to be carried out in, at most 100 characters.")
    intended_amount: Decimal | None = optional(
        "The amount intended, in major units of `currency`; not negative."
    )
    signed_amount: Decimal | None = optional(
        "The amount signed, in major units of `currency`; not negative."
    )
    currency: str | None = optional("ISO 4217 code of the amounts; CNY by default.")
    event: relay.GlobalID | None = optional(
        "The ID of the event where it was collected, shown or negotiated."
    )
    owner: relay.GlobalID | None = optional("A staff User.")
    description: str | None = optional("Free text, at most 10,000 characters.")


ProjectQuery = list_query(Project, "projects", project.PROJECTS, ProjectFilter)
ProjectMutation = record_mutations(
    Project,
    *edits(
        CreateProjectInput,
        project.create_project,
        project.update_project,
        descriptions={"owner": "A staff User."},
        extra={"stage_reason": stage_reason()},
    ),
)
