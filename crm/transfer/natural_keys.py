"""Natural keys: which existing records (and earlier rows of the import) a row matches.

A person by email, phone, or name and birth year; an organisation by its name keys
within a country; an event by name and start; links by their unique columns. A
missing qualifier (a country, a date) matches any.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.name_lookup import exact_name_keys
from crm.db.tables import name_key as _name_key
from crm.db.tables import organization as _organization
from crm.names import normalize, organization_keys
from crm.transfer.entities import Entity
from crm.transfer.rows import Row

__all__ = [
    "compatible",
    "existing_records",
    "name_forms",
    "organization_match_keys",
    "record_keys",
    "row_keys",
]

NaturalKey = tuple[Any, ...]
#: natural key → keys of the records answering to it; record key → its looked-up columns
Found = tuple[dict[NaturalKey, set[int]], dict[int, dict[str, Any]]]


def _wild(base: tuple[Any, ...], qualifier: Any, *, record: bool) -> list[tuple[Any, ...]]:
    """Keys where a missing qualifier (country, date) matches any: a record emits its own
    value (or "?") and None; a row looks up its value and "?", or None."""
    if record:
        return [(*base, qualifier if qualifier is not None else "?"), (*base, None)]
    return [(*base, qualifier), (*base, "?")] if qualifier is not None else [(*base, None)]


def name_forms(name: str | None) -> list[str]:
    if not name:
        return []
    normalized = normalize(name)
    return list(dict.fromkeys([normalized, normalized.replace(" ", "")]))


def organization_match_keys(
    name: str | None, name_en: str | None = None, aliases: Iterable[str] = ()
) -> list[str]:
    if not name:
        return []
    return sorted(
        f"org:{k}" for k in organization_keys(name, name_en=name_en, aliases=list(aliases)).match
    )


def row_keys(spec: Entity, row: Row) -> list[tuple[Any, ...]]:
    """The natural keys a row looks for (after its references are resolved)."""
    v, r = row.values, row.refs
    match spec.name:
        case "person":
            keys: list[tuple[Any, ...]] = []
            if v.get("email"):
                keys.append(("email", v["email"]))
            if v.get("phone"):
                keys.append(("phone", v["phone"]))
            if v.get("birth_year") is not None:
                keys += [("born", f, v["birth_year"]) for f in name_forms(v.get("name"))]
            return keys
        case "organization":
            country = v.get("country")
            return [
                k
                for key in organization_match_keys(
                    v.get("name"), v.get("name_en"), v.get("aliases") or ()
                )
                for k in _wild(("org", key), country, record=False)
            ]
        case "event":
            return _wild(("event", v.get("name")), v.get("starts_on"), record=False)
        case "project":
            return [("project", v.get("name"))]
        case "agreement":
            return _wild(("agreement", v.get("title")), v.get("signed_on"), record=False)
        case "position":
            return [("position", r.get("organization"), v.get("title"))]
        case "interaction":
            return [("interaction", str(v.get("kind")), v.get("occurred_at"), v.get("summary"))]
    return [("link", *(row.values.get(c) for c in spec.unique))]


def record_keys(
    spec: Entity, values: dict[str, Any], names: Iterable[str] = ()
) -> list[tuple[Any, ...]]:
    """The natural keys a record (in the database, or created by an earlier row) answers to."""
    match spec.name:
        case "person":
            keys: list[tuple[Any, ...]] = []
            if values.get("email"):
                keys.append(("email", values["email"]))
            if values.get("phone"):
                keys.append(("phone", values["phone"]))
            if values.get("birth_year") is not None:
                forms = set(names) | set(name_forms(values.get("name")))
                keys += [("born", f, values["birth_year"]) for f in forms]
            return keys
        case "organization":
            org = set(names) or set(
                organization_match_keys(
                    values.get("name"), values.get("name_en"), values.get("aliases") or ()
                )
            )
            return [
                k
                for key in sorted(org)
                for k in _wild(("org", key), values.get("country"), record=True)
            ]
        case "event":
            return _wild(("event", values.get("name")), values.get("starts_on"), record=True)
        case "project":
            return [("project", values.get("name"))]
        case "agreement":
            return _wild(("agreement", values.get("title")), values.get("signed_on"), record=True)
        case "position":
            return [("position", values.get("organization_id"), values.get("title"))]
        case "interaction":
            return [
                (
                    "interaction",
                    str(values.get("kind")),
                    values.get("occurred_at"),
                    values.get("summary"),
                )
            ]
    return [("link", *(values.get(c) for c in spec.unique))]


async def existing_records(
    session: AsyncSession, spec: Entity, rows: list[Row], *, people_before: bool = True
) -> Found:
    """Natural key → keys of the records in the database that answer to it."""
    found: Found = (defaultdict(set), {})
    if spec.name == "person":
        # Into an empty person table, the only people are this import's own, all in the
        # writer's `pending`: nothing to look up (the email and phone columns have no
        # index, so each chunk would scan every person inserted before it).
        if people_before:
            await _people(session, spec, rows, found)
    elif spec.name == "organization":
        await _organizations(session, spec, rows, found)
    elif spec.name in _SIMPLE:
        by, wanted = _SIMPLE[spec.name]
        await _by_column(session, spec, rows, by, wanted, found)
    else:
        await _by_column(session, spec, rows, spec.unique[0], spec.unique, found)
    return found


#: entities found by one column, and the columns their natural keys take
_SIMPLE = {
    "event": ("name", ("name", "starts_on")),
    "project": ("name", ("name",)),
    "agreement": ("title", ("title", "signed_on")),
    "position": ("title", ("title", "organization_id")),
    "interaction": ("summary", ("summary", "kind", "occurred_at")),
}


def _add(
    spec: Entity, found: Found, record_id: int, values: dict[str, Any], names: Iterable[str] = ()
) -> None:
    keys, attrs = found
    attrs[record_id] = values
    for key in record_keys(spec, values, names):
        keys[key].add(record_id)


async def _people(session: AsyncSession, spec: Entity, rows: list[Row], found: Found) -> None:
    table = table_of(models.Person)
    emails = {r.values["email"] for r in rows if r.values.get("email")}
    phones = {r.values["phone"] for r in rows if r.values.get("phone")}
    forms = {
        f
        for r in rows
        if r.values.get("birth_year") is not None
        for f in name_forms(r.values.get("name"))
    }
    named: dict[int, set[str]] = defaultdict(set)
    if forms:
        for entity_id, key, _kind in await exact_name_keys(
            session, sorted(forms), entity="person", kinds=["name"]
        ):
            named[entity_id].add(key)
    condition = []
    if emails:
        condition.append(table.c.email.in_(sorted(emails)))
    if phones:
        condition.append(table.c.phone.in_(sorted(phones)))
    if named:
        condition.append(table.c.id.in_(sorted(named)))
    if not condition:
        return
    columns = (table.c.id, table.c.email, table.c.phone, table.c.birth_year)
    for row in await session.execute(select(*columns).where(or_(*condition))):
        values = {"email": row.email, "phone": row.phone, "birth_year": row.birth_year}
        _add(spec, found, row.id, values, named.get(row.id, ()))


async def _organizations(
    session: AsyncSession, spec: Entity, rows: list[Row], found: Found
) -> None:
    keys = {
        k
        for r in rows
        for k in organization_match_keys(
            r.values.get("name"), r.values.get("name_en"), r.values.get("aliases") or ()
        )
    }
    if not keys:
        return
    statement = (
        select(_name_key.c.entity_id, _name_key.c.key, _organization.c.country)
        .join(_organization, _organization.c.id == _name_key.c.entity_id)
        .where(
            _name_key.c.key.in_(sorted(keys)),
            _name_key.c.entity == "organization",
            _name_key.c.kind == "block",
        )
    )
    for row in await session.execute(statement):
        _add(spec, found, row.entity_id, {"country": row.country}, [row.key])


async def _by_column(
    session: AsyncSession,
    spec: Entity,
    rows: list[Row],
    by: str,
    wanted: tuple[str, ...],
    found: Found,
) -> None:
    needles = {r.values.get(by) for r in rows if r.values.get(by) is not None}
    if not needles:
        return
    table = table_of(spec.model)
    statement = select(table.c.id, *(table.c[c] for c in wanted)).where(
        table.c[by].in_(sorted(needles))
    )
    for row in await session.execute(statement):
        _add(spec, found, row.id, dict(row._mapping))


def compatible(row: dict[str, Any], other: dict[str, Any]) -> bool:
    """Two people with the same name and birth year are one unless their emails or phones
    say otherwise."""
    return all(
        not (row.get(c) and other.get(c)) or row.get(c) == other.get(c) for c in ("email", "phone")
    )
