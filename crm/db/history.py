"""Keeps the stage history of projects and applications and the status history of
introductions, for every write path.

An `after_flush` listener: whenever a flush creates a project, application or
introduction, or changes its stage (status), it inserts a change row in the same
transaction. Who made the change and why come from `session.info` (set by the writer),
so the history needs no cooperation from each resolver. Bulk loads (core inserts)
bypass it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Insert, event, insert, inspect, select
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


@event.listens_for(Session, "after_flush")
def _record_stage_changes(session: Session, _context: Any) -> None:
    actor, reason, now = session.info.get(ACTOR_KEY), session.info.get(REASON_KEY), utcnow()
    rows: dict[_Tracked, list[dict[str, Any]]] = {}
    for obj in [*session.new, *session.dirty]:
        tracked = _TRACKED.get(type(obj))
        change = _change(obj, tracked.attribute) if tracked else None
        if tracked is None or change is None:
            continue
        rows.setdefault(tracked, []).append(
            {
                tracked.key: obj.id,
                tracked.from_column: change[0],
                tracked.to_column: change[1],
                "changed_at": _changed_at(obj, tracked, now),
                "changed_by_id": actor,
                "reason": reason,
            }
        )
    for tracked, values in rows.items():
        table = table_of(tracked.history)
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
