"""Project: the node (with its participants), its filters and order, and its mutations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import UNSET, relay

from crm.db import enums, models
from crm.resolvers import crud, project
from crm.resolvers.context import Info
from crm.schema.connection import Connection, OrderDirection
from crm.schema.enums import ProjectKind, ProjectStage
from crm.schema.errors import UserError
from crm.schema.mutation import DeletePayload, attempt
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.agreement import Agreement, AgreementOrder
    from crm.schema.event import Event
    from crm.schema.participation import Participation, ParticipationOrder
    from crm.schema.user import User

Lazy = strawberry.lazy


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

    @strawberry.field(description="Where the project was collected, shown or negotiated.")
    async def event(self, info: Info) -> Annotated[Event, Lazy("crm.schema.event")] | None:
        from crm.schema.event import Event

        if self.event_id is None:
            return None
        row = await info.context.loaders.row_by_id(Event.table()).load(self.event_id)
        return Event.from_row(row) if row else None

    @strawberry.field(description="The people and organisations taking part, in their roles.")
    async def participants(
        self,
        info: Info,
        order_by: list[Annotated[ParticipationOrder, Lazy("crm.schema.participation")]]
        | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Participation, Lazy("crm.schema.participation")]]:
        from crm.schema.participation import participations_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await participations_of(info, project_id=self.id, order_by=order_by, args=args)

    @strawberry.field(description="Every stage the project moved through, newest first.")
    async def stage_history(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ProjectStageChange]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await project.stage_history(info.context, self.id, request)
        return Connection.from_page(page, ProjectStageChange.from_row, count_rows)


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

    @strawberry.field(description="The staff user who moved it, when known.")
    async def changed_by(self, info: Info) -> Annotated[User, Lazy("crm.schema.user")] | None:
        from crm.schema.user import user_by_id

        return await user_by_id(info, self.changed_by_id)

    @strawberry.field(description="The project that moved.")
    async def project(self, info: Info) -> Project:
        row = await info.context.loaders.row_by_id(Project.table()).load(self.project_id)
        return Project.from_row(row)

    @strawberry.field(description="Agreements of this project.")
    async def agreements(
        self,
        info: Info,
        order_by: list[Annotated[AgreementOrder, Lazy("crm.schema.agreement")]] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Annotated[Agreement, Lazy("crm.schema.agreement")]]:
        from crm.schema.agreement import agreements_of

        args = PageArgs(first=first, after=after, last=last, before=before)
        return await agreements_of(info, project_id=self.id, order_by=order_by, args=args)


@strawberry.enum
class ProjectOrderField(Enum):
    NAME = "name"
    STAGE = strawberry.enum_value("stage", description="In pipeline order, LEAD first.")
    INTENDED_AMOUNT = "intended_amount"
    SIGNED_AMOUNT = "signed_amount"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


@strawberry.input
class ProjectOrder:
    field: ProjectOrderField
    direction: OrderDirection = OrderDirection.ASC


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


@strawberry.input(description="Only the fields sent are changed; null clears a field.")
class UpdateProjectInput:
    id: relay.GlobalID
    expected_version: int
    name: str | None = UNSET
    kind: ProjectKind | None = UNSET  # type: ignore[valid-type]
    stage: ProjectStage | None = UNSET  # type: ignore[valid-type]
    name_en: str | None = UNSET
    field: str | None = UNSET
    region: str | None = UNSET
    intended_amount: Decimal | None = UNSET
    signed_amount: Decimal | None = UNSET
    currency: str | None = UNSET
    event: relay.GlobalID | None = UNSET
    owner: relay.GlobalID | None = strawberry.field(default=UNSET, description="A staff User.")
    description: str | None = UNSET
    stage_reason: str | None = strawberry.field(
        default=None, description="Why the stage changes; kept in the stage history."
    )


@strawberry.input
class DeleteProjectInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.type
class CreateProjectPayload:
    project: Project | None
    errors: list[UserError]


@strawberry.type
class UpdateProjectPayload:
    project: Project | None
    errors: list[UserError]


@strawberry.type
class ProjectQuery:
    @strawberry.field(description="Projects, filtered and ordered, a page at a time.")
    async def projects(
        self,
        info: Info,
        filter: ProjectFilter | None = None,
        order_by: list[ProjectOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Project]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await project.projects(info.context, filter, order_by, request)
        return Connection.from_page(page, Project.from_row, count_rows)


@strawberry.type
class ProjectMutation:
    @strawberry.mutation
    async def create_project(self, info: Info, input: CreateProjectInput) -> CreateProjectPayload:
        row, errors = await attempt(project.create_project(info.context, input))
        return CreateProjectPayload(project=Project.from_row(row) if row else None, errors=errors)

    @strawberry.mutation
    async def update_project(self, info: Info, input: UpdateProjectInput) -> UpdateProjectPayload:
        row, errors = await attempt(project.update_project(info.context, input))
        return UpdateProjectPayload(project=Project.from_row(row) if row else None, errors=errors)

    @strawberry.mutation
    async def delete_project(self, info: Info, input: DeleteProjectInput) -> DeletePayload:
        call = crud.delete_by_id(
            info.context, models.Project, input.id, "Project", input.expected_version
        )
        row, errors = await attempt(call)
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)
