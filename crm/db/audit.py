"""The audit log: an entry for every row a write creates, changes or deletes, written in
the write's own transaction (a flush listener, like the graph revision's).

Each entry names who (the request's viewer, `session.info["viewer"]`; "system" for the
command line and the seed unless they name themselves in `session.info["actor"]`),
when, the request, the table and row, and the changed columns as `{column: [before,
after]}` in JSON (dates as ISO text, decimals as strings; secrets never: password and
token hashes are masked). Rows the system derives from an audited write (name keys,
graph changes, metrics, stage histories, the audit entries themselves, tombstones) are
not audited again.

The entries are append-only (migration 0007's triggers, on PostgreSQL and on SQLite):
the only changes they let through are `redact`, which replaces an erased person's old
entries' changes with `{"redacted": true}`, and the `SET NULL` of a deleted user's key.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from crm.db import models
from crm.db.enums import AuditAction
from crm.db.history import ACTOR_KEY
from crm.db.queries.common import table_of

__all__ = [
    "ACTOR_LABEL_KEY",
    "REDACTED",
    "REQUEST_ID_KEY",
    "actor_of",
    "audit_value",
    "created_changes",
    "redact",
]

#: session.info keys: the request's id, and who acts when there is no viewer ("cli", or
#: the user signing in; their key, if any, under crm.db.history.ACTOR_KEY)
REQUEST_ID_KEY = "request_id"
ACTOR_LABEL_KEY = "actor"
#: what a redacted entry's changes become
REDACTED: dict[str, Any] = {"redacted": True}

#: derived rows, audited through the write that made them
_NOT_AUDITED: frozenset[type[Any]] = frozenset(
    {
        models.AuditEntry,
        models.NameKey,
        models.GraphChange,
        models.GraphState,
        models.ComputedMetric,
        models.ProjectStageChange,
        models.ApplicationStageChange,
        models.IntroductionStatusChange,
        models.Erasure,
        models.ErasureKey,
        models.IdempotencyKey,  # bookkeeping of retries: the create itself is audited
    }
)
#: columns whose values never go into the log
_SECRET = frozenset({"password_hash", "token_hash"})
#: bookkeeping columns every write moves
_SKIPPED = frozenset({"updated_at", "version"})

_audit = table_of(models.AuditEntry)


@event.listens_for(Session, "after_flush")
def _record_writes(session: Session, _context: Any) -> None:
    rows: list[dict[str, Any]] = []
    actor_id, actor_label = actor_of(session)
    request_id = session.info.get(REQUEST_ID_KEY)
    for action, objects in (
        (AuditAction.CREATE, session.new),
        (AuditAction.UPDATE, session.dirty),
        (AuditAction.DELETE, session.deleted),
    ):
        for obj in objects:
            if type(obj) in _NOT_AUDITED or not hasattr(obj, "__table__"):
                continue
            changes = _changes(obj, action)
            if action is AuditAction.UPDATE and not changes:
                continue  # touched, not changed
            rows.append(
                {
                    "actor_id": actor_id,
                    "actor_label": actor_label,
                    "action": action,
                    "entity": obj.__table__.name,
                    "entity_id": getattr(obj, "id", None),
                    "changes": changes,
                    "request_id": request_id,
                }
            )
    if rows:
        session.connection().execute(insert(_audit), rows)


def actor_of(session: Session | AsyncSession) -> tuple[int | None, str]:
    """Who a session's writes are by: (user key, label) as the entries name them."""
    viewer = session.info.get("viewer")
    if viewer is not None:
        return viewer.user_id, viewer.label
    if ACTOR_LABEL_KEY in session.info:
        # no viewer, but a named actor: the command line, or a user signing in
        return session.info.get(ACTOR_KEY), str(session.info[ACTOR_LABEL_KEY])
    if "viewer" in session.info:
        return None, "anonymous"
    return None, "system"


def _changes(obj: Any, action: AuditAction) -> dict[str, list[Any]]:
    state = inspect(obj)
    found: dict[str, list[Any]] = {}
    for attribute in state.mapper.column_attrs:
        name = attribute.key
        if name in _SKIPPED or name == "id":
            continue
        if action is AuditAction.UPDATE:
            history = state.attrs[name].history
            if not history.has_changes():
                continue
            before = history.deleted[0] if history.deleted else None
            after = history.added[0] if history.added else None
            if before == after:
                continue
        else:
            value = state.attrs[name].loaded_value
            before, after = (None, value) if action is AuditAction.CREATE else (value, None)
            if value is None or value == []:
                continue
        masked = name in _SECRET
        found[name] = [audit_value(before, masked), audit_value(after, masked)]
    return found


def created_changes(values: dict[str, Any]) -> dict[str, list[Any]]:
    """A new row's changes as a CREATE entry holds them, for writers that bypass the ORM
    (its columns' values; empty ones and the bookkeeping left out)."""
    return {
        column: [None, audit_value(value, column in _SECRET)]
        for column, value in values.items()
        if value is not None and value != [] and column not in _SKIPPED and column != "id"
    }


def audit_value(value: Any, masked: bool = False) -> Any:
    """A column's value as the log holds it (JSON: dates ISO, decimals as text)."""
    if value is None:
        return None
    if masked:
        return "[secret]"
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [audit_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): audit_value(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return audit_value(dataclasses.asdict(value))
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


async def redact(session: AsyncSession, entity: str, entity_ids: Sequence[int]) -> int:
    """Replace the changes of the entries about these rows with `{"redacted": true}` (an
    erasure: the entries stay, who did what and when, without the person's data)."""
    if not entity_ids:
        return 0
    await session.flush()  # this transaction's own entries about them too
    if (await session.connection()).dialect.name == "postgresql":
        # The app's role may not UPDATE the log; this function (migration 0007) runs
        # with the owner's rights and does nothing but redact.
        redacted = await session.execute(
            text("SELECT audit_entry_redact(:entity, CAST(:ids AS integer[]))"),
            {"entity": entity, "ids": list(entity_ids)},
        )
        return int(redacted.scalar_one())
    result = await session.execute(
        update(_audit)
        .where(_audit.c.entity == entity, _audit.c.entity_id.in_(list(entity_ids)))
        .values(changes=REDACTED)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
