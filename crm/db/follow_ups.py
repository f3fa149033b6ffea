"""Keeps every person's `next_contact_due_at` in step with their cadence and last contact.

An `after_flush` listener: whenever a flush creates a person with a cadence, or changes a
person's `contact_cadence_days`, `last_contacted_at` or `created_at` (an edit, a merge),
it recomputes the due time in SQL, in the same transaction, with the one definition in
`crm.db.queries.follow_up`, and puts the stored value on the object. Writers that change
`last_contacted_at` with a Core UPDATE (logging interactions) write the due time in the
same statement. Bulk loads (core inserts) bypass it: they must leave the cadence NULL or
run `crm.db.queries.follow_up.refresh` afterwards.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from crm.db.models import Person
from crm.db.queries import follow_up

_INPUTS = ("contact_cadence_days", "last_contacted_at", "created_at")


def _needs_refresh(obj: Person, *, new: bool) -> bool:
    if new:
        return obj.contact_cadence_days is not None
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in _INPUTS)


@event.listens_for(Session, "after_flush")
def _refresh_next_contact_due(session: Session, _context: Any) -> None:
    changed: dict[int, Person] = {}
    for obj in session.new:
        if isinstance(obj, Person) and obj.id is not None and _needs_refresh(obj, new=True):
            changed[obj.id] = obj
    for obj in session.dirty:
        if isinstance(obj, Person) and obj.id is not None and _needs_refresh(obj, new=False):
            changed[obj.id] = obj
    if not changed:
        return
    for key, due in follow_up.refresh_now(session.connection(), list(changed)).items():
        set_committed_value(changed[key], "next_contact_due_at", due)
