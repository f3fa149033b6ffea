"""The audit log for administrators: who did what, to which record, when."""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_

from crm.db.enums import AuditAction as AuditActionValue
from crm.db.models import AuditEntry
from crm.db.queries.common import table_of
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.errors import Problems
from crm.resolvers.introduction import aware
from crm.resolvers.listing import CountRows, page_of

if TYPE_CHECKING:
    from crm.schema.audit import AuditFilter

audit = table_of(AuditEntry)
#: newest first
ORDER = [SortKey(audit.c.at, descending=True)]
#: GraphQL type names whose table is not their snake_case name
_TABLES = {"User": "staff_user"}


def table_of_type(type_name: str) -> str:
    """The table behind a record type's global IDs (Person → person)."""
    return _TABLES.get(type_name) or re.sub(r"(?<!^)(?=[A-Z])", "_", type_name).lower()


async def audit_log(
    context: Context, filter_: AuditFilter | None, request: PageRequest
) -> tuple[Page, CountRows]:
    if not context.signed_in.is_admin:  # the access gate refuses others first
        raise PermissionError("the audit log is for administrators")
    return await page_of(context, audit, _condition(filter_), ORDER, request)


def _condition(f: AuditFilter | None) -> ColumnElement[bool] | None:
    if f is None:
        return None
    parts: list[ColumnElement[bool]] = []
    if f.actor is not None:
        parts.append(audit.c.actor_id == _key("actor", f.actor, "User"))
    if f.action:
        parts.append(audit.c.action.in_([AuditActionValue(a).value for a in f.action]))
    if f.entity:
        parts.append(audit.c.entity == f.entity)
    if f.record is not None:
        parts.append(audit.c.entity == table_of_type(f.record.type_name))
        parts.append(audit.c.entity_id == _number("record", f.record))
    if f.from_ is not None:
        parts.append(audit.c.at >= _moment("from", f.from_))
    if f.to is not None:
        parts.append(audit.c.at < _moment("to", f.to))
    return and_(*parts) if parts else None


def _key(field: str, value: Any, type_name: str) -> int:
    try:
        return crud.key_of(field, value, type_name)
    except Problems as problems:
        raise _bad(problems.problems[0].message) from None


def _number(field: str, value: Any) -> int:
    try:
        return int(value.node_id)
    except ValueError:
        raise _bad(f"`{field}` is not a valid ID") from None


def _moment(field: str, value: datetime) -> datetime:
    try:
        return aware(field, value)
    except Problems as problems:
        raise _bad(problems.problems[0].message) from None


def _bad(message: str) -> Exception:
    from graphql import GraphQLError

    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})
