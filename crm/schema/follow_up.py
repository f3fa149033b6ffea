"""Follow-ups due: whom a liaison officer should contact, most overdue first."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from crm.db.types import utcnow
from crm.resolvers import follow_up
from crm.schema.connection import After, Connection, First, page_request
from crm.schema.info import Info
from crm.schema.inputs import described, plain
from crm.schema.node import reference
from crm.schema.person import Person


@strawberry.type(description="A person to contact: who, due since when, the last contact, owner.")
class FollowUp:
    person: Person = described("The person to contact.")
    due_at: datetime = described(
        "When the contact fell (or falls) due: the person's nextContactDue."
    )
    days_overdue: int = described("Whole days since dueAt, as of now; 0 when it is not due yet.")
    last_contacted_at: datetime | None = described(
        "The last interaction with the person; null if never contacted."
    )
    contact_cadence_days: int = described("Keep in touch every so many days, as set on the person.")
    owner_id: strawberry.Private[int | None]

    owner = reference("User", "owner_id", description="The staff user responsible for the person.")


@strawberry.type(name="FollowUpConnection", description="A page of follow-ups.")
class FollowUpConnection(Connection[FollowUp]):
    """How many are due in all is `totalCount`."""


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
        owner: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="The ID of the staff user whose people to list."),
        ] = None,
        due_by: Annotated[
            datetime | None,
            strawberry.argument(
                description="Due at or before this moment (with a time zone); now when left out."
            ),
        ] = None,
        first: First = None,
        after: After = None,
    ) -> FollowUpConnection:
        request = page_request(info, first=first, after=after)
        page, count_rows = await follow_up.follow_ups_due(
            info.context, owner=plain(owner), due_by=due_by, request=request
        )
        now = utcnow()

        def to_follow_up(row: Any) -> FollowUp:
            return FollowUp(
                person=Person.from_row(row),
                due_at=row.next_contact_due_at,
                days_overdue=follow_up.days_overdue(row.next_contact_due_at, now),
                last_contacted_at=row.last_contacted_at,
                contact_cadence_days=row.contact_cadence_days,
                owner_id=row.owner_id,
            )

        return FollowUpConnection.from_page(page, to_follow_up, count_rows)
