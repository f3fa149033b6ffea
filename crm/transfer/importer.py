"""Imports the rows of a table as records of one entity.

Each row is parsed (`crm.transfer.values`), validated by the GraphQL write path's own
code (`crm.transfer.entities`), its references resolved by natural keys, and matched
against existing records (and the rows before it) by the entity's natural key; then it is
created, updated, skipped or rejected with a reason.

Writes are SQLAlchemy Core statements in chunks, so a large file imports in seconds, and
everything the ORM's flush listeners do for a mutation is done here explicitly for the
same rows: the name keys of people and organisations (`crm.db.name_index`), the stage
history of new projects and applications, the next contact due time of people with a
cadence, the last contact of an interaction's participants, and the graph revision with
its change log (a revision without change rows, which tells graph caches to rebuild,
when the import changed more rows than a cache would catch up with).

By default the whole file is one transaction: all of it or nothing. With a batch size,
each batch commits on its own; after a failure the report says the first row of the
batch that failed, where a rerun resumes (`start`).
"""

from __future__ import annotations

import asyncio
import csv
import io
import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from sqlalchemy import Table as SATable
from sqlalchemy import func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models, name_index
from crm.db.engine import WRITE_TRANSACTION
from crm.db.enums import (
    AffiliationRole,
    AuditAction,
    ChangeOp,
    IntroductionStatus,
    RelationshipKind,
)
from crm.db.errors import explain_integrity_error
from crm.db.history import ACTOR_KEY
from crm.db.models import GRAPH_TABLES
from crm.db.name_index import TRIGRAM_INDEX
from crm.db.queries import follow_up
from crm.db.queries.common import table_of
from crm.db.queries.erasure import erasure_key_hashes
from crm.db.queries.interaction import touch_last_contacted
from crm.db.types import utcnow
from crm.names import normalize, organization_keys
from crm.progress import Progress
from crm.resolvers.privacy import erased_message
from crm.resolvers.validation import Validator
from crm.transfer.entities import ENTITIES, Entity, Reference
from crm.transfer.keys import KeyRow, PersonColumns, person_key_rows
from crm.transfer.mapping import FIELDS, ColumnMap, auto_map
from crm.transfer.reading import Table
from crm.transfer.values import BadCellError, hometown

Policy = Literal["skip", "update", "create"]
POLICIES: tuple[Policy, ...] = ("skip", "update", "create")
SessionMaker = Callable[[], AbstractAsyncContextManager[AsyncSession]]

#: rows handled per round of look-ups and inserts
CHUNK = 2_000
#: a cache catches up with at most this many changes (crm.network.cache); more: rebuild
MAX_LOGGED_CHANGES = 20_000
#: from this many new people or organisations on SQLite, the FTS index is filled in one
#: statement per chunk instead of by its per-row trigger
FTS_BULK_ROWS = 500
#: from this many rows, new people's name keys are derived in a second process
BULK_KEYS_ROWS = 5_000

_name_key = table_of(models.NameKey)
_person = table_of(models.Person)
_organization = table_of(models.Organization)
_audit = table_of(models.AuditEntry)


class CannotImportError(Exception):
    """The file cannot be imported at all (a needed column is missing, a bad option)."""


@dataclass
class Rejected:
    #: the row's line (CSV) or sheet row (XLSX), the header being row 1
    row: int
    cells: list[str]
    reason: str


@dataclass
class ImportReport:
    entity: str
    encoding: str
    headers: list[str]
    #: header → field for the columns used
    columns: dict[str, str]
    unknown_columns: list[str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    dry_run: bool = False
    #: the data row (1-based, counting from the first data row) this run started at
    start: int = 1
    #: data rows of this run whose batch committed (all of them after a full success)
    committed: int = 0
    #: why the import stopped before its end; None when it finished
    failure: str | None = None

    @property
    def resume_at(self) -> int:
        """The data row a rerun starts at to finish the import (`--start-row`)."""
        return self.start + self.committed

    def rejects_csv(self) -> str:
        """The rejected rows with their original columns, their row and the reason."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*self.headers, "row", "reason"])
        width = len(self.headers)
        for r in self.rejected:
            writer.writerow([*(r.cells + [""] * width)[:width], r.row, r.reason])
        return out.getvalue()


class ImportFailedError(Exception):
    """An unexpected failure: the failed batch (or the whole import) changed nothing."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.failure)
        self.report = report


@dataclass
class _Row:
    index: int
    number: int
    cells: list[str]
    typed: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    #: columns the file gave a value for (an update changes only these)
    given: set[str] = field(default_factory=set)
    #: the resolved references: field → key
    refs: dict[str, int | None] = field(default_factory=dict)
    action: str = ""
    reason: str = ""
    target: int | None = None
    #: a person row's employer: organisation key, role, title
    employer: tuple[int, AffiliationRole, str | None] | None = None
    participants: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------- preparing


def column_map(
    entity: str, headers: Sequence[str], mapping: dict[str, str | None] | None
) -> ColumnMap:
    spec = ENTITIES[entity]
    columns = auto_map(entity, headers, mapping)
    missing = [group for group in spec.needs if not columns.mapped & set(group)]
    if missing:
        aliases = FIELDS[entity]
        wanted = "; ".join(
            " or ".join(f"{f} ({', '.join(aliases.get(f, ())[:2])})" for f in group)
            for group in missing
        )
        raise CannotImportError(f"no column for {wanted}: rename the header or use a mapping file")
    return columns


def _prepare(
    spec: Entity, columns: ColumnMap, headers: list[str], number: int, index: int, cells: list[str]
) -> _Row | Rejected:
    typed: dict[str, Any] = {}
    errors: list[str] = []
    for position, name in enumerate(columns.fields):
        if name is None or position >= len(cells) or not cells[position]:
            continue
        try:
            typed[name] = spec.parsers[name](cells[position])
        except BadCellError as exc:
            errors.append(f"{headers[position]}: {exc}")
    if errors:
        return Rejected(number, cells, "; ".join(errors))
    if "hometown" in typed:
        for key, value in hometown(typed.pop("hometown")).items():
            typed.setdefault(key, value)
    v = Validator()
    values = spec.build(v, typed)
    if v.errors:
        reason = "; ".join(f"{'.'.join(p.field) or 'row'}: {p.message}" for p in v.errors)
        return Rejected(number, cells, reason)
    given = {k for k in values if k in typed}
    return _Row(index, number, cells, typed, values, given)


# ------------------------------------------------------------------------ natural keys


def _wild(base: tuple[Any, ...], qualifier: Any, *, record: bool) -> list[tuple[Any, ...]]:
    """Keys where a missing qualifier (country, date) matches any: a record emits its own
    value (or "?") and None; a row looks up its value and "?", or None."""
    if record:
        return [(*base, qualifier if qualifier is not None else "?"), (*base, None)]
    return [(*base, qualifier), (*base, "?")] if qualifier is not None else [(*base, None)]


def _name_forms(name: str | None) -> list[str]:
    if not name:
        return []
    normalized = normalize(name)
    return list(dict.fromkeys([normalized, normalized.replace(" ", "")]))


def _org_keys(
    name: str | None, name_en: str | None = None, aliases: Iterable[str] = ()
) -> list[str]:
    if not name:
        return []
    return sorted(
        f"org:{k}" for k in organization_keys(name, name_en=name_en, aliases=list(aliases)).match
    )


def _row_keys(spec: Entity, row: _Row) -> list[tuple[Any, ...]]:
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
                keys += [("born", f, v["birth_year"]) for f in _name_forms(v.get("name"))]
            return keys
        case "organization":
            country = v.get("country")
            return [
                k
                for key in _org_keys(v.get("name"), v.get("name_en"), v.get("aliases") or ())
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


def _record_keys(
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
                forms = set(names) | set(_name_forms(values.get("name")))
                keys += [("born", f, values["birth_year"]) for f in forms]
            return keys
        case "organization":
            org = set(names) or set(
                _org_keys(values.get("name"), values.get("name_en"), values.get("aliases") or ())
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


async def _existing(
    session: AsyncSession, spec: Entity, rows: list[_Row], *, people_before: bool = True
) -> tuple[dict[tuple[Any, ...], set[int]], dict[int, dict[str, Any]]]:
    """Natural key → keys of the records in the database that answer to it."""
    found: dict[tuple[Any, ...], set[int]] = defaultdict(set)
    attrs: dict[int, dict[str, Any]] = {}
    table = table_of(spec.model)

    def add(record_id: int, values: dict[str, Any], names: Iterable[str] = ()) -> None:
        attrs[record_id] = values
        for key in _record_keys(spec, values, names):
            found[key].add(record_id)

    if spec.name == "person":
        if not people_before:
            # Into an empty person table, the only people are this import's own, all in
            # the writer's `pending`: nothing to look up (the email and phone columns
            # have no index, so each chunk would scan every person inserted before it).
            return found, attrs
        emails = {r.values["email"] for r in rows if r.values.get("email")}
        phones = {r.values["phone"] for r in rows if r.values.get("phone")}
        forms = {
            f
            for r in rows
            if r.values.get("birth_year") is not None
            for f in _name_forms(r.values.get("name"))
        }
        named: dict[int, set[str]] = defaultdict(set)
        if forms:
            for entity_id, key in await session.execute(
                select(_name_key.c.entity_id, _name_key.c.key).where(
                    _name_key.c.key.in_(sorted(forms)),
                    _name_key.c.kind == "name",
                    _name_key.c.entity == "person",
                )
            ):
                named[entity_id].add(key)
        condition = []
        if emails:
            condition.append(table.c.email.in_(sorted(emails)))
        if phones:
            condition.append(table.c.phone.in_(sorted(phones)))
        if named:
            condition.append(table.c.id.in_(sorted(named)))
        if condition:
            statement = select(table.c.id, table.c.email, table.c.phone, table.c.birth_year).where(
                or_(*condition)
            )
            for row in await session.execute(statement):
                add(
                    row.id,
                    {"email": row.email, "phone": row.phone, "birth_year": row.birth_year},
                    named.get(row.id, ()),
                )
        return found, attrs
    if spec.name == "organization":
        keys = {
            k
            for r in rows
            for k in _org_keys(
                r.values.get("name"), r.values.get("name_en"), r.values.get("aliases") or ()
            )
        }
        if keys:
            statement = (
                select(_name_key.c.entity_id, _name_key.c.key, _organization.c.country)
                .join(_organization, _organization.c.id == _name_key.c.entity_id)
                .where(
                    _name_key.c.key.in_(sorted(keys)),
                    _name_key.c.entity == "organization",
                    _name_key.c.kind == "block",
                )
            )
            for found_row in await session.execute(statement):
                add(found_row.entity_id, {"country": found_row.country}, [found_row.key])
        return found, attrs
    simple = {
        "event": ("name", ("name", "starts_on")),
        "project": ("name", ("name",)),
        "agreement": ("title", ("title", "signed_on")),
        "position": ("title", ("title", "organization_id")),
        "interaction": ("summary", ("summary", "kind", "occurred_at")),
    }
    if spec.name in simple:
        by, wanted = simple[spec.name]
        needles = {r.values.get(by) for r in rows if r.values.get(by)}
        if needles:
            statement = select(table.c.id, *(table.c[c] for c in wanted)).where(
                table.c[by].in_(sorted(needles))
            )
            for row in await session.execute(statement):
                add(row.id, dict(row._mapping))
        return found, attrs
    first = spec.unique[0]
    needles = {r.values.get(first) for r in rows if r.values.get(first) is not None}
    if needles:
        statement = select(table.c.id, *(table.c[c] for c in spec.unique)).where(
            table.c[first].in_(sorted(needles))
        )
        for row in await session.execute(statement):
            add(row.id, dict(row._mapping))
    return found, attrs


# --------------------------------------------------------------------------- references


@dataclass
class _Candidate:
    id: int
    attrs: dict[str, Any]


class _Resolver:
    """Finds the record a row names: by its database key, or by name narrowed by hints."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.cache: dict[tuple[str, str], list[_Candidate]] = {}
        self.ids: dict[str, set[int]] = defaultdict(set)

    async def prefetch(self, target: str, names: set[str]) -> None:
        names = {n for n in names if (target, n) not in self.cache}
        if not names:
            return
        found: dict[str, list[_Candidate]] = {n: [] for n in names}
        if target == "person":
            await self._people(names, found)
        elif target == "organization":
            await self._organizations(names, found)
        else:
            table = table_of(getattr(models, target.title().replace("_", "")))
            column = "title" if target in ("position", "agreement") else "name"
            extra = [table.c.organization_id] if target == "position" else []
            statement = select(table.c.id, table.c[column], *extra).where(
                table.c[column].in_(sorted(names))
            )
            for row in await self.session.execute(statement):
                found[row[1]].append(_Candidate(row.id, dict(row._mapping)))
        for name, candidates in found.items():
            self.cache[(target, name)] = candidates

    async def _people(self, names: set[str], found: dict[str, list[_Candidate]]) -> None:
        forms = {n: _name_forms(n) for n in names}
        all_forms = sorted({f for fs in forms.values() for f in fs})
        owners: dict[str, set[int]] = defaultdict(set)
        emails = {n for n in names if "@" in n}
        if all_forms:
            statement = select(_name_key.c.key, _name_key.c.entity_id).where(
                _name_key.c.key.in_(all_forms),
                _name_key.c.entity == "person",
                _name_key.c.kind.in_(["name", "latin"]),
            )
            for key, entity_id in await self.session.execute(statement):
                owners[key].add(entity_id)
        ids = {i for s in owners.values() for i in s}
        people: dict[int, dict[str, Any]] = {}
        columns = (_person.c.id, _person.c.email, _person.c.phone, _person.c.birth_year)
        if ids:
            for row in await self.session.execute(
                select(*columns).where(_person.c.id.in_(sorted(ids)))
            ):
                people[row.id] = dict(row._mapping)
        if emails:
            for row in await self.session.execute(
                select(*columns).where(_person.c.email.in_(sorted(emails)))
            ):
                people[row.id] = dict(row._mapping)
                owners[row.email].add(row.id)
        for name in names:
            matched = {i for f in forms[name] for i in owners.get(f, ())} | owners.get(name, set())
            found[name] = [_Candidate(i, people[i]) for i in sorted(matched) if i in people]

    async def _organizations(self, names: set[str], found: dict[str, list[_Candidate]]) -> None:
        exact = {n: _name_forms(n) for n in names}
        fuzzy = {n: _org_keys(n) for n in names}
        keys = sorted({k for ks in (*exact.values(), *fuzzy.values()) for k in ks})
        owners: dict[str, dict[int, Any]] = defaultdict(dict)
        if keys:
            statement = (
                select(
                    _name_key.c.key,
                    _name_key.c.kind,
                    _name_key.c.entity_id,
                    _organization.c.country,
                )
                .join(_organization, _organization.c.id == _name_key.c.entity_id)
                .where(
                    _name_key.c.key.in_(keys),
                    _name_key.c.entity == "organization",
                    _name_key.c.kind.in_(["name", "alias", "block"]),
                )
            )
            for key, kind, entity_id, country in await self.session.execute(statement):
                owners[("block:" if kind == "block" else "") + key][entity_id] = country
        for name in names:
            hits = {i: c for f in exact[name] for i, c in owners.get(f, {}).items()}
            if not hits:
                hits = {i: c for k in fuzzy[name] for i, c in owners.get("block:" + k, {}).items()}
            found[name] = [_Candidate(i, {"country": c}) for i, c in sorted(hits.items())]

    async def check_ids(self, target: str, ids: set[int]) -> None:
        missing = ids - self.ids[target]
        if missing:
            table = table_of(getattr(models, target.title().replace("_", "")))
            result = await self.session.execute(
                select(table.c.id).where(table.c.id.in_(sorted(missing)))
            )
            self.ids[target] |= set(result.scalars())

    def forget(self, target: str) -> None:
        """Records of `target` were created: names looked up before may now match."""
        for key in [k for k in self.cache if k[0] == target]:
            del self.cache[key]

    def resolve(self, ref: Reference, row: _Row, *, label: str) -> tuple[int | None, str]:
        """(key, "") or (None, why not)."""
        typed = row.typed
        if (key := typed.get(f"{ref.field}_id")) is not None:
            return (
                (key, "")
                if key in self.ids[ref.target]
                else (None, f"{label}: no {_what(ref.target)} with ID {key}")
            )
        name = typed.get(ref.field) or typed.get(ref.hints.get("email", "")) or None
        if name is None:
            return None, (f"{label} is required" if ref.required else "")
        candidates = list(self.cache.get((ref.target, str(name)), []))
        narrowed = []
        for candidate in candidates:
            fits = True
            for hint, hint_field in ref.hints.items():
                wanted = typed.get(hint_field)
                if wanted is None:
                    continue
                have = candidate.attrs.get(hint)
                if hint == "email":
                    fits &= bool(have) and str(have).casefold() == str(wanted).casefold()
                elif hint == "country":
                    fits &= have is None or have == str(wanted).upper()
                else:
                    fits &= have == wanted
            if ref.target == "position" and row.refs.get("organization") is not None:
                fits &= candidate.attrs.get("organization_id") == row.refs["organization"]
            if fits:
                narrowed.append(candidate)
        what = _what(ref.target)
        if not narrowed:
            return None, f"{label}: no {what} {name!r}" + (
                " with the given details" if candidates else ""
            )
        if len(narrowed) > 1:
            ids = ", ".join(str(c.id) for c in narrowed[:5])
            more = " …" if len(narrowed) > 5 else ""
            hints = ", ".join(ref.hints.values()) or "a database ID column"
            return (
                None,
                f"{label}: {name!r} is ambiguous: {len(narrowed)} {what}s match "
                f"(IDs {ids}{more}); add {hints} to tell them apart",
            )
        return narrowed[0].id, ""


async def _not_erased(session: AsyncSession, rows: list[_Row]) -> list[_Row]:
    """Rows of people an erasure's tombstone matches are rejected, as createPerson refuses
    them (an import cannot bring an erased person back silently)."""
    hashes = {
        id(row): erasure_key_hashes(
            name=row.values["name"],
            name_latin=row.values.get("name_latin"),
            birth_year=row.values.get("birth_year"),
            email=row.values.get("email"),
            phone=row.values.get("phone"),
        )
        for row in rows
    }
    wanted = sorted({h for found in hashes.values() for h in found})
    erased: dict[str, datetime] = {}
    erasure, key = table_of(models.Erasure), table_of(models.ErasureKey)
    for start in range(0, len(wanted), 5_000):
        statement = (
            select(key.c.key_hash, func.max(erasure.c.erased_at))
            .join(erasure, erasure.c.id == key.c.erasure_id)
            .where(key.c.key_hash.in_(wanted[start : start + 5_000]))
            .group_by(key.c.key_hash)
        )
        erased.update({row[0]: row[1] for row in await session.execute(statement)})
    kept = []
    for row in rows:
        times = [erased[h] for h in hashes[id(row)] if h in erased]
        if times:
            row.action, row.reason = "rejected", f"name: {erased_message(max(times))}"
        else:
            kept.append(row)
    return kept


def _compatible(row: dict[str, Any], other: dict[str, Any]) -> bool:
    """Two people with the same name and birth year are one unless their emails or phones
    say otherwise."""
    return all(
        not (row.get(c) and other.get(c)) or row.get(c) == other.get(c) for c in ("email", "phone")
    )


def _what(target: str) -> str:
    return {"organization": "organisation", "agreement_party": "agreement party"}.get(
        target, target
    )


# ------------------------------------------------------------------------------- writing


class _Writer:
    """Core writes of one transaction, and what the ORM's flush listeners would add."""

    def __init__(
        self,
        session: AsyncSession,
        spec: Entity,
        *,
        bulk_fts: bool,
        bulk_keys: bool = False,
        alone: bool = False,
    ) -> None:
        self.session = session
        self.spec = spec
        self.table: SATable = table_of(spec.model)
        self.changes: list[tuple[str, int, ChangeOp]] = []
        self.actor: int | None = session.info.get(ACTOR_KEY)
        self.bulk_fts = bulk_fts
        self.bulk_keys = bulk_keys
        #: the rows name no other records (no look-ups by name during the import)
        self.alone = alone
        self.fts_trigger: str | None = None
        self.template = _template(spec.model)
        #: derives new people's name keys in a second process on a bulk import
        self.pool: ProcessPoolExecutor | None = None
        self.deferred: list[tuple[asyncio.Future[list[KeyRow]], list[int]]] = []
        #: SQLite: the name keys being inserted on the driver's thread
        self.writing: asyncio.Future[None] | None = None
        #: whether the person table had rows when the import began (else nobody to look up)
        self.people_before = True
        #: PostgreSQL: merge the trigram index's pending list at the end
        self.gin_merge = False
        #: SQLite, people into an empty table: the key index to build at the end
        self.key_index: str | None = None
        #: whether any erased person left a tombstone (then new people are checked)
        self.tombstones = False
        #: audit entries to write before the transaction ends
        self.audits: list[dict[str, Any]] = []
        #: natural key → the row of this transaction that created (or will create) it
        self.pending: dict[tuple[Any, ...], _Row] = {}

    async def begin(self) -> None:
        connection = await self.session.connection()
        if self.spec.name == "person":
            any_erasure = select(table_of(models.Erasure).c.id).limit(1)
            self.tombstones = (await self.session.execute(any_erasure)).first() is not None
        if self.bulk_fts and connection.dialect.name == "sqlite":
            # A large page cache for this connection: the key index takes millions of
            # random inserts, and the default 8 MB cache sends most of them to the disk.
            await self.session.execute(text("PRAGMA cache_size = -262144"))
        if self.bulk_keys and self.spec.name == "person":
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            count = select(func.count()).select_from(select(_person.c.id).limit(1).subquery())
            self.people_before = bool((await self.session.execute(count)).scalar())
            if connection.dialect.name == "postgresql":
                # The trigram index takes new keys into its pending list and merges them
                # once, sorted, at the end (finish) instead of every 4 MB.
                await self.session.execute(text("SET LOCAL gin_pending_list_limit = '1GB'"))
                self.gin_merge = True
        if self.bulk_fts and self.spec.name in ("person", "organization"):
            connection = await self.session.connection()
            if connection.dialect.name == "sqlite":
                found = (
                    await self.session.execute(
                        text(
                            "SELECT sql FROM sqlite_master "
                            "WHERE type = 'trigger' AND name = 'name_key_fts_insert'"
                        )
                    )
                ).scalar()
                if found:
                    # Inside this transaction only (SQLite DDL is transactional, and we hold
                    # the write lock): filled per chunk below, restored in finish().
                    self.fts_trigger = str(found)
                    await self.session.execute(text("DROP TRIGGER name_key_fts_insert"))
        if self.pool is not None and self.alone:
            await self._first_load()

    async def _first_load(self) -> None:
        """People into an empty person table: there is nobody to look up by name,
        so the key index is dropped and built once at the end, sorted, instead of taking
        millions of random inserts (as a restore would; undone if the import fails)."""
        if self.people_before:
            return
        connection = await self.session.connection()
        definition = (
            # PostgreSQL: DDL is transactional too; the index is gone only for this
            # transaction, and other sessions wait for it (a first load into an empty
            # table has nobody to wait).
            "SELECT indexdef FROM pg_indexes WHERE indexname = :name"
            if connection.dialect.name == "postgresql"
            else "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"
        )
        found = (await self.session.execute(text(definition), {"name": _KEY_INDEX})).scalar()
        if found:
            self.key_index = str(found)
            await self.session.execute(text(f"DROP INDEX {_KEY_INDEX}"))

    async def create(self, rows: list[_Row]) -> list[_Row]:
        """Insert the rows; those the database refuses get their reason and come back."""
        if not rows:
            return []
        now = utcnow()
        owner = _OWNER.get(self.spec.name)
        records = []
        for row in rows:
            record = {**self.template, "created_at": now, "updated_at": now, **row.values}
            if owner and self.actor is not None and record.get(owner) is None:
                record[owner] = self.actor
            records.append(record)
        try:
            async with self.session.begin_nested():
                ids = await self._insert(records)
        except IntegrityError:
            return await self._create_one_by_one(rows, records)
        for row, key in zip(rows, ids, strict=True):
            row.target = key
        return []

    async def _insert(self, records: list[dict[str, Any]]) -> list[int]:
        """Insert the records; their new keys in order.

        The keys are taken first (the sequence's next values on PostgreSQL, the ones after
        the largest on SQLite, whose write lock this transaction holds), so the rows go in
        as one executemany without RETURNING, the fastest path of both drivers."""
        table = self.table
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":
            last = (await self.session.execute(select(func.max(table.c.id)))).scalar()
            ids = list(range((last or 0) + 1, (last or 0) + 1 + len(records)))
        else:
            sequence = func.pg_get_serial_sequence(table.name, "id")
            taken = await self.session.execute(
                select(func.nextval(sequence)).select_from(func.generate_series(1, len(records)))
            )
            ids = sorted(taken.scalars())
        await self.session.execute(
            insert(table), [{**r, "id": key} for r, key in zip(records, ids, strict=True)]
        )
        return ids

    async def _create_one_by_one(
        self, rows: list[_Row], records: list[dict[str, Any]]
    ) -> list[_Row]:
        refused = []
        statement = insert(self.table).returning(self.table.c.id)
        for row, record in zip(rows, records, strict=True):
            try:
                async with self.session.begin_nested():
                    row.target = (await self.session.execute(statement, record)).scalar_one()
            except IntegrityError as error:
                row.reason = explain_integrity_error(error).message
                refused.append(row)
        return refused

    async def update(self, row: _Row) -> bool:
        """Change the given columns of `row.target`; False (with the reason) if refused."""
        assert row.target is not None
        values = {k: v for k, v in row.values.items() if k in row.given}
        if not values:
            return True
        stage_column = {"project": "stage", "application": "stage"}.get(self.spec.name)
        current = (
            await self.session.execute(
                select(*(self.table.c[c] for c in values)).where(self.table.c.id == row.target)
            )
        ).one()
        before = dict(zip(values, current, strict=True))
        statement = (
            update(self.table)
            .where(self.table.c.id == row.target)
            .values(**values, version=self.table.c.version + 1, updated_at=utcnow())
        )
        try:
            async with self.session.begin_nested():
                await self.session.execute(statement)
        except IntegrityError as error:
            row.reason = explain_integrity_error(error).message
            return False
        changed = {
            c: [_audit_value(before[c]), _audit_value(v)]
            for c, v in values.items()
            if before[c] != v
        }
        if changed:
            self.audit(AuditAction.UPDATE, self.spec.table, [(row.target, changed)])
        if stage_column and stage_column in values and before[stage_column] != values[stage_column]:
            await self._history([(row.target, before[stage_column], values[stage_column])])
        return True

    async def after_created(self, rows: list[_Row]) -> None:
        keys = [r.target for r in rows if r.target is not None]
        if not keys:
            return
        name = self.spec.name
        self.audit(
            AuditAction.CREATE,
            self.spec.table,
            [(r.target, _created(r.values)) for r in rows if r.target is not None],
        )
        if name in ("project", "application"):
            await self._history(
                [(r.target, None, r.values.get("stage")) for r in rows if r.target is not None]
            )
        if name == "introduction":
            await self._introduction_history(rows)
        if name == "person":
            due = [
                r.target
                for r in rows
                if r.target is not None and r.values.get("contact_cadence_days")
            ]
            if due:
                await self.session.execute(follow_up.refresh(due))
        if name == "interaction":
            await self._participants(rows)
        self.log(name, keys, ChangeOp.INSERT)
        if name == "agreement_party":
            self.log("agreement", sorted({r.values["agreement_id"] for r in rows}), ChangeOp.UPDATE)

    async def after_updated(self, rows: list[_Row]) -> None:
        keys = [r.target for r in rows if r.target is not None]
        self.log(self.spec.name, keys, ChangeOp.UPDATE)
        if self.spec.name == "person":
            due = [
                r.target for r in rows if r.target is not None and "contact_cadence_days" in r.given
            ]
            if due:
                await self.session.execute(follow_up.refresh(due))

    async def name_keys(self, entity: str, keys: list[int]) -> None:
        """Derive the name keys of these people or organisations anew, as the flush listener
        does (reading their merge records, if any, for their former names)."""
        if not keys:
            return
        await self.session.run_sync(
            lambda sync: name_index.refresh_name_keys(sync.connection(), entity, keys)
        )
        await self._fill_fts(entity, keys)

    async def new_people_keys(self, rows: list[_Row]) -> None:
        """The name keys of people this import created: they have no merge records, so their
        keys come from the row's own columns. On a bulk import they are derived in a worker
        process while this one goes on with the next rows, and inserted when ready."""
        people: list[PersonColumns] = [
            (
                r.target,
                r.values["name"],
                r.values.get("name_latin"),
                r.values.get("birth_year"),
                r.values.get("email"),
                r.values.get("phone"),
            )
            for r in rows
            if r.target is not None
        ]
        if not people:
            return
        if self.pool is None:
            await self._insert_keys(person_key_rows(people), [p[0] for p in people])
            return
        future = asyncio.wrap_future(self.pool.submit(person_key_rows, people))
        self.deferred.append((future, [p[0] for p in people]))
        while self.deferred and (self.deferred[0][0].done() or len(self.deferred) > 2):
            await self._insert_deferred()

    async def _insert_deferred(self) -> None:
        future, ids = self.deferred.pop(0)
        rows = await future
        connection = await self.session.connection()
        if connection.dialect.name != "sqlite":
            await self._insert_keys(rows, ids)
            return
        # On SQLite the driver runs statements on its own thread, in the order they were
        # given: the keys go in there while this thread prepares the next rows.
        raw = (await connection.get_raw_connection()).driver_connection
        self.writing = asyncio.ensure_future(self._sqlite_keys(raw, rows, ids, self.writing))

    async def _sqlite_keys(
        self, raw: Any, rows: list[KeyRow], ids: list[int], previous: asyncio.Future[None] | None
    ) -> None:
        if previous is not None:
            await previous
        await raw.executemany(_INSERT_KEYS, rows)
        if self.fts_trigger is not None:
            await raw.execute(
                _FILL_FTS.replace(":entity", "?").replace(":ids", "?"), ("person", _json_ids(ids))
            )

    async def _insert_keys(self, rows: list[KeyRow], ids: list[int]) -> None:
        """Insert name_key rows straight through the driver: COPY on PostgreSQL, one prepared
        statement on SQLite (the rows are plain tuples; SQLAlchemy would only convert them)."""
        if not rows:
            return
        connection = await self.session.connection()
        raw = (await connection.get_raw_connection()).driver_connection
        assert raw is not None
        if connection.dialect.name == "postgresql":
            async with raw.cursor() as cursor:
                statement = "COPY name_key (entity, entity_id, key, kind) FROM STDIN"
                async with cursor.copy(statement) as copy:
                    await copy.write("".join(map(_copy_line, rows)).encode())
        else:
            await raw.executemany(_INSERT_KEYS, rows)
        await self._fill_fts("person", ids)

    async def _fill_fts(self, entity: str, ids: list[int]) -> None:
        if self.fts_trigger is None or not ids:
            return
        await self.session.execute(text(_FILL_FTS), {"entity": entity, "ids": _json_ids(ids)})

    async def employers(self, rows: list[_Row]) -> None:
        """A person row's 单位: an affiliation to that organisation, unless it exists."""
        wanted = [(r.target, *r.employer) for r in rows if r.employer and r.target is not None]
        if not wanted:
            return
        affiliation = table_of(models.Affiliation)
        people = sorted({w[0] for w in wanted})
        found = await self.session.execute(
            select(
                affiliation.c.person_id, affiliation.c.organization_id, affiliation.c.role
            ).where(
                affiliation.c.person_id.in_(people),
                affiliation.c.starts_on.is_(None),
                affiliation.c.ends_on.is_(None),
            )
        )
        existing = {(row[0], row[1], row[2]) for row in found}
        now = utcnow()
        new = []
        for person_id, organization_id, role, title in wanted:
            if (person_id, organization_id, role) in existing:
                continue
            existing.add((person_id, organization_id, role))
            new.append(
                {
                    **_template(models.Affiliation),
                    "person_id": person_id,
                    "organization_id": organization_id,
                    "role": role,
                    "title": title,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        if new:
            await self._insert_links(affiliation, new)

    async def _insert_links(self, table: SATable, records: list[dict[str, Any]]) -> None:
        """Insert link rows the import makes on the side; log them for the graph and the
        audit log, as the ORM's listeners would."""
        ids = (
            await self.session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), records
            )
        ).scalars()
        keys = list(ids)
        self.log(table.name, keys, ChangeOp.INSERT)
        self.audit(
            AuditAction.CREATE,
            table.name,
            [(k, _created(r)) for k, r in zip(keys, records, strict=True)],
        )

    async def _participants(self, rows: list[_Row]) -> None:
        participant = table_of(models.InteractionParticipant)
        now = utcnow()
        records = [
            {"interaction_id": r.target, "person_id": p, "created_at": now, "updated_at": now}
            for r in rows
            for p in r.participants
        ]
        if not records:
            return
        await self._insert_links(participant, records)
        for r in rows:
            if r.participants:
                await touch_last_contacted(
                    self.session, person_ids=r.participants, at=r.values["occurred_at"]
                )

    async def _introduction_history(self, rows: list[_Row]) -> None:
        """A new introduction's first status, as the workflow's history would have it."""
        now = utcnow()
        await self.session.execute(
            insert(table_of(models.IntroductionStatusChange)),
            [
                {
                    "introduction_id": r.target,
                    "from_status": None,
                    "to_status": IntroductionStatus.REQUESTED,
                    "changed_at": r.values.get("requested_at") or now,
                    "changed_by_id": self.actor,
                    "created_at": now,
                    "updated_at": now,
                }
                for r in rows
                if r.target is not None
            ],
        )

    async def _history(self, moves: list[tuple[int | None, Any, Any]]) -> None:
        history: Any = {
            "project": models.ProjectStageChange,
            "application": models.ApplicationStageChange,
        }[self.spec.name]
        key = f"{self.spec.name}_id"
        now = utcnow()
        await self.session.execute(
            insert(table_of(history)),
            [
                {
                    key: target,
                    "from_stage": before,
                    "to_stage": after,
                    "changed_at": now,
                    "changed_by_id": self.actor,
                    "created_at": now,
                    "updated_at": now,
                }
                for target, before, after in moves
            ],
        )

    def close(self) -> None:
        if self.writing is not None:
            self.writing.cancel()
            self.writing = None
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None

    def audit(
        self, action: AuditAction, entity: str, rows: list[tuple[int, dict[str, list[Any]]]]
    ) -> None:
        """Audit entries for rows this import wrote, as the audit log's flush listener
        writes them for ORM writes (derived rows, such as name keys, are not audited)."""
        viewer = self.session.info.get("viewer")
        if viewer is not None:
            actor_id, label = viewer.user_id, viewer.label
        else:
            actor_id, label = None, str(self.session.info.get("actor", "system"))
        now = utcnow()
        request = self.session.info.get("request_id")
        self.audits.extend(
            {
                "at": now,
                "actor_id": actor_id,
                "actor_label": label,
                "action": action,
                "entity": entity,
                "entity_id": key,
                "changes": changes,
                "request_id": request,
            }
            for key, changes in rows
        )

    async def _write_audits(self) -> None:
        for start in range(0, len(self.audits), 5_000):
            await self.session.execute(insert(_audit), self.audits[start : start + 5_000])
        self.audits = []

    def log(self, entity: str, keys: Iterable[int], op: ChangeOp) -> None:
        if entity in GRAPH_TABLES:
            self.changes.extend((entity, k, op) for k in keys)

    async def finish(self) -> None:
        """Insert the keys still being derived, move the graph revision once for this
        transaction (and restore the FTS trigger)."""
        from crm.db.revision import record_changes

        await self._write_audits()
        while self.deferred:
            await self._insert_deferred()
        if self.writing is not None:
            await self.writing
            self.writing = None
        self.close()
        if self.gin_merge:
            await self.session.execute(
                text("SELECT gin_clean_pending_list(CAST(:index AS regclass))"),
                {"index": TRIGRAM_INDEX},
            )
            self.gin_merge = False
        if self.key_index is not None:
            await self.session.execute(text(self.key_index))
            self.key_index = None
        if self.fts_trigger is not None:
            await self.session.execute(text(self.fts_trigger))
            self.fts_trigger = None
        if self.changes:
            changes = list(dict.fromkeys(self.changes))
            logged = changes if len(changes) <= MAX_LOGGED_CHANGES else []
            await self.session.run_sync(lambda sync: record_changes(sync, logged))
            self.changes = []


_KEY_INDEX = "ix_name_key_key"
_INSERT_KEYS = "INSERT INTO name_key (entity, entity_id, key, kind) VALUES (?, ?, ?, ?)"
_FILL_FTS = (
    "INSERT INTO name_key_fts(rowid, key) SELECT id, key FROM name_key "
    "WHERE entity = :entity AND entity_id IN (SELECT value FROM json_each(:ids)) "
    "AND kind IN ('name', 'latin', 'full', 'alias', 'former', 'western')"
)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_line(row: KeyRow) -> str:
    """A row in COPY's text format (one Python string per row, not one await per row)."""
    entity, key, value, kind = row
    return f"{entity}\t{key}\t{value.translate(_COPY_ESCAPES)}\t{kind}\n"


def _audit_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _created(values: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        column: [None, _audit_value(value)]
        for column, value in values.items()
        if value is not None and value != [] and column not in ("version", "updated_at")
    }


def _json_ids(ids: list[int]) -> str:
    return "[" + ",".join(map(str, ids)) + "]"


#: the column naming the staff user who owns a new record (the importing user)
_OWNER = {
    "person": "owner_id",
    "organization": "owner_id",
    "event": "owner_id",
    "project": "owner_id",
    "position": "owner_id",
    "agreement": "owner_id",
    "interaction": "owner_id",
}


def _template(model: Any) -> dict[str, Any]:
    """Every column's default, so the rows of one executemany have the same keys."""
    table = table_of(model)
    template: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in table.c and name != "id":
            template[name] = info.get_default(call_default_factory=True)
    return template


# ------------------------------------------------------------------------------ the run


async def import_table(
    sessions: SessionMaker,
    table: Table,
    entity: str,
    *,
    mapping: dict[str, str | None] | None = None,
    on_duplicate: Policy = "skip",
    dry_run: bool = False,
    batch_size: int | None = None,
    start: int = 1,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `table` as records of `entity`; raises ImportFailedError after an unexpected error
    (nothing of the failed batch is kept), CannotImportError when the file cannot be imported."""
    if entity not in ENTITIES:
        raise CannotImportError(f"unknown entity {entity!r}: choose one of {', '.join(ENTITIES)}")
    if on_duplicate not in POLICIES:
        raise CannotImportError(f"--on-duplicate must be one of {', '.join(POLICIES)}")
    if batch_size is not None and batch_size < 1:
        raise CannotImportError("the batch size must be at least 1")
    if start < 1:
        raise CannotImportError("the start row must be at least 1")
    spec = ENTITIES[entity]
    columns = column_map(entity, table.headers, mapping)
    report = ImportReport(
        entity,
        table.encoding,
        table.headers,
        {h: f for h, f in zip(table.headers, columns.fields, strict=False) if f},
        columns.unknown,
        dry_run=dry_run,
        start=start,
    )
    numbers = table.row_numbers or list(range(2, len(table.rows) + 2))
    todo = list(enumerate(zip(numbers, table.rows, strict=True), 1))[start - 1 :]
    report.rows = len(todo)
    size = len(todo) if batch_size is None or dry_run else batch_size
    done = 0
    for first in range(0, len(todo), max(size, 1)):
        batch = todo[first : first + size]
        counts = _Counts()
        try:
            async with sessions() as session:
                await session.begin()
                await session.connection(execution_options=WRITE_TRANSACTION)
                writer = _Writer(
                    session,
                    spec,
                    bulk_fts=len(batch) >= FTS_BULK_ROWS,
                    bulk_keys=len(batch) >= BULK_KEYS_ROWS,
                    alone=not {"organization", "organization_country"} & columns.mapped,
                )
                await writer.begin()
                try:
                    for part in range(0, len(batch), CHUNK):
                        chunk = batch[part : part + CHUNK]
                        await _chunk(writer, columns, table.headers, chunk, on_duplicate, counts)
                        done += len(chunk)
                        if progress is not None:
                            progress("rows", done, len(todo))
                    await writer.finish()
                finally:
                    writer.close()
                if dry_run:
                    await session.rollback()
                else:
                    await session.commit()
        except Exception as exc:
            report.failure = (
                f"{type(exc).__name__}: {exc}".splitlines()[0]
                + f" (in the batch of data rows {start + first}–{start + first + len(batch) - 1}; "
                "nothing of it was kept)"
            )
            raise ImportFailedError(report) from exc
        counts.add_to(report)
        report.committed += len(batch)
    report.rejected.sort(key=lambda r: r.row)
    return report


async def _chunk(
    writer: _Writer,
    columns: ColumnMap,
    headers: list[str],
    chunk: list[tuple[int, tuple[int, list[str]]]],
    policy: Policy,
    counts: _Counts,
) -> None:
    prepared: list[_Row] = []
    for index, (number, cells) in chunk:
        outcome = _prepare(writer.spec, columns, headers, number, index, cells)
        if isinstance(outcome, Rejected):
            counts.rejected.append(outcome)
        else:
            prepared.append(outcome)
    await _process(writer.session, writer, writer.spec, prepared, policy, counts)


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def add_to(self, report: ImportReport) -> None:
        report.created += self.created
        report.updated += self.updated
        report.skipped += self.skipped
        report.rejected.extend(self.rejected)


async def _resolve(
    session: AsyncSession, resolver: _Resolver, spec: Entity, rows: list[_Row]
) -> list[_Row]:
    """Resolve every reference of the rows; rows that cannot be resolved are rejected."""
    references = list(spec.references)
    if spec.name == "person":
        references.append(
            Reference(
                "organization", "organization", "", False, {"country": "organization_country"}
            )
        )
    if spec.name == "application":
        references.insert(
            0,
            Reference(
                "organization", "organization", "", False, {"country": "organization_country"}
            ),
        )
    for ref in references:
        await resolver.prefetch(
            ref.target,
            {
                str(r.typed[f])
                for r in rows
                for f in (ref.field, ref.hints.get("email", ""))
                if r.typed.get(f)
            },
        )
        await resolver.check_ids(
            ref.target,
            {
                r.typed[f"{ref.field}_id"]
                for r in rows
                if r.typed.get(f"{ref.field}_id") is not None
            },
        )
    if spec.name == "interaction":
        await resolver.prefetch(
            "person", {p for r in rows for p in r.typed.get("participants") or []}
        )
    kept = []
    for row in rows:
        errors = []
        for ref in references:
            key, problem = resolver.resolve(ref, row, label=ref.field)
            if problem:
                errors.append(problem)
            row.refs[ref.field] = key
            if ref.column and key is not None:
                row.values[ref.column] = key
                row.given.add(ref.column)
        errors += _link_rules(spec, row)
        if spec.name == "interaction":
            for name in row.typed.get("participants") or []:
                key, problem = resolver.resolve(
                    Reference("participants", "person", "", True),
                    _Row(0, 0, [], {"participants": name}),
                    label="participants",
                )
                if problem:
                    errors.append(problem)
                elif key is not None and key not in row.participants:
                    row.participants.append(key)
        if errors:
            row.action, row.reason = "rejected", "; ".join(errors)
        else:
            if spec.name == "person" and row.refs.get("organization") is not None:
                role = row.typed.get("role") or AffiliationRole.EMPLOYEE
                row.employer = (row.refs["organization"], role, row.typed.get("title"))  # type: ignore[assignment]
        kept.append(row)
    return kept


def _link_rules(spec: Entity, row: _Row) -> list[str]:
    """What the `create…` resolvers check beyond their `_values`, with their messages."""
    values = row.values
    if spec.name in ("participation", "agreement_party"):
        has_person, has_organization = (
            values.get("person_id") is not None,
            values.get("organization_id") is not None,
        )
        if has_person == has_organization:
            return ["give exactly one of person and organization"]
    if spec.name == "relationship":
        a, b = values.get("person_a_id"), values.get("person_b_id")
        if a is not None and a == b:
            return ["person_b: a relationship needs two different people"]
        if (
            a is not None
            and b is not None
            and values.get("kind") is not RelationshipKind.MENTOR
            and a > b
        ):
            values["person_a_id"], values["person_b_id"] = b, a
    for column in spec.unique:
        values.setdefault(column, None)
    return []


async def _process(
    session: AsyncSession,
    writer: _Writer,
    spec: Entity,
    rows: list[_Row],
    policy: Policy,
    counts: _Counts,
) -> None:
    """Rows naming a parent of their own entity wait for the rows that create it."""
    parent = next((ref.field for ref in spec.references if ref.target == spec.name), None)
    remaining = rows
    while remaining:
        names = {r.typed.get("name") for r in remaining}
        ready = [
            r
            for r in remaining
            if parent is None
            or r.typed.get(parent) not in names
            or r.typed.get(parent) == r.typed.get("name")
        ]
        ready = ready or remaining
        await _process_part(session, writer, spec, ready, policy, counts)
        taken = {id(r) for r in ready}
        remaining = [r for r in remaining if id(r) not in taken]


async def _process_part(
    session: AsyncSession,
    writer: _Writer,
    spec: Entity,
    rows: list[_Row],
    policy: Policy,
    counts: _Counts,
) -> None:
    resolver = _Resolver(session)
    rows = await _resolve(session, resolver, spec, rows)
    live = [r for r in rows if r.action != "rejected"]
    existing, attrs = await _existing(session, spec, live, people_before=writer.people_before)
    pending = writer.pending
    creates: list[_Row] = []
    updates: list[_Row] = []
    for row in live:
        keys = _row_keys(spec, row)
        in_db = {
            i
            for key in keys
            for i in existing.get(key, ())
            if key[0] != "born" or _compatible(row.values, attrs.get(i, {}))
        }
        earlier = next(
            (
                pending[key]
                for key in keys
                if key in pending
                and (key[0] != "born" or _compatible(row.values, pending[key].values))
            ),
            None,
        )
        if earlier is not None and earlier.target is not None:
            # created by an earlier chunk: it is in the database now
            in_db.add(earlier.target)
            earlier = None
        if len(in_db) > 1:
            ids = ", ".join(map(str, sorted(in_db)[:5]))
            row.action, row.reason = (
                "rejected",
                f"matches {len(in_db)} existing {_what(spec.name)} records (IDs {ids}): "
                "ambiguous duplicate",
            )
        elif in_db or earlier is not None:
            if policy == "skip":
                row.action = "skipped"
            elif policy == "update":
                if in_db:
                    row.action, row.target = "updated", next(iter(in_db))
                    updates.append(row)
                else:
                    assert earlier is not None
                    earlier.values.update({k: v for k, v in row.values.items() if k in row.given})
                    row.action = "merged"
            elif spec.unique:
                row.action, row.reason = "rejected", f"this {_what(spec.name)} already exists"
            else:
                row.action = "created"
        else:
            row.action = "created"
        if row.action == "created":
            creates.append(row)
            for key in _record_keys(spec, row.values):
                pending.setdefault(key, row)
    if spec.name == "person" and writer.tombstones:
        creates = await _not_erased(session, creates)
    refused = await writer.create(creates)
    for row in refused:
        row.action = "rejected"
    created = [r for r in creates if r.action == "created"]
    updated = []
    for row in updates:
        if await writer.update(row):
            updated.append(row)
        else:
            row.action = "rejected"
    await writer.after_created(created)
    await writer.after_updated(updated)
    if spec.name == "person":
        await writer.new_people_keys(created)
        await writer.name_keys("person", [r.target for r in updated if r.target is not None])
    if spec.name == "organization":
        await writer.name_keys(
            spec.name, [r.target for r in [*created, *updated] if r.target is not None]
        )
    if spec.name == "person":
        await writer.employers([*created, *updated])
    if created and spec.name in {ref.target for ref in spec.references}:
        resolver.forget(spec.name)
    for row in rows:
        if row.action == "rejected":
            counts.rejected.append(Rejected(row.number, row.cells, row.reason))
        elif row.action == "skipped":
            counts.skipped += 1
        elif row.action == "created":
            counts.created += 1
        else:  # updated, or merged into a record an earlier row of the file created
            counts.updated += 1
