"""Follow-ups: the people whose next contact is due, most overdue first.

Until requests carry a signed-in staff user (accounts are another issue) the owner is
an argument, and without it the list holds every owner's follow-ups; once they do, it
will default to the current user.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, select

from crm.db.enums import ConsentPurpose, UserRole
from crm.db.paging import PageRequest, SortKey, with_key
from crm.db.queries import follow_up
from crm.db.queries import person as q
from crm.db.queries.consent import withdrawn
from crm.db.types import utcnow
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, keys_of
from crm.resolvers.listing import Listed, aware, page_of

#: most overdue first; the filter leaves out people without a due time
ORDER = [SortKey(q.person.c.next_contact_due_at)]


async def follow_ups_due(
    context: Context,
    *,
    owner: RecordId | None,
    due_by: datetime | None,
    request: PageRequest,
) -> Listed:
    """People whose next contact is due at or before `due_by` (default: now)."""
    moment = utcnow() if due_by is None else aware("dueBy", due_by)
    # Nobody who withdrew consent to being contacted (or to any processing).
    parts = [
        follow_up.due_by(moment),
        q.person.c.id.not_in(withdrawn(ConsentPurpose.CONTACT).scalar_subquery()),
    ]
    viewer = context.viewer
    if owner is not None:
        parts.append(q.owned_by(keys_of("owner", [owner], "User")))
    elif viewer is not None and viewer.role is UserRole.LIAISON and viewer.user_id is not None:
        # A liaison officer's own follow-ups unless they ask for another owner's.
        parts.append(q.owned_by([viewer.user_id]))
    statement = select(q.person).where(and_(*parts))
    return await page_of(context, statement, with_key(ORDER, q.person), request)


def days_overdue(due_at: datetime, now: datetime) -> int:
    """Whole days since the contact fell due; 0 when it is not due yet."""
    return max(0, (now - due_at).days)
