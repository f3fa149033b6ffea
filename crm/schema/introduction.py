"""Introduction: the node, its status history, its filters and order, and its mutations
(the status moves through `moveIntroduction`)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import introduction, introduction_workflow
from crm.schema.connection import connection, order_input
from crm.schema.enums import IntroductionStatus
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(
    description="A request to introduce a seeker to a person or an organisation, "
    "made through a broker, and what it led to."
)
class Introduction(RowNode):
    model = models.Introduction

    version: int
    status: IntroductionStatus  # type: ignore[valid-type]
    purpose: str | None
    requested_at: datetime
    status_changed_at: datetime
    path: list[relay.GlobalID] = strawberry.field(
        description="The nodes of the introduction path in order, seeker to target."
    )
    outcome_note: str | None
    retention_until: date | None = strawberry.field(
        description="Keep until this day; `crm purge` deletes the record afterwards."
    )
    created_at: datetime
    updated_at: datetime
    requested_by_id: strawberry.Private[int | None]
    seeker_id: strawberry.Private[int]
    target_person_id: strawberry.Private[int | None]
    target_organization_id: strawberry.Private[int | None]
    broker_id: strawberry.Private[int | None]
    event_id: strawberry.Private[int | None]
    outcome_application_id: strawberry.Private[int | None]
    outcome_project_id: strawberry.Private[int | None]
    outcome_agreement_id: strawberry.Private[int | None]

    seeker = reference(
        "Person", "seeker_id", description="The person who wants to meet the target.", required=True
    )
    target_person = reference(
        "Person", "target_person_id", description="The person to meet (or else targetOrganization)."
    )
    target_organization = reference(
        "Organization",
        "target_organization_id",
        description="The organisation to meet (or else targetPerson).",
    )
    broker = reference(
        "Person", "broker_id", description="The person who makes the introduction (the first hop)."
    )
    requested_by = reference(
        "User", "requested_by_id", description="The staff user who asked for it."
    )
    event = reference("Event", "event_id", description="The event where it was asked for or made.")
    outcome_application = reference(
        "Application",
        "outcome_application_id",
        description="What came of it: the seeker's application (set on moving to OUTCOME).",
    )
    outcome_project = reference(
        "Project",
        "outcome_project_id",
        description="What came of it: a project (set on moving to OUTCOME).",
    )
    outcome_agreement = reference(
        "Agreement",
        "outcome_agreement_id",
        description="What came of it: an agreement (set on moving to OUTCOME).",
    )
    history = connection(
        "IntroductionStatusChange",
        introduction_workflow.STATUS_HISTORY,
        description="Every status the introduction moved through, oldest first; the first "
        "entry is the status it was created in (or, for introductions older than the "
        "history, the status it was in when the history began).",
    )


@strawberry.type(description="An introduction moved from one status to another.")
class IntroductionStatusChange(RowNode):
    model = models.IntroductionStatusChange

    from_status: IntroductionStatus | None = strawberry.field(  # type: ignore[valid-type]
        description="None for the status the introduction was created in."
    )
    to_status: IntroductionStatus  # type: ignore[valid-type]
    changed_at: datetime
    reason: str | None
    changed_by_id: strawberry.Private[int | None]
    introduction_id: strawberry.Private[int]

    changed_by = reference(
        "User", "changed_by_id", description="The staff user who moved it, when known."
    )
    introduction = reference("Introduction", "introduction_id", required=True)


IntroductionOrder = order_input("Introduction", introduction.ORDERING)


@strawberry.input(description="Conditions on introductions; lists mean any of.")
class IntroductionFilter:
    status: list[IntroductionStatus] | None = None  # type: ignore[valid-type]
    seeker: list[relay.GlobalID] | None = strawberry.field(default=None, description="People.")
    target: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="People or organisations to be met."
    )
    broker: list[relay.GlobalID] | None = strawberry.field(default=None, description="People.")
    event: list[relay.GlobalID] | None = None
    requested_after: datetime | None = strawberry.field(
        default=None, description="Requested at or after this moment."
    )
    and_: list[IntroductionFilter] | None = strawberry.field(default=None, name="and")
    or_: list[IntroductionFilter] | None = strawberry.field(default=None, name="or")
    not_: IntroductionFilter | None = strawberry.field(default=None, name="not")


@strawberry.input(description="Give exactly one of targetPerson and targetOrganization.")
class CreateIntroductionInput:
    seeker: relay.GlobalID
    target_person: relay.GlobalID | None = None
    target_organization: relay.GlobalID | None = None
    broker: relay.GlobalID | None = strawberry.field(
        default=None, description="A person other than the seeker."
    )
    purpose: str | None = None
    event: relay.GlobalID | None = None
    path: list[relay.GlobalID] | None = strawberry.field(
        default=None,
        description="The introduction path: node IDs from the seeker to the target, "
        "each node once.",
    )
    retention_until: date | None = strawberry.field(
        default=None, description="Keep until this day; `crm purge` deletes it afterwards."
    )


@strawberry.input(
    description="Only the fields sent are changed; null clears a field. The status is not "
    "changed here: it moves through its workflow with moveIntroduction."
)
class UpdateIntroductionInput:
    id: relay.GlobalID
    expected_version: int
    purpose: str | None = UNSET
    broker: relay.GlobalID | None = UNSET
    event: relay.GlobalID | None = UNSET
    outcome_note: str | None = UNSET
    retention_until: date | None = UNSET


@strawberry.input(
    description="Move an introduction's status one step of its workflow: "
    "REQUESTED → BROKER_AGREED → TARGET_AGREED → MADE → OUTCOME, one step at a time; "
    "DECLINED or WITHDRAWN from any open step (with a reason); back one step (with a "
    "reason); out of OUTCOME, DECLINED or WITHDRAWN only by reopening, with a reason, to "
    "the step it was closed from. Any other move is an INVALID_TRANSITION on `to`."
)
class MoveIntroductionInput:
    id: relay.GlobalID
    expected_version: int
    to: IntroductionStatus  # type: ignore[valid-type]
    reason: str | None = strawberry.field(
        default=None,
        description="Why; required to decline, withdraw, go back or reopen. Kept in the history.",
    )
    outcome_application: relay.GlobalID | None = strawberry.field(
        default=None, description="Moving to OUTCOME: an Application the seeker made."
    )
    outcome_project: relay.GlobalID | None = strawberry.field(
        default=None, description="Moving to OUTCOME: a Project it led to."
    )
    outcome_agreement: relay.GlobalID | None = strawberry.field(
        default=None, description="Moving to OUTCOME: an Agreement it led to."
    )
    outcome_note: str | None = strawberry.field(
        default=None,
        description="Moving to OUTCOME: what came of it in words. An OUTCOME needs a note "
        "or at least one outcome link.",
    )


@strawberry.type
class IntroductionQuery:
    introductions = connection(
        "Introduction",
        introduction.INTRODUCTIONS,
        description="Introductions, newest request first unless ordered.",
        arguments={"filter": IntroductionFilter},
    )


IntroductionMutation = record_mutations(
    Introduction,
    Write("create", CreateIntroductionInput, introduction.create_introduction),
    Write(
        "update",
        UpdateIntroductionInput,
        introduction.update_introduction,
        "Change the details; the status has a workflow of its own.",
    ),
    Write(
        "move",
        MoveIntroductionInput,
        introduction_workflow.move_introduction,
        "Move the status along the workflow (see MoveIntroductionInput); the move is "
        "timestamped and kept in the history.",
    ),
)
