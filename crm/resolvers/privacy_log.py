"""Audit entries of the personal-data rights (export, erasure, purge) and redaction.

The entries are written in the transaction of what they record. Redacting the older
entries about an erased record is the audit module's job (`crm.db.audit.redact`);
until that module exists, `redact` does nothing and says so in the log.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.enums import AuditAction
from crm.db.models import AuditEntry

__all__ = ["audit_entry", "redact"]

log = logging.getLogger(__name__)


def audit_entry(
    session: AsyncSession,
    *,
    action: AuditAction,
    entity: str,
    entity_id: int | None,
    actor_id: int | None,
    actor_label: str,
    request_id: str | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """Add one audit entry to the session (flushed with the rest of the write)."""
    session.add(
        AuditEntry(
            action=action,
            entity=entity,
            entity_id=entity_id,
            actor_id=actor_id,
            actor_label=actor_label,
            request_id=request_id,
            changes=changes or {},
        )
    )


async def redact(session: AsyncSession, entity: str, entity_ids: list[int]) -> int:
    """Scrub the changes of older audit entries about these records; how many."""
    if not entity_ids:
        return 0
    try:
        audit = importlib.import_module("crm.db.audit")
    except ModuleNotFoundError:
        # AUDIT CALL SITE: crm.db.audit (migration 0007) is not there yet; once it is,
        # its `redact(session, entity, entity_ids) -> int` runs here.
        log.warning("crm.db.audit is missing: audit entries about %s were not redacted", entity)
        return 0
    return int(await audit.redact(session, entity, entity_ids))
