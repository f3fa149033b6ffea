"""The audit log for administrators: who did what, to which record, when."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement

from crm.db.enums import AuditAction
from crm.db.models import AuditEntry
from crm.db.paging import SortKey
from crm.db.queries.common import table_of
from crm.errors import bad_input
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of, record_key
from crm.resolvers.listing import Filter, TableList, aware

audit = table_of(AuditEntry)
#: GraphQL type names whose table is not their snake_case name
_TABLES = {"User": "staff_user"}


def table_of_type(type_name: str) -> str:
    """The table behind a record type's global IDs (Person → person)."""
    return _TABLES.get(type_name) or re.sub(r"(?<!^)(?=[A-Z])", "_", type_name).lower()


def audit_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("actor") is not None:
        parts.append(audit.c.actor_id == key_of("actor", f["actor"], "User"))
    if f.get("action"):
        parts.append(audit.c.action.in_([AuditAction(a).value for a in f["action"]]))
    if f.get("entity"):
        parts.append(audit.c.entity == f["entity"])
    if (record := f.get("record")) is not None:
        parts.append(audit.c.entity == table_of_type(record.type_name))
        try:
            parts.append(audit.c.entity_id == record_key(record.node_id))
        except ValueError:
            raise bad_input("`record` is not a valid ID") from None
    if f.get("from_") is not None:
        parts.append(audit.c.at >= aware("from", f["from_"]))
    if f.get("to") is not None:
        parts.append(audit.c.at < aware("to", f["to"]))
    return parts


async def _administrators_only(context: Context, _filter: Filter | None) -> None:
    if not context.signed_in.is_admin:  # the access gate refuses others first
        raise PermissionError("the audit log is for administrators")


#: the audit log, newest first: for administrators only
AUDIT_LOG = TableList(
    audit,
    {},
    [SortKey(audit.c.at, descending=True)],
    audit_conditions,
    check=_administrators_only,
)
