"""Project: the node (with its participants), its filters and order, and its mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from crm.db import enums, models
from crm.resolvers import agreement, participation, project
from crm.schema.connection import connection, order_input
from crm.schema.enums import ProjectKind, ProjectStage
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(
    description="A project lead, venture, achievement to transfer, cooperation or investment."
)
class Project(RowNode):
    model = models.Project

    version: int
    name: str
    name_en: str | None
    kind: ProjectKind  # type: ignore[valid-type]
    stage: ProjectStage  # type: ignore[valid-type]
    field: str | None = strawberry.field(description="Industry or discipline.")
    region: str | None
    intended_amount: Decimal | None = strawberry.field(description="In major units of currency.")
    signed_amount: Decimal | None = strawberry.field(description="In major units of currency.")
    currency: str = strawberry.field(description="ISO 4217, e.g. CNY.")
    description: str | None
    created_at: datetime
    updated_at: datetime
    event_id: strawberry.Private[int | None]
    owner_id: strawberry.Private[int | None]

    event = reference(
        "Event", "event_id", description="Where the project was collected, shown or negotiated."
    )
    participants = connection(
        "Participation",
        participation.OF_PROJECT,
        description="The people and organisations taking part, in their roles.",
    )
    stage_history = connection(
        "ProjectStageChange",
        project.STAGE_HISTORY,
        description="Every stage the project moved through, newest first.",
    )


@strawberry.type(description="A project moved from one stage to another.")
class ProjectStageChange(RowNode):
    model = models.ProjectStageChange

    from_stage: ProjectStage | None = strawberry.field(  # type: ignore[valid-type]
        description="None for the stage the project was created in."
    )
    to_stage: ProjectStage  # type: ignore[valid-type]
    changed_at: datetime
    reason: str | None
    changed_by_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int]

    changed_by = reference(
        "User", "changed_by_id", description="The staff user who moved it, when known."
    )
    project = reference(
        "Project", "project_id", description="The project that moved.", required=True
    )
    agreements = connection(
        "Agreement",
        agreement.OF_PROJECT,
        description="Agreements of this project.",
        parent=lambda change: change.project_id,
    )


ProjectOrder = order_input("Project", project.ORDERING)


@strawberry.input(description="Conditions on projects; lists mean any of; fields combine with AND.")
class ProjectFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the name or English name."
    )
    kind: list[ProjectKind] | None = None  # type: ignore[valid-type]
    stage: list[ProjectStage] | None = None  # type: ignore[valid-type]
    field: list[str] | None = None
    region: list[str] | None = None
    event: list[relay.GlobalID] | None = strawberry.field(
        default=None,
        description="Collected, shown or negotiated at any of these events or their sessions.",
    )
    min_intended_amount: Decimal | None = strawberry.field(
        default=None, description="Intended amount at least this (in the project's currency)."
    )
    max_intended_amount: Decimal | None = strawberry.field(
        default=None, description="Intended amount at most this (in the project's currency)."
    )
    and_: list[ProjectFilter] | None = strawberry.field(default=None, name="and")
    or_: list[ProjectFilter] | None = strawberry.field(default=None, name="or")
    not_: ProjectFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateProjectInput:
    name: str
    kind: ProjectKind  # type: ignore[valid-type]
    stage: ProjectStage = enums.ProjectStage.LEAD  # type: ignore[valid-type]
    name_en: str | None = None
    field: str | None = None
    region: str | None = None
    intended_amount: Decimal | None = None
    signed_amount: Decimal | None = None
    currency: str | None = None
    event: relay.GlobalID | None = None
    owner: relay.GlobalID | None = strawberry.field(default=None, description="A staff User.")
    description: str | None = None


UpdateProjectInput = update_input(
    "UpdateProjectInput",
    CreateProjectInput,
    descriptions={"owner": "A staff User."},
    extra={
        "stage_reason": (
            "str | None",
            strawberry.field(
                default=None, description="Why the stage changes; kept in the stage history."
            ),
        )
    },
)


@strawberry.type
class ProjectQuery:
    projects = connection(
        "Project",
        project.PROJECTS,
        description="Projects, filtered and ordered, a page at a time.",
        arguments={"filter": ProjectFilter},
    )


ProjectMutation = record_mutations(
    Project,
    Write("create", CreateProjectInput, project.create_project),
    Write("update", UpdateProjectInput, project.update_project),
)
