"""Keep-in-touch cadence: when each person's next contact is due, and who is due.

`next_contact_due_at` is derived: (last contact, or creation when never contacted) plus
the cadence in days, NULL without a cadence. It is stored so that the follow-ups of a
liaison officer are an index range, and written only through `next_contact_due`, the
one definition of it (by the contact-time updates in `queries.interaction` and by the
flush listener in `crm.db.follow_ups` for every ORM write of a person).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Update, case, func, type_coerce, update

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.sql import timestamp_plus_days
from crm.db.types import UTCDateTime

person = table_of(models.Person)


def next_contact_due(last_contacted: ColumnElement[Any]) -> ColumnElement[datetime]:
    """The due time for a person row whose last contact is `last_contacted` (an
    expression: the stored column, or the value the same UPDATE writes to it)."""
    cadence = person.c.contact_cadence_days
    since = func.coalesce(last_contacted, person.c.created_at)
    due = case((cadence.is_(None), None), else_=timestamp_plus_days(since, cadence))
    return type_coerce(due, UTCDateTime())


def refresh(person_ids: Sequence[int]) -> Update:
    """Recompute the stored due time of these people from their stored columns.

    A derived value, not an edit: version and updated_at stay as they are.
    """
    return (
        update(person)
        .where(person.c.id.in_(list(person_ids)))
        .values(
            next_contact_due_at=next_contact_due(person.c.last_contacted_at),
            updated_at=person.c.updated_at,
        )
        .returning(person.c.id, person.c.next_contact_due_at)
    )


def refresh_now(connection: Connection, person_ids: Sequence[int]) -> dict[int, datetime | None]:
    """Run `refresh` on a synchronous connection (inside a flush); id → new due time."""
    if not person_ids:
        return {}
    return {row.id: row.next_contact_due_at for row in connection.execute(refresh(person_ids))}


def due_by(moment: datetime) -> ColumnElement[bool]:
    """The next contact is due at or before `moment` (people without a cadence never are)."""
    return person.c.next_contact_due_at <= moment


def due_before(moment: datetime) -> ColumnElement[bool]:
    return person.c.next_contact_due_at < moment
