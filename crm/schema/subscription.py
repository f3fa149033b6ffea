"""Subscriptions (graphql-transport-ws on /graphql): timelines, introductions and the
project pipeline as they change."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import subscription
from crm.resolvers.ids import keys_of
from crm.schema.info import Info
from crm.schema.inputs import plain
from crm.schema.introduction import IntroductionStatusChange
from crm.schema.project import ProjectStageChange
from crm.schema.timeline import TimelineEntry, entry_of


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description=(
            "Each entry added to a person's or an organisation's timeline from now on: "
            "interactions logged, introductions requested and moved, attendances, "
            "applications and their stages, project stage changes, agreements and "
            "affiliations, once committed."
        )
    )
    async def timeline_entry_added(
        self, info: Info, id: relay.GlobalID
    ) -> AsyncGenerator[TimelineEntry, None]:
        (key,) = keys_of("id", [plain(id)], "Person", "Organization")
        is_person = id.type_name == "Person"
        model = models.Person if is_person else models.Organization
        await subscription.record_exists(info.context, model, {key}, "id")
        items = subscription.timeline_items(
            info.context,
            person_id=key if is_person else None,
            organization_id=None if is_person else key,
        )
        async for item in items:
            yield entry_of(item)

    @strawberry.subscription(
        description=(
            "Each move of an introduction's status from now on (of every introduction, "
            "including new ones, when `id` is left out: a board follows them all)."
        )
    )
    async def introduction_status_changed(
        self, info: Info, id: relay.GlobalID | None = None
    ) -> AsyncGenerator[IntroductionStatusChange, None]:
        keys = None
        if id is not None:
            (key,) = keys_of("id", [plain(id)], "Introduction")
            await subscription.record_exists(info.context, models.Introduction, {key}, "id")
            keys = {key}
        rows = subscription.history_rows(info.context, models.IntroductionStatusChange, keys)
        async for row in rows:
            yield IntroductionStatusChange.from_row(row)

    @strawberry.subscription(
        description=(
            "The project pipeline as it moves: each stage change of the given projects "
            "(of every project when `projects` is left out), including new projects."
        )
    )
    async def project_stage_changed(
        self, info: Info, projects: list[relay.GlobalID] | None = None
    ) -> AsyncGenerator[ProjectStageChange, None]:
        keys = None if projects is None else set(keys_of("projects", plain(projects), "Project"))
        if keys:
            await subscription.record_exists(info.context, models.Project, keys, "projects")
        rows = subscription.history_rows(info.context, models.ProjectStageChange, keys)
        async for row in rows:
            yield ProjectStageChange.from_row(row)
