"""Timeline: a person's or an organisation's dated records in one list, newest first."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from crm.db.paging import PageRequest, encode_cursor
from crm.resolvers import timeline
from crm.resolvers.listing import CountRows
from crm.schema.connection import page_info
from crm.schema.info import Info
from crm.schema.node import RowNode


@strawberry.enum(description="What kind of record a timeline entry shows.")
class TimelineKind(Enum):
    INTERACTION = "interaction"
    INTRODUCTION = "introduction"
    INTRODUCTION_STATUS = "introduction_status"
    ATTENDANCE = "attendance"
    APPLICATION = "application"
    APPLICATION_STAGE = "application_stage"
    PROJECT_STAGE = "project_stage"
    AGREEMENT = "agreement"
    AFFILIATION = "affiliation"


@strawberry.type(description="One dated record on a timeline.")
class TimelineEntry:
    at: datetime
    kind: TimelineKind
    summary: str = strawberry.field(description="A sentence for a list view.")
    record_type: strawberry.Private[str]
    record_id: strawberry.Private[int]

    @strawberry.field(description="The record itself, to show in full.")
    async def record(self, info: Info) -> relay.Node | None:
        node_type = RowNode.named(self.record_type)
        row = await info.context.loaders.row_by_id(node_type.table()).load(self.record_id)
        return node_type.from_row(row) if row else None


@strawberry.type
class TimelineEdge:
    cursor: str
    node: TimelineEntry


@strawberry.type(description="A page of a timeline.")
class TimelineConnection:
    edges: list[TimelineEdge]
    page_info: relay.PageInfo
    count_rows: strawberry.Private[CountRows]

    @strawberry.field(description="How many entries the whole timeline holds.")
    async def total_count(self) -> int:
        return await self.count_rows()


def entry_of(item: timeline.TimelineItem) -> TimelineEntry:
    return TimelineEntry(
        at=item.at,
        kind=TimelineKind(item.kind),
        summary=item.summary,
        record_type=item.record_type,
        record_id=item.record_id,
    )


def timeline_field(*, of_organization: bool) -> Any:
    """A person's or an organisation's `timeline` field."""

    async def resolve(
        root: Any,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> TimelineConnection:
        page_size = info.context.settings.max_page_size
        request = PageRequest.of(
            first=first, after=after, last=last, before=before, max_page_size=page_size
        )
        page, count_rows = await timeline.timeline_of(
            info.context, root.id, request, of_organization=of_organization
        )
        edges = [
            TimelineEdge(
                cursor=encode_cursor(key),
                node=entry_of(timeline.item_of(row, of_organization=of_organization)),
            )
            for row, key in zip(page.rows, page.keys, strict=True)
        ]
        return TimelineConnection(
            edges=edges, page_info=page_info(page, edges), count_rows=count_rows
        )

    return strawberry.field(
        resolver=resolve,
        description="Meetings, introductions, events, applications, stage changes, "
        "agreements and affiliations, newest first.",
    )
