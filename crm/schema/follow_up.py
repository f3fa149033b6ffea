"""Follow-ups due: whom a liaison officer should contact, most overdue first."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from crm.db.paging import PageRequest, encode_cursor
from crm.db.types import utcnow
from crm.resolvers import follow_up
from crm.resolvers.listing import CountRows
from crm.schema.connection import page_info
from crm.schema.info import Info
from crm.schema.inputs import plain
from crm.schema.node import reference
from crm.schema.person import Person


@strawberry.type(description="A person to contact: who, due since when, the last contact, owner.")
class FollowUp:
    person: Person
    due_at: datetime = strawberry.field(
        description="When the contact fell (or falls) due: the person's nextContactDue."
    )
    days_overdue: int = strawberry.field(
        description="Whole days since dueAt, as of now; 0 when it is not due yet."
    )
    last_contacted_at: datetime | None = strawberry.field(
        description="The last interaction with the person; null if never contacted."
    )
    contact_cadence_days: int
    owner_id: strawberry.Private[int | None]

    owner = reference("User", "owner_id", description="The staff user responsible for the person.")


@strawberry.type
class FollowUpEdge:
    cursor: str
    node: FollowUp


@strawberry.type(description="A page of follow-ups.")
class FollowUpConnection:
    edges: list[FollowUpEdge]
    page_info: relay.PageInfo
    count_rows: strawberry.Private[CountRows]

    @strawberry.field(description="How many people are due in all (all pages).")
    async def total_count(self) -> int:
        return await self.count_rows()


@strawberry.type
class FollowUpQuery:
    @strawberry.field(
        description="People whose next contact is due by `dueBy` (default: now), most "
        "overdue first; people without a cadence never appear. `owner` (a User ID) keeps "
        "one liaison officer's people; without it, a liaison officer gets their own and "
        "other roles every owner's. People who withdrew consent to being contacted (or to "
        "any processing) never appear."
    )
    async def follow_ups_due(
        self,
        info: Info,
        owner: relay.GlobalID | None = None,
        due_by: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> FollowUpConnection:
        page_size = info.context.settings.max_page_size
        request = PageRequest.of(first=first, after=after, max_page_size=page_size)
        page, count_rows = await follow_up.follow_ups_due(
            info.context, owner=plain(owner), due_by=due_by, request=request
        )
        now = utcnow()
        edges = []
        for row, key in zip(page.rows, page.keys, strict=True):
            item = FollowUp(
                person=Person.from_row(row),
                due_at=row.next_contact_due_at,
                days_overdue=follow_up.days_overdue(row.next_contact_due_at, now),
                last_contacted_at=row.last_contacted_at,
                contact_cadence_days=row.contact_cadence_days,
                owner_id=row.owner_id,
            )
            edges.append(FollowUpEdge(cursor=encode_cursor(key), node=item))
        return FollowUpConnection(
            edges=edges, page_info=page_info(page, edges), count_rows=count_rows
        )
