"""Timeline: a person's or an organisation's dated records in one list, newest first."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from crm.resolvers import timeline
from crm.schema.connection import After, Before, Connection, First, Last, page_request
from crm.schema.enums import described_enum
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.node import RowNode


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


described_enum(
    TimelineKind,
    "What kind of record a timeline entry shows.",
    {
        "INTERACTION": "A meeting, call, message or note (Interaction).",
        "INTRODUCTION": "An introduction asked for (Introduction).",
        "INTRODUCTION_STATUS": "An introduction moving on (IntroductionStatusChange).",
        "ATTENDANCE": "Being at an event (Attendance).",
        "APPLICATION": "A job application sent (Application).",
        "APPLICATION_STAGE": "A job application moving on (ApplicationStageChange).",
        "PROJECT_STAGE": "A project moving to another stage (ProjectStageChange).",
        "AGREEMENT": "An agreement made (Agreement).",
        "AFFILIATION": "Joining an organisation (Affiliation).",
    },
)


@strawberry.type(description="One dated record on a timeline.")
class TimelineEntry:
    at: datetime = described("When it happened (UTC).")
    kind: TimelineKind = described("What kind of record it is.")
    summary: str = described("A sentence for a list view.")
    record_type: strawberry.Private[str]
    record_id: strawberry.Private[int]

    @strawberry.field(description="The record itself, to show in full.")
    async def record(self, info: Info) -> relay.Node | None:
        node_type = RowNode.named(self.record_type)
        row = await info.context.loaders.row_by_id(node_type.table()).load(self.record_id)
        return node_type.from_row(row) if row else None


@strawberry.type(name="TimelineConnection", description="A page of a timeline.")
class TimelineConnection(Connection[TimelineEntry]):
    """Named as before the timeline shared `Connection` (clients' fragments use it)."""


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
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> TimelineConnection:
        request = page_request(info, first=first, after=after, last=last, before=before)
        page, count_rows = await timeline.timeline_of(
            info.context, root.id, request, of_organization=of_organization
        )

        def to_entry(row: Any) -> TimelineEntry:
            return entry_of(timeline.item_of(row, of_organization=of_organization))

        return TimelineConnection.from_page(page, to_entry, count_rows)

    return strawberry.field(
        resolver=resolve,
        description="Meetings, introductions, events, applications, stage changes, "
        "agreements and affiliations, newest first.",
    )
