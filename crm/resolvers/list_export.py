"""A list as a CSV file (GET /exports/lists/<id>.csv): its people or organisations, one
row each, by name.

The file opens in a spreadsheet as it is (UTF-8 with a byte-order mark, so Excel reads
汉字 right). IDs are global IDs, as the API gives them. Contact channels are filled
only where the caller may see them (their own people, people shared with them;
administrators: all), exactly as `Person.email` decides; the export leaves an EXPORT
entry for the list and a READ_CONTACT entry per person whose channels it held.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert

from crm.db.enums import AuditAction, ListKind, UserRole
from crm.db.models import AuditEntry, List
from crm.db.queries import list as q
from crm.db.queries import user as users
from crm.db.queries.common import table_of
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, key_of
from crm.resolvers.list import access_to

__all__ = ["ListExport", "export_list"]

PERSON_COLUMNS = (
    "id",
    "name",
    "name_latin",
    "gender",
    "birth_year",
    "country",
    "city",
    "hometown_province",
    "hometown_city",
    "dialect_group",
    "expertise",
    "honours",
    "email",
    "phone",
    "wechat",
)
ORGANIZATION_COLUMNS = ("id", "name", "name_en", "aliases", "kind", "country", "region", "city")
_CONTACTS = ("email", "phone", "wechat")
#: what a spreadsheet would run as a formula (CSV injection), unless it is a plain number
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d ().-]*")


@dataclass(frozen=True)
class ListExport:
    name: str
    text: str
    rows: int


async def export_list(context: Context, value: RecordId) -> ListExport:
    """The list's members as CSV text (NOT_FOUND for a list the caller may not see)."""
    key = key_of("id", value, "List")
    access = (await access_to(context, [key])).get(key)
    if access is None or not access.sees:
        raise crud.not_found("id", "list")
    async with context.db() as session:
        row = await session.get(List, key)
        if row is None:
            raise crud.not_found("id", "list")
        name, kind = row.name, row.kind
        members = await q.members_of(session, key, kind)
        if kind is ListKind.PERSON:
            contacts = await _contacts_seen(context, session, members)
            text = _people_csv(members, contacts)
        else:
            contacts = set()
            text = _organizations_csv(members)
    await _audit(context, key, len(members), contacts)
    return ListExport(name, text, len(members))


async def _contacts_seen(context: Context, session: Any, people: Sequence[Any]) -> set[int]:
    viewer = context.signed_in
    shared: set[int] = set()
    if viewer.role is UserRole.LIAISON and viewer.user_id is not None:
        others = [p.id for p in people if not viewer.owns(p.owner_id)]
        shared = await users.shared_person_ids(session, viewer.user_id, others)
    return {
        p.id
        for p in people
        if any(getattr(p, c) for c in _CONTACTS)
        and viewer.sees_contacts_of(p.owner_id, p.id in shared)
        and all(viewer.can_read_field("Person", c) for c in _CONTACTS)
    }


def _people_csv(people: Sequence[Any], contacts: set[int]) -> str:
    def cells(person: Any) -> list[Any]:
        values: list[Any] = []
        for column in PERSON_COLUMNS:
            if column == "id":
                values.append(str(RecordId.of("Person", person.id)))
            elif column in _CONTACTS:
                values.append(getattr(person, column) if person.id in contacts else None)
            else:
                values.append(getattr(person, column))
        return values

    return _csv(PERSON_COLUMNS, (cells(p) for p in people))


def _organizations_csv(organizations: Sequence[Any]) -> str:
    def cells(organization: Any) -> list[Any]:
        return [
            str(RecordId.of("Organization", organization.id))
            if column == "id"
            else getattr(organization, column)
            for column in ORGANIZATION_COLUMNS
        ]

    return _csv(ORGANIZATION_COLUMNS, (cells(o) for o in organizations))


def _csv(header: Sequence[str], rows: Any) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    text = str(value)
    # a cell a spreadsheet would run as a formula is kept as text (a phone number is not)
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


async def _audit(context: Context, list_id: int, rows: int, contacts: set[int]) -> None:
    viewer = context.signed_in
    base = {
        "actor_id": viewer.user_id,
        "actor_label": viewer.label,
        "request_id": context.request_id,
    }
    entries = [
        base
        | {
            "action": AuditAction.EXPORT,
            "entity": "list",
            "entity_id": list_id,
            "changes": {"format": "csv", "rows": rows},
        }
    ]
    entries += [
        base
        | {
            "action": AuditAction.READ_CONTACT,
            "entity": "person",
            "entity_id": person_id,
            "changes": {"fields": list(_CONTACTS), "via": "list export"},
        }
        for person_id in sorted(contacts)
    ]
    async with context.session_factory() as session, session.begin():
        await session.execute(insert(table_of(AuditEntry)), entries)
