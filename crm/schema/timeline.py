"""Timeline: a person's or an organisation's dated records in one list, newest first."""

from __future__ import annotations

import importlib
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from crm.resolvers import timeline
from crm.resolvers.context import Info
from crm.resolvers.listing import CountRows
from crm.resolvers.paging import encode_cursor
from crm.schema.paging import PageArgs

# Where the node type of each kind of record lives.
_RECORD_TYPES = {
    "Interaction": "crm.schema.interaction",
    "Introduction": "crm.schema.introduction",
    "IntroductionStatusChange": "crm.schema.introduction",
    "Attendance": "crm.schema.attendance",
    "Application": "crm.schema.application",
    "ApplicationStageChange": "crm.schema.application",
    "ProjectStageChange": "crm.schema.project",
    "Agreement": "crm.schema.agreement",
    "Affiliation": "crm.schema.affiliation",
}


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
        module = importlib.import_module(_RECORD_TYPES[self.record_type])
        node_type: Any = getattr(module, self.record_type)
        row = await info.context.loaders.row_by_id(node_type.table()).load(self.record_id)
        node: relay.Node | None = node_type.from_row(row) if row else None
        return node


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


async def timeline_of(
    info: Info,
    *,
    person_id: int | None = None,
    organization_id: int | None = None,
    args: PageArgs,
) -> TimelineConnection:
    page, count_rows = await timeline.timeline_of(
        info.context,
        person_id=person_id,
        organization_id=organization_id,
        request=args.request(info),
    )
    edges = []
    for row, key in zip(page.rows, page.keys, strict=True):
        entry = entry_of(timeline.item_of(row, of_organization=organization_id is not None))
        edges.append(TimelineEdge(cursor=encode_cursor(key), node=entry))
    return TimelineConnection(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_next_page,
            has_previous_page=page.has_previous_page,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count_rows=count_rows,
    )
