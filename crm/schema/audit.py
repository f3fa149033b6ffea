"""The audit log (administrators only): AuditEntry and `auditLog`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from crm.db import models
from crm.resolvers import audit
from crm.schema.connection import connection
from crm.schema.enums import AuditAction
from crm.schema.inputs import described, optional
from crm.schema.node import RowNode, reference


@strawberry.type(
    description="One append-only entry: who created, changed, deleted, merged, exported "
    "or erased a record, who signed in, or who read whose contact channels."
)
class AuditEntry(RowNode):
    model = models.AuditEntry

    at: datetime = described("When it happened (UTC).")
    actor_label: str = described(
        "Who acted, kept when the user is gone: a username, cli or system."
    )
    action: AuditAction = described("What was done.")  # type: ignore[valid-type]
    entity: str = described("The table: person, affiliation, staff_user…")
    entity_id: int | None = described("The row's key in that table.")
    changes: JSON = strawberry.field(
        description='Changed fields as {"field": [before, after]}; {"redacted": true} once '
        "the person it was about was erased; for READ_CONTACT the fields read."
    )
    request_id: str | None = described(
        "The GraphQL request it came from, to group the entries of one request."
    )
    actor_id: strawberry.Private[int | None]

    actor = reference(
        "User", "actor_id", description="The staff user who acted (null for the system)."
    )


@strawberry.input(description="Conditions on audit entries; all must hold.")
class AuditFilter:
    actor: relay.GlobalID | None = optional("A User.")
    action: list[AuditAction] | None = optional("Any of these actions.")  # type: ignore[valid-type]
    entity: str | None = optional("A table name, e.g. person.")
    record: relay.GlobalID | None = optional("Entries about this record (any type's global ID).")
    from_: datetime | None = strawberry.field(
        default=None, name="from", description="At or after this moment."
    )
    to: datetime | None = optional("Before this moment.")


@strawberry.type
class AuditQuery:
    audit_log = connection(
        audit.AUDIT_LOG,
        "Administrators: the audit log, newest first.",
        arguments={"filter": AuditFilter},
    )
