"""Application: a person applies for a position (a résumé submitted), at a stage."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import application
from crm.schema.connection import connection, order_input
from crm.schema.enums import ApplicationStage
from crm.schema.inputs import described, optional, stage_reason
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="A person's application for a position (a résumé submitted).")
class Application(RowNode, Versioned):
    model = models.Application

    stage: ApplicationStage = strawberry.field(  # type: ignore[valid-type]
        description="Where the application stands; each move is kept in `stageHistory`."
    )
    submitted_at: datetime = described("When the résumé was submitted (UTC).")
    note: str | None = described("Free text by staff: fit, salary expectations, next steps.")
    retention_until: date | None = described(
        "Keep until this day; `crm purge` deletes the record afterwards."
    )
    person_id: strawberry.Private[int]
    position_id: strawberry.Private[int]
    event_id: strawberry.Private[int | None]

    person = reference("Person", "person_id", required=True, description="The applicant.")
    position = reference(
        "Position", "position_id", required=True, description="The position applied for."
    )
    event = reference(
        "Event",
        "event_id",
        description="Where the résumé was received (a fair, the online platform).",
    )
    stage_history = connection(
        application.STAGE_HISTORY, "Every stage the application moved through, newest first."
    )


@strawberry.type(description="An application moved from one stage to another.")
class ApplicationStageChange(RowNode):
    model = models.ApplicationStageChange

    from_stage: ApplicationStage | None = strawberry.field(  # type: ignore[valid-type]
        description="None for the stage the application was created in."
    )
    to_stage: ApplicationStage = strawberry.field(  # type: ignore[valid-type]
        description="The stage the application moved to."
    )
    changed_at: datetime = described("When it moved (UTC).")
    reason: str | None = described("Why, as the staff user gave it (`stageReason` of the update).")
    changed_by_id: strawberry.Private[int | None]

    changed_by = reference(
        "User", "changed_by_id", description="The staff user who moved it, when known."
    )


ApplicationOrder = order_input("Application", application.ORDERING)


@strawberry.input(description="A person's application for a position.")
class CreateApplicationInput:
    person: relay.GlobalID = described("The ID of the applicant.")
    position: relay.GlobalID = described("The ID of the position.")
    stage: ApplicationStage = strawberry.field(  # type: ignore[valid-type]
        default=ApplicationStage.SUBMITTED, description="The stage it starts at."
    )
    submitted_at: datetime | None = optional("With its UTC offset; now when left out.")
    event: relay.GlobalID | None = optional("The ID of the event where the résumé was received.")
    note: str | None = optional("Free text by staff, at most 10,000 characters.")
    retention_until: date | None = optional(
        "Keep until this day; `crm purge` deletes it afterwards."
    )


ApplicationMutation = record_mutations(
    Application,
    *edits(
        CreateApplicationInput,
        application.create_application,
        application.update_application,
        without=("person", "position", "submitted_at", "event"),
        extra={"stage_reason": stage_reason()},
    ),
)
