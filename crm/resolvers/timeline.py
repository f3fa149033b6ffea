"""A person's or an organisation's timeline: every dated record, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Subquery, select
from sqlalchemy.engine import Row

from crm.db.queries import timeline as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers.context import Context
from crm.resolvers.listing import CountRows, checked

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
    context: Context,
    *,
    person_id: int | None = None,
    organization_id: int | None = None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    if person_id is not None:
        source, owner, name = q.person_timeline(), person_id, "person_timeline"
    elif organization_id is not None:
        source, owner, name = q.organization_timeline(), organization_id, "organization_timeline"
    else:
        raise ValueError("give a person or an organisation")
    return await _page(context, source, owner, name, request)


async def _page(
    context: Context, source: Subquery, owner: int, name: str, request: PageRequest
) -> tuple[Page, CountRows]:
    sort = [
        SortKey(source.c.at, descending=True),
        SortKey(source.c.kind, descending=True),
        SortKey(source.c.record_id, descending=True),
    ]
    request = checked(request, sort)
    statement = select(source)
    parent = source.c[q.OWNER]
    loaders = context.loaders
    page = await loaders.page_by_parent_over(statement, parent, sort, request, name=name).load(
        owner
    )

    async def count_rows() -> int:
        return await loaders.count_by_parent_over(statement, parent, name=name).load(owner)

    return page, count_rows
