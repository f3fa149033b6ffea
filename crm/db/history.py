"""Keeps the stage history of projects and applications and the status history of
introductions, for every write path.

An `after_flush` listener: whenever a flush creates a project, application or
introduction, or changes its stage (status), it inserts a change row in the same
transaction. Who made the change and why come from `session.info` (set by the writer),
so the history needs no cooperation from each resolver. Bulk loads (core inserts)
bypass it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, Table, event, insert, inspect, select
from sqlalchemy.orm import Session

from crm.db.models import (
    Application,
    ApplicationStageChange,
    Introduction,
    IntroductionStatusChange,
    Project,
    ProjectStageChange,
)
from crm.db.queries.common import table_of
from crm.db.types import utcnow

ACTOR_KEY = "crm_actor_id"
REASON_KEY = "crm_change_reason"
#: (history model name, history row key, tracked record key) of the rows a flush inserted
HISTORY_ROWS_KEY = "crm_history_rows"


@dataclass(frozen=True)
class _Tracked:
    history: type
    key: str
    #: the tracked attribute and the history's from/to columns
    attribute: str = "stage"
    from_column: str = "from_stage"
    to_column: str = "to_stage"
    #: the record's own "changed at" attribute: the history takes the same moment
    stamp: str | None = None


_TRACKED: dict[type, _Tracked] = {
    Project: _Tracked(ProjectStageChange, "project_id"),
    Application: _Tracked(ApplicationStageChange, "application_id"),
    Introduction: _Tracked(
        IntroductionStatusChange,
        "introduction_id",
        attribute="status",
        from_column="from_status",
        to_column="to_status",
        stamp="status_changed_at",
    ),
}


def _change(obj: Any, attribute: str) -> tuple[Any, Any] | None:
    """(from, to) when the object's tracked attribute is new or changed in this flush."""
    history = inspect(obj).attrs[attribute].history
    if not history.added:
        return None
    before = history.deleted[0] if history.deleted else None
    after = history.added[0]
    return None if before == after else (before, after)


def _changed_at(obj: Any, tracked: _Tracked, now: datetime) -> datetime:
    stamp = getattr(obj, tracked.stamp) if tracked.stamp else None
    return stamp if isinstance(stamp, datetime) else now


#: a move of a tracked record: (its key, from, to, when)
Move = tuple[int | None, Any, Any, datetime]


def history_rows(
    record: type, moves: Iterable[Move], *, actor: int | None, reason: str | None = None
) -> tuple[Table, list[dict[str, Any]]]:
    """The history table of `record` (Project, Application, Introduction) and the rows of
    these moves: the listener's, and those of writers that bypass the ORM (imports)."""
    tracked = _TRACKED[record]
    rows = [
        {
            tracked.key: key,
            tracked.from_column: before,
            tracked.to_column: after,
            "changed_at": at,
            "changed_by_id": actor,
            "reason": reason,
        }
        for key, before, after, at in moves
    ]
    return table_of(tracked.history), rows


@event.listens_for(Session, "after_flush")
def _record_stage_changes(session: Session, _context: Any) -> None:
    actor, reason, now = session.info.get(ACTOR_KEY), session.info.get(REASON_KEY), utcnow()
    moves: dict[type, list[Move]] = {}
    for obj in [*session.new, *session.dirty]:
        tracked = _TRACKED.get(type(obj))
        change = _change(obj, tracked.attribute) if tracked else None
        if tracked is None or change is None:
            continue
        at = _changed_at(obj, tracked, now)
        moves.setdefault(type(obj), []).append((obj.id, change[0], change[1], at))
    for record, found in moves.items():
        tracked = _TRACKED[record]
        table, values = history_rows(record, found, actor=actor, reason=reason)
        inserted = session.connection().execute(
            insert(table).returning(table.c.id, table.c[tracked.key]), values
        )
        # Kept for the live updates (crm/db/notify.py), which announce each new history row.
        session.info.setdefault(HISTORY_ROWS_KEY, []).extend(
            (tracked.history.__name__, row_id, parent_id) for row_id, parent_id in inserted
        )


def introduction_history_backfill() -> Insert:
    """One history row, from nothing to the current status at `status_changed_at`, for
    every introduction without a history (after a bulk load)."""
    introduction = table_of(Introduction)
    change = table_of(IntroductionStatusChange)
    has_history = select(change.c.id).where(change.c.introduction_id == introduction.c.id)
    rows = select(introduction.c.id, introduction.c.status, introduction.c.status_changed_at).where(
        ~has_history.exists()
    )
    return insert(change).from_select(["introduction_id", "to_status", "changed_at"], rows)
