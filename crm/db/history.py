"""Keeps the stage history of projects and applications, for every write path.

An `after_flush` listener: whenever a flush creates a project or application, or
changes its stage, it inserts a stage-change row in the same transaction. Who made
the change and why come from `session.info` (set by the writer), so the history
needs no cooperation from each resolver. Bulk loads (core inserts) bypass it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from crm.db.models import Application, ApplicationStageChange, Project, ProjectStageChange
from crm.db.types import utcnow

ACTOR_KEY = "crm_actor_id"
REASON_KEY = "crm_change_reason"

_TRACKED: dict[type, tuple[type, str]] = {
    Project: (ProjectStageChange, "project_id"),
    Application: (ApplicationStageChange, "application_id"),
}


def _stage_change(obj: Any) -> tuple[Any, Any] | None:
    """(from, to) when the object's stage is new or changed in this flush."""
    history = inspect(obj).attrs.stage.history
    if not history.added:
        return None
    before = history.deleted[0] if history.deleted else None
    after = history.added[0]
    return None if before == after else (before, after)


@event.listens_for(Session, "after_flush")
def _record_stage_changes(session: Session, _context: Any) -> None:
    actor, reason, now = session.info.get(ACTOR_KEY), session.info.get(REASON_KEY), utcnow()
    rows: dict[type, list[dict[str, Any]]] = {}
    for obj in [*session.new, *session.dirty]:
        tracked = _TRACKED.get(type(obj))
        change = _stage_change(obj) if tracked else None
        if tracked is None or change is None:
            continue
        history_model, key = tracked
        rows.setdefault(history_model, []).append(
            {
                key: obj.id,
                "from_stage": change[0],
                "to_stage": change[1],
                "changed_at": now,
                "changed_by_id": actor,
                "reason": reason,
            }
        )
    for history_model, values in rows.items():
        session.connection().execute(insert(history_model), values)
