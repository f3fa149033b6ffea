"""The audit log (administrators only): AuditEntry and `auditLog`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from crm.db import models
from crm.resolvers import audit
from crm.resolvers.context import Info
from crm.schema.connection import Connection
from crm.schema.enums import AuditAction
from crm.schema.node import RowNode
from crm.schema.paging import PageArgs

if TYPE_CHECKING:
    from crm.schema.user import User

Lazy = strawberry.lazy


@strawberry.type(
    description="One append-only entry: who created, changed, deleted, merged, exported "
    "or erased a record, who signed in, or who read whose contact channels."
)
class AuditEntry(RowNode):
    model = models.AuditEntry

    at: datetime
    actor_label: str = strawberry.field(
        description="Who acted, kept when the user is gone: a username, cli or system."
    )
    action: AuditAction  # type: ignore[valid-type]
    entity: str = strawberry.field(description="The table: person, affiliation, staff_user…")
    entity_id: int | None = strawberry.field(description="The row's key in that table.")
    changes: JSON = strawberry.field(
        description='Changed fields as {"field": [before, after]}; {"redacted": true} once '
        "the person it was about was erased; for READ_CONTACT the fields read."
    )
    request_id: str | None
    actor_id: strawberry.Private[int | None]

    @strawberry.field(description="The staff user who acted (null for the system).")
    async def actor(self, info: Info) -> Annotated[User, Lazy("crm.schema.user")] | None:
        from crm.schema.user import user_by_id

        return await user_by_id(info, self.actor_id)


@strawberry.input(description="Conditions on audit entries; all must hold.")
class AuditFilter:
    actor: relay.GlobalID | None = strawberry.field(default=None, description="A User.")
    action: list[AuditAction] | None = None  # type: ignore[valid-type]
    entity: str | None = strawberry.field(default=None, description="A table name, e.g. person.")
    record: relay.GlobalID | None = strawberry.field(
        default=None, description="Entries about this record (any type's global ID)."
    )
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="At or after this moment."
    )
    to: datetime | None = strawberry.field(default=None, description="Before this moment.")


@strawberry.type
class AuditQuery:
    @strawberry.field(description="Administrators: the audit log, newest first.")
    async def audit_log(
        self,
        info: Info,
        filter: AuditFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AuditEntry]:
        request = PageArgs(first=first, after=after, last=last, before=before).request(info)
        page, count_rows = await audit.audit_log(info.context, filter, request)
        return Connection.from_page(page, AuditEntry.from_row, count_rows)
