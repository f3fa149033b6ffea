"""Reads of contact channels in the audit log: who read whose email, phone or WeChat.

`Person.email`/`phone`/`wechat` note each value they return on the request's context;
after the operation this extension writes one READ_CONTACT entry per person read, in
one INSERT (a read has no transaction of its own to join).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from sqlalchemy import insert
from strawberry.extensions import SchemaExtension

from crm.db.enums import AuditAction
from crm.db.models import AuditEntry
from crm.db.queries.common import table_of


class AuditContactReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        reads: dict[int, set[str]] = getattr(context, "contact_reads", {})
        viewer = getattr(context, "viewer", None)
        if not reads or viewer is None:
            return
        rows = [
            {
                "actor_id": viewer.user_id,
                "actor_label": viewer.label,
                "action": AuditAction.READ_CONTACT,
                "entity": "person",
                "entity_id": person_id,
                "changes": {"fields": sorted(fields)},
                "request_id": context.request_id,
            }
            for person_id, fields in sorted(reads.items())
        ]
        reads.clear()  # a websocket keeps its context: each event is logged once
        async with context.session_factory() as session, session.begin():
            await session.execute(insert(table_of(AuditEntry)), rows)
