"""Keeps the name keys of people and organisations in step with their names, for every write path.

An `after_flush` listener (like `crm.db.revision`): whenever a flush creates, renames or
deletes a person or an organisation, or changes what duplicate blocking looks at (birth
year, email, phone), the record's rows in `name_key` are replaced in the same transaction.
Bulk loads (core inserts) bypass it and call `rebuild_name_keys` afterwards.

Substring search runs on an index the models do not describe: a GIN trigram index on
PostgreSQL and an FTS5 trigram table on SQLite (kept by triggers), both made by migration
0003; `include_object` keeps them out of Alembic's comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, event, insert, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from crm.db.models import MergeRecord, NameKey, NameKeyKind, Organization, Person
from crm.db.queries.common import table_of
from crm.names import (
    PersonName,
    blocking_keys,
    normalize,
    organization_keys,
    person_keys,
    search_keys,
)
from crm.names.normalize import han_part

__all__ = [
    "FTS_TABLE",
    "TRIGRAM_INDEX",
    "FormerName",
    "include_object",
    "organization_name_keys",
    "person_name_keys",
    "rebuild_name_keys",
    "rebuild_name_keys_sync",
    "refresh_name_keys",
]

#: SQLite: the FTS5 table (trigram tokenizer) over the searchable keys
FTS_TABLE = "name_key_fts"
#: PostgreSQL: the GIN trigram index over the keys
TRIGRAM_INDEX = "ix_name_key_key_trgm"
_MAX_KEY = 400
_PERSON_FIELDS = ("name", "name_latin", "birth_year", "email", "phone")
_ORGANIZATION_FIELDS = ("name", "name_en", "aliases")
_name_key = table_of(NameKey)
_merge = table_of(MergeRecord)
_person = table_of(Person)
_organization = table_of(Organization)


@dataclass(frozen=True, slots=True)
class FormerName:
    """The name of a record merged into this one."""

    name: str
    latin: str | None = None


class _Keys:
    """Keys in order of preference: a key met again keeps its first (better) kind."""

    def __init__(self) -> None:
        self.kinds: dict[str, NameKeyKind] = {}

    def add(self, kind: NameKeyKind, values: Iterable[str]) -> None:
        for value in values:
            if value and len(value) <= _MAX_KEY:
                self.kinds.setdefault(value, kind)


def _written(text: str | None) -> list[str]:
    normalized = normalize(text or "")
    return [normalized, normalized.replace(" ", "")] if normalized else []


def person_name_keys(
    name: str,
    latin: str | None = None,
    *,
    birth_year: int | None = None,
    email: str | None = None,
    phone: str | None = None,
    former: Sequence[FormerName] = (),
) -> dict[str, NameKeyKind]:
    """Every key of a person record and its kind.

    >>> keys = person_name_keys("陳建國", "Kin-Kwok Chan", birth_year=1968)
    >>> keys["陈建国"], keys["chen jianguo"], keys["kin-kwok chan"], keys["tan"]
    (<NameKeyKind.NAME: 'name'>, <NameKeyKind.FULL: 'full'>, <NameKeyKind.LATIN: 'latin'>, \
<NameKeyKind.SURNAME: 'surname'>)
    >>> keys["born:陈:1968"]
    <NameKeyKind.BLOCK: 'block'>
    """
    keys, derived = _Keys(), person_keys(name, latin=latin)
    keys.add(NameKeyKind.NAME, [*_written(name), derived.simplified])
    keys.add(NameKeyKind.LATIN, _written(latin))
    keys.add(NameKeyKind.FULL, sorted(derived.full))
    for other in former:
        keys.add(NameKeyKind.FORMER, [*_written(other.name), *_written(other.latin)])
        keys.add(NameKeyKind.FORMER, sorted(person_keys(other.name, latin=other.latin).full))
    keys.add(NameKeyKind.GIVEN, sorted(derived.given))
    keys.add(NameKeyKind.WESTERN, sorted(derived.western))
    keys.add(NameKeyKind.INITIALS, sorted(derived.initials))
    keys.add(NameKeyKind.SURNAME, sorted(derived.surnames | derived.surname_family))
    for text in (name, latin, *(f.name for f in former), *(f.latin for f in former)):
        if text:
            keys.add(NameKeyKind.PART, search_keys(text))
    record = PersonName(
        name=name,
        latin=latin,
        birth_year=birth_year,
        emails=(email,) if email else (),
        phones=(phone,) if phone else (),
    )
    keys.add(NameKeyKind.BLOCK, sorted(blocking_keys(record)))
    return keys.kinds


def organization_name_keys(
    name: str, name_en: str | None = None, aliases: Sequence[str] = ()
) -> dict[str, NameKeyKind]:
    """Every key of an organisation record and its kind.

    >>> keys = organization_name_keys("中国科学院", "Chinese Academy of Sciences")
    >>> keys["中国科学院"], keys["cas"], keys["中科院"], keys["org:alias:cas"]
    (<NameKeyKind.NAME: 'name'>, <NameKeyKind.ALIAS: 'alias'>, <NameKeyKind.ALIAS: 'alias'>, \
<NameKeyKind.BLOCK: 'block'>)
    """
    keys, derived = _Keys(), organization_keys(name, name_en=name_en, aliases=aliases)
    keys.add(NameKeyKind.NAME, [*_written(name), *_written(name_en)])
    for alias in aliases:
        keys.add(NameKeyKind.ALIAS, _written(alias))
    keys.add(NameKeyKind.ALIAS, sorted(derived.search))
    for text in (name, name_en, *aliases):
        normalized = normalize(text or "")
        han = han_part(normalized)
        keys.add(NameKeyKind.PART, sorted({*han, *(han[i : i + 2] for i in range(len(han) - 1))}))
        keys.add(NameKeyKind.PART, normalized.split())
    keys.add(NameKeyKind.BLOCK, sorted(f"org:{key}" for key in derived.match))
    return keys.kinds


def _rows(entity: str, entity_id: int, keys: dict[str, NameKeyKind]) -> Iterator[dict[str, Any]]:
    for key, kind in keys.items():
        yield {"entity": entity, "entity_id": entity_id, "key": key, "kind": kind}


def _former_names(connection: Connection, person_ids: Sequence[int]) -> dict[int, list[FormerName]]:
    found: dict[int, list[FormerName]] = {}
    # In slices: a bulk rebuild passes every person, and PostgreSQL takes at most 65,535
    # parameters per statement.
    for start in range(0, len(person_ids), 10_000):
        ids = list(person_ids[start : start + 10_000])
        statement = (
            select(_merge.c.survivor_id, _merge.c.absorbed_name, _merge.c.absorbed_name_latin)
            .where(_merge.c.entity == "person", _merge.c.survivor_id.in_(ids))
            .order_by(_merge.c.id)
        )
        for survivor, absorbed_name, absorbed_latin in connection.execute(statement):
            found.setdefault(survivor, []).append(FormerName(absorbed_name, absorbed_latin))
    return found


def _person_rows(connection: Connection, people: Sequence[Any]) -> list[dict[str, Any]]:
    former = _former_names(connection, [p.id for p in people])
    rows: list[dict[str, Any]] = []
    for p in people:
        keys = person_name_keys(
            p.name,
            p.name_latin,
            birth_year=p.birth_year,
            email=p.email,
            phone=p.phone,
            former=former.get(p.id, ()),
        )
        rows.extend(_rows("person", p.id, keys))
    return rows


def _organization_rows(organizations: Sequence[Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for o in organizations:
        keys = organization_name_keys(o.name, o.name_en, list(o.aliases or ()))
        rows.extend(_rows("organization", o.id, keys))
    return rows


def _replace(
    connection: Connection, entity: str, ids: Sequence[int], rows: list[dict[str, Any]]
) -> None:
    if ids:
        connection.execute(
            delete(_name_key).where(_name_key.c.entity == entity, _name_key.c.entity_id.in_(ids))
        )
    for start in range(0, len(rows), 5_000):
        connection.execute(insert(_name_key), rows[start : start + 5_000])


def _changed(obj: Any, fields: Sequence[str]) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "after_flush")
def _maintain_name_keys(session: Session, _context: Any) -> None:
    people: dict[int, Any] = {}
    organizations: dict[int, Any] = {}
    gone: dict[str, list[int]] = {"person": [], "organization": []}
    for obj in session.new:
        if isinstance(obj, Person):
            people[obj.id] = obj  # type: ignore[index]
        elif isinstance(obj, Organization):
            organizations[obj.id] = obj  # type: ignore[index]
    for obj in session.dirty:
        if isinstance(obj, Person) and _changed(obj, _PERSON_FIELDS):
            people[obj.id] = obj  # type: ignore[index]
        elif isinstance(obj, Organization) and _changed(obj, _ORGANIZATION_FIELDS):
            organizations[obj.id] = obj  # type: ignore[index]
    for obj in session.deleted:
        if isinstance(obj, Person | Organization):
            gone[obj.__tablename__].append(obj.id)  # type: ignore[arg-type]
    connection = session.connection()
    # A merge gives the survivor the absorbed record's names as FORMER keys.
    survivors = [
        obj.survivor_id
        for obj in session.new
        if isinstance(obj, MergeRecord) and obj.entity == "person"
    ]
    missing = [key for key in survivors if key not in people and key not in gone["person"]]
    if missing:
        people.update(
            (row.id, row)
            for row in connection.execute(select(_person).where(_person.c.id.in_(missing)))
        )
    if people:
        ids = list(people)
        _replace(connection, "person", ids, _person_rows(connection, list(people.values())))
    if organizations:
        ids = list(organizations)
        _replace(connection, "organization", ids, _organization_rows(list(organizations.values())))
    for entity, ids in gone.items():
        if ids:
            _replace(connection, entity, ids, [])


def refresh_name_keys(connection: Connection, entity: str, ids: Sequence[int]) -> None:
    """Derive the keys of these people or organisations anew, as the listener does (with
    the former names of their merge records): for writers that bypass the ORM."""
    table, columns = (
        (_person, _PERSON_FIELDS) if entity == "person" else (_organization, _ORGANIZATION_FIELDS)
    )
    for start in range(0, len(ids), 5_000):
        part = list(ids[start : start + 5_000])
        found = connection.execute(
            select(table.c.id, *(table.c[c] for c in columns)).where(table.c.id.in_(part))
        ).all()
        rows = _person_rows(connection, found) if entity == "person" else _organization_rows(found)
        _replace(connection, entity, part, rows)


def rebuild_name_keys_sync(connection: Connection) -> int:
    """Derive the keys of every person and organisation anew; the number of keys.

    For bulk loads, which bypass the listener, and for migrations. Deriving costs about
    a millisecond of CPU per person.
    """
    connection.execute(delete(_name_key))
    # Only the columns the keys come from: migrations run this on the tables of their own
    # revision, which lack the columns later revisions add.
    person_columns = [_person.c.id, *(_person.c[name] for name in _PERSON_FIELDS)]
    people = connection.execute(select(*person_columns).order_by(_person.c.id)).all()
    organization_columns = [_organization.c[n] for n in ("id", "name", "name_en", "aliases")]
    organizations = connection.execute(
        select(*organization_columns).order_by(_organization.c.id)
    ).all()
    rows = _person_rows(connection, people) + _organization_rows(organizations)
    _replace(connection, "person", [], rows)
    return len(rows)


async def rebuild_name_keys(session: AsyncSession) -> int:
    """`rebuild_name_keys_sync` in the session's transaction."""
    return await session.run_sync(lambda sync: rebuild_name_keys_sync(sync.connection()))


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic: leave the search indexes the models do not describe out of comparisons."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
