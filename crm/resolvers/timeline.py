"""A person's or an organisation's timeline: every dated record, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Row

from crm.db.paging import PageRequest, SortKey, checked
from crm.db.queries import timeline as q
from crm.resolvers.context import Context
from crm.resolvers.listing import Listed

_KIND_WORDS = {
    "interaction": "{detail}: {label}",
    "attendance": "Attended {label} ({detail})",
    "application": "Applied for {label}",
    "application_stage": "Application for {label} moved to {detail}",
    "project_stage": "Project {label} moved to {detail}",
    "agreement": "Agreement {label} ({detail})",
    "affiliation": "{detail} of {label} from this date",
    # on an organisation's timeline the label is the person
    "member": "{label} became {detail}",
    "introduction": "Introduction requested: {label}",
    "introduction_status": "Introduction moved to {detail}: {label}",
}


@dataclass(frozen=True)
class TimelineItem:
    at: datetime
    kind: str
    record_type: str
    record_id: int
    summary: str


def item_of(row: Row[Any], *, of_organization: bool = False) -> TimelineItem:
    kind = "member" if of_organization and row.kind == "affiliation" else row.kind
    words = _KIND_WORDS[kind]
    detail = (row.detail or "").replace("_", " ")
    label = row.label or "(no description)"
    return TimelineItem(
        at=row.at,
        kind=row.kind,
        record_type=row.record_type,
        record_id=row.record_id,
        summary=words.format(label=label, detail=detail),
    )


async def timeline_of(
    context: Context, owner_id: int, request: PageRequest, *, of_organization: bool = False
) -> Listed:
    """A person's (or an organisation's) timeline, newest first, batched across owners."""
    if of_organization:
        source, name = q.organization_timeline(), "organization_timeline"
    else:
        source, name = q.person_timeline(), "person_timeline"
    sort = [
        SortKey(source.c.at, descending=True),
        SortKey(source.c.kind, descending=True),
        SortKey(source.c.record_id, descending=True),
    ]
    request = checked(request, sort)
    statement = select(source)
    parent = source.c[q.OWNER]
    loaders = context.loaders
    loader = loaders.page_by_parent_over(statement, parent, sort, request, name=name)
    page = await loader.load(owner_id)

    async def count_rows() -> int:
        return await loaders.count_by_parent_over(statement, parent, name=name).load(owner_id)

    return page, count_rows
