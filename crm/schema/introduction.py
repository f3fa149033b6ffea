"""Introduction: the node, its status history, its filters and order, and its mutations
(the status moves through `moveIntroduction`)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import introduction, introduction_workflow
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import IntroductionStatus
from crm.schema.inputs import EXPECTED_VERSION, described, filter_input, optional
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(
    description="A request to introduce a seeker to a person or an organisation, "
    "made through a broker, and what it led to."
)
class Introduction(RowNode, Versioned):
    model = models.Introduction

    status: IntroductionStatus = strawberry.field(  # type: ignore[valid-type]
        description="Where it stands; it moves with `moveIntroduction` and is kept in `history`."
    )
    purpose: str | None = described("Why the seeker wants to meet the target.")
    requested_at: datetime = described("When it was asked for (UTC).")
    status_changed_at: datetime = described("When the status last moved (UTC).")
    path: list[relay.GlobalID] = described(
        "The nodes of the introduction path in order, seeker to target."
    )
    outcome_note: str | None = described("What came of it, in words.")
    retention_until: date | None = described(
        "Keep until this day; `crm purge` deletes the record afterwards."
    )
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
        introduction_workflow.STATUS_HISTORY,
        "Every status the introduction moved through, oldest first; the first "
        "entry is the status it was created in (or, for introductions older than the "
        "history, the status it was in when the history began).",
    )


@strawberry.type(description="An introduction moved from one status to another.")
class IntroductionStatusChange(RowNode):
    model = models.IntroductionStatusChange

    from_status: IntroductionStatus | None = strawberry.field(  # type: ignore[valid-type]
        description="None for the status the introduction was created in."
    )
    to_status: IntroductionStatus = strawberry.field(  # type: ignore[valid-type]
        description="The status the introduction moved to."
    )
    changed_at: datetime = described("When it moved (UTC).")
    reason: str | None = described(
        "Why, as the staff user gave it (required to decline, withdraw, go back or reopen)."
    )
    changed_by_id: strawberry.Private[int | None]
    introduction_id: strawberry.Private[int]

    changed_by = reference(
        "User", "changed_by_id", description="The staff user who moved it, when known."
    )
    introduction = reference(
        "Introduction", "introduction_id", required=True, description="The introduction that moved."
    )


IntroductionOrder = order_input("Introduction", introduction.ORDERING)


@filter_input("Conditions on introductions; lists mean any of.")
class IntroductionFilter:
    status: list[IntroductionStatus] | None = optional("In any of these statuses.")  # type: ignore[valid-type]
    seeker: list[relay.GlobalID] | None = optional("People.")
    target: list[relay.GlobalID] | None = optional("People or organisations to be met.")
    broker: list[relay.GlobalID] | None = optional("People.")
    event: list[relay.GlobalID] | None = optional("Asked for or made at any of these events.")
    requested_after: datetime | None = optional("Requested at or after this moment.")


@strawberry.input(description="Give exactly one of targetPerson and targetOrganization.")
class CreateIntroductionInput:
    seeker: relay.GlobalID = described("The ID of the person who wants to meet the target.")
    target_person: relay.GlobalID | None = optional("The ID of the person to meet.")
    target_organization: relay.GlobalID | None = optional("The ID of the organisation to meet.")
    broker: relay.GlobalID | None = optional("A person other than the seeker.")
    purpose: str | None = optional(
        "Why the seeker wants to meet the target, at most 10,000 characters."
    )
    event: relay.GlobalID | None = optional("The ID of the event where it was asked for.")
    path: list[relay.GlobalID] | None = optional(
        "The introduction path: node IDs from the seeker to the target, each node once."
    )
    retention_until: date | None = optional(
        "Keep until this day; `crm purge` deletes it afterwards."
    )


@strawberry.input(
    description="Only the fields sent are changed; null clears a field. The status is not "
    "changed here: it moves through its workflow with moveIntroduction."
)
class UpdateIntroductionInput:
    id: relay.GlobalID = described("The ID of the introduction.")
    expected_version: int = described(EXPECTED_VERSION)
    purpose: str | None = strawberry.field(
        default=UNSET, description="Why the seeker wants to meet the target."
    )
    broker: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The ID of the person who makes the introduction."
    )
    event: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The ID of the event where it was asked for or made."
    )
    outcome_note: str | None = strawberry.field(
        default=UNSET, description="What came of it, in words."
    )
    retention_until: date | None = strawberry.field(
        default=UNSET, description="Keep until this day; `crm purge` deletes it afterwards."
    )


@strawberry.input(
    description="Move an introduction's status one step of its workflow: "
    "REQUESTED → BROKER_AGREED → TARGET_AGREED → MADE → OUTCOME, one step at a time; "
    "DECLINED or WITHDRAWN from any open step (with a reason); back one step (with a "
    "reason); out of OUTCOME, DECLINED or WITHDRAWN only by reopening, with a reason, to "
    "the step it was closed from. Any other move is an INVALID_TRANSITION on `to`."
)
class MoveIntroductionInput:
    id: relay.GlobalID = described("The ID of the introduction.")
    expected_version: int = described(EXPECTED_VERSION)
    to: IntroductionStatus = described("The status to move to.")  # type: ignore[valid-type]
    reason: str | None = optional(
        "Why; required to decline, withdraw, go back or reopen. Kept in the history."
    )
    outcome_application: relay.GlobalID | None = optional(
        "Moving to OUTCOME: an Application the seeker made."
    )
    outcome_project: relay.GlobalID | None = optional("Moving to OUTCOME: a Project it led to.")
    outcome_agreement: relay.GlobalID | None = optional(
        "Moving to OUTCOME: an Agreement it led to."
    )
    outcome_note: str | None = optional(
        "Moving to OUTCOME: what came of it in words. An OUTCOME needs a note "
        "or at least one outcome link."
    )


IntroductionQuery = list_query(
    Introduction,
    "introductions",
    introduction.INTRODUCTIONS,
    IntroductionFilter,
    "Introductions, newest request first unless ordered.",
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
