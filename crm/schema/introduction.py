"""Introduction: the node, its status history, its filters and order, and its mutations
(the status moves through `moveIntroduction`)."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import crud, introduction, introduction_workflow
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import IntroductionStatus
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs
from crm.schema.user import User, user_by_id

if TYPE_CHECKING:
    from crm.schema.agreement import Agreement
    from crm.schema.application import Application
    from crm.schema.event import Event
    from crm.schema.organization import Organization
    from crm.schema.person import Person
    from crm.schema.project import Project

Lazy = strawberry.lazy


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

    async def _person(self, info: Info, key: int | None) -> Person | None:
        from crm.schema.person import Person

        if key is None:
            return None
        row = await info.context.loaders.row_by_id(Person.table()).load(key)
        return Person.from_row(row) if row else None

    @strawberry.field(description="The person who wants to meet the target.")
    async def seeker(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")]:
        from crm.schema.person import Person

        row = await info.context.loaders.row_by_id(Person.table()).load(self.seeker_id)
        return Person.from_row(row)

    @strawberry.field(description="The person to meet (or else targetOrganization).")
    async def target_person(
        self, info: Info
    ) -> Annotated[Person, Lazy("crm.schema.person")] | None:
        return await self._person(info, self.target_person_id)

    @strawberry.field(description="The organisation to meet (or else targetPerson).")
    async def target_organization(
        self, info: Info
    ) -> Annotated[Organization, Lazy("crm.schema.organization")] | None:
        from crm.schema.organization import Organization

        if self.target_organization_id is None:
            return None
        loader = info.context.loaders.row_by_id(Organization.table())
        row = await loader.load(self.target_organization_id)
        return Organization.from_row(row) if row else None

    @strawberry.field(description="The person who makes the introduction (the first hop).")
    async def broker(self, info: Info) -> Annotated[Person, Lazy("crm.schema.person")] | None:
        return await self._person(info, self.broker_id)

    @strawberry.field(description="The staff user who asked for it.")
    async def requested_by(self, info: Info) -> User | None:
        return await user_by_id(info, self.requested_by_id)

    @strawberry.field(description="The event where it was asked for or made.")
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")] | None:
        from crm.schema.event import Event

        if self.event_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row) if row else None

    @strawberry.field(
        description="What came of it: the seeker's application (set on moving to OUTCOME)."
    )
    async def outcome_application(
        self, info: Info
    ) -> Annotated[Application, Lazy("crm.schema.application")] | None:
        from crm.schema.application import Application

        if self.outcome_application_id is None:
            return None
        loader = info.context.loaders.row_by_id(Application.table())
        row = await loader.load(self.outcome_application_id)
        return Application.from_row(row) if row else None

    @strawberry.field(description="What came of it: a project (set on moving to OUTCOME).")
    async def outcome_project(
        self, info: Info
    ) -> Annotated[Project, Lazy("crm.schema.project")] | None:
        from crm.schema.project import Project

        if self.outcome_project_id is None:
            return None
        row = await info.context.loaders.row_by_id(Project.table()).load(self.outcome_project_id)
        return Project.from_row(row) if row else None

    @strawberry.field(description="What came of it: an agreement (set on moving to OUTCOME).")
    async def outcome_agreement(
        self, info: Info
    ) -> Annotated[Agreement, Lazy("crm.schema.agreement")] | None:
        from crm.schema.agreement import Agreement

        if self.outcome_agreement_id is None:
            return None
        loader = info.context.loaders.row_by_id(Agreement.table())
        row = await loader.load(self.outcome_agreement_id)
        return Agreement.from_row(row) if row else None

    @strawberry.field(
        description="Every status the introduction moved through, oldest first; the first "
        "entry is the status it was created in (or, for introductions older than the "
        "history, the status it was in when the history began)."
    )
    async def history(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[IntroductionStatusChange]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await introduction_workflow.status_history(
            info.context, self.id, request
        )
        return Connection.from_page(page, IntroductionStatusChange.from_row, count_rows)


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

    @strawberry.field(description="The staff user who moved it, when known.")
    async def changed_by(self, info: Info) -> User | None:
        return await user_by_id(info, self.changed_by_id)

    @strawberry.field
    async def introduction(self, info: Info) -> Introduction:
        row = await info.context.loaders.row_by_id(Introduction.table()).load(self.introduction_id)
        return Introduction.from_row(row)


@strawberry.enum
class IntroductionOrderField(Enum):
    REQUESTED_AT = "requested_at"
    STATUS_CHANGED_AT = "status_changed_at"
    STATUS = "status"


@strawberry.input
class IntroductionOrder:
    field: IntroductionOrderField
    direction: OrderDirection = OrderDirection.ASC


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


@strawberry.input
class DeleteIntroductionInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateIntroductionPayload:
    introduction: Introduction | None
    errors: list[UserError]


@strawberry.type
class UpdateIntroductionPayload:
    introduction: Introduction | None
    errors: list[UserError]


@strawberry.type
class MoveIntroductionPayload:
    introduction: Introduction | None
    errors: list[UserError]


@strawberry.type
class IntroductionQuery:
    @strawberry.field(description="Introductions, newest request first unless ordered.")
    async def introductions(
        self,
        info: Info,
        filter: IntroductionFilter | None = None,
        order_by: list[IntroductionOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Introduction]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await introduction.introductions(info.context, filter, order_by, request)
        return Connection.from_page(page, Introduction.from_row, count_rows)


@strawberry.type
class IntroductionMutation:
    @strawberry.mutation
    async def create_introduction(
        self, info: Info, input: CreateIntroductionInput
    ) -> CreateIntroductionPayload:
        row, errors = await attempt(introduction.create_introduction(info.context, input))
        node = Introduction.from_row(row) if row else None
        return CreateIntroductionPayload(introduction=node, errors=errors)

    @strawberry.mutation(description="Change the details; the status has a workflow of its own.")
    async def update_introduction(
        self, info: Info, input: UpdateIntroductionInput
    ) -> UpdateIntroductionPayload:
        row, errors = await attempt(introduction.update_introduction(info.context, input))
        node = Introduction.from_row(row) if row else None
        return UpdateIntroductionPayload(introduction=node, errors=errors)

    @strawberry.mutation(
        description="Move the status along the workflow (see MoveIntroductionInput); the "
        "move is timestamped and kept in the history."
    )
    async def move_introduction(
        self, info: Info, input: MoveIntroductionInput
    ) -> MoveIntroductionPayload:
        call = introduction_workflow.move_introduction(info.context, input)
        row, errors = await attempt(call)
        node = Introduction.from_row(row) if row else None
        return MoveIntroductionPayload(introduction=node, errors=errors)

    @strawberry.mutation
    async def delete_introduction(
        self, info: Info, input: DeleteIntroductionInput
    ) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Introduction, input.id, "Introduction", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
