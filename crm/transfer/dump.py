"""The complete, versioned JSON dump of the database, its lossless load into an empty
database, and the per-table CSV export.

A dump holds every row of every table of the models (`SQLModel.metadata`) except the
ones derived from the others: the name keys (derived again by `rebuild_name_keys`), and
the graph revision and its change log (cache bookkeeping; loading moves the revision
with an empty log, which tells every graph cache to rebuild). Rows keep their keys, so
relations need no remapping, and are listed in key order, table by table in dependency
order, with the format version and the schema (Alembic) revision they were taken at:

    {"format": "crm-dump", "version": 1, "schema_revision": "0006",
     "tables": {"person": {"columns": ["id", …], "rows": [[1, …], …]}, …}}

Export → load into an empty database → export gives the identical file. The dump holds
personal data and the staff accounts' password and token hashes: keep it like the
database itself.
"""

from __future__ import annotations

import asyncio
import csv
import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Numeric, Table, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

import crm.db.models  # noqa: F401 - registers every table
from crm.db import migrate
from crm.db.name_index import rebuild_name_keys
from crm.db.revision import record_changes
from crm.db.types import UTCDateTime
from crm.progress import Progress, report

FORMAT = "crm-dump"
VERSION = 1
#: tables derived from the others (rebuilt on load) or cache and job bookkeeping (the
#: background analysis runs again on the loaded network; idempotency keys answer
#: retries on the server that took them)
DERIVED = frozenset(
    {"name_key", "graph_state", "graph_change", "data_state", "analysis_run", "idempotency_key"}
)
_CHUNK = 2_000


#: columns `crm export csv` leaves out unless asked: what would let a reader sign in as
#: a staff user, offline-guessed or replayed (a dump keeps them, to restore accounts)
SECRET_COLUMNS: dict[str, tuple[str, ...]] = {
    "staff_user": ("password_hash",),
    "api_token": ("token_hash",),
}


class DumpError(ValueError):
    """The dump cannot be loaded here (format, schema revision, a database not empty)."""


def dump_tables() -> list[Table]:
    """The tables a dump holds, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in DERIVED]


def encode(value: Any) -> Any:
    """A column value as JSON: times and dates in ISO 8601, amounts as decimal strings."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decoder(table: Table, name: str) -> Callable[[Any], Any]:
    kind = table.c[name].type
    if isinstance(kind, UTCDateTime | DateTime):
        return lambda v: None if v is None else datetime.fromisoformat(v)
    if isinstance(kind, Date):
        return lambda v: None if v is None else date.fromisoformat(v)
    if isinstance(kind, Numeric):
        return lambda v: None if v is None else Decimal(v)
    if isinstance(kind, Boolean):
        return lambda v: None if v is None else bool(v)
    return lambda v: v


async def schema_revision(session: AsyncSession) -> str | None:
    return await session.run_sync(lambda sync: migrate.current_revision(sync.connection()))


async def _rows(session: AsyncSession, table: Table) -> list[list[Any]]:
    order = list(table.primary_key.columns)
    result = await session.execute(select(table).order_by(*order))
    return [[encode(v) for v in row] for row in result]


async def export_dump(session: AsyncSession, progress: Progress | None = None) -> dict[str, Any]:
    """Every table's rows (read in one transaction, so the dump is one consistent state)."""
    tables = dump_tables()
    dump: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": await schema_revision(session),
        "tables": {},
    }
    for done, table in enumerate(tables, 1):
        dump["tables"][table.name] = {
            "columns": [c.name for c in table.columns],
            "rows": await _rows(session, table),
        }
        report(progress, table.name, done, len(tables))
    return dump


def dumps(dump: dict[str, Any]) -> str:
    """The dump as text: one line per row, so files diff and stream well."""
    lines = [
        "{",
        f'"format": {json.dumps(dump["format"])},',
        f'"version": {json.dumps(dump["version"])},',
        f'"schema_revision": {json.dumps(dump["schema_revision"])},',
        '"tables": {',
    ]
    names = list(dump["tables"])
    for t, name in enumerate(names):
        table = dump["tables"][name]
        lines.append(f"{json.dumps(name)}: {{")
        lines.append(f'"columns": {json.dumps(table["columns"])},')
        rows = table["rows"]
        lines.append('"rows": [' + ("" if rows else "]"))
        for r, row in enumerate(rows):
            tail = "," if r < len(rows) - 1 else "]"
            lines.append(json.dumps(row, ensure_ascii=False, sort_keys=True) + tail)
        lines.append("}" + ("," if t < len(names) - 1 else ""))
    lines += ["}", "}", ""]
    return "\n".join(lines)


def loads(text_: str) -> dict[str, Any]:
    try:
        dump = json.loads(text_)
    except json.JSONDecodeError as exc:
        raise DumpError(f"not a JSON dump: {exc}") from exc
    if not isinstance(dump, dict) or dump.get("format") != FORMAT:
        raise DumpError("not a CRM dump (its format is not crm-dump)")
    if dump.get("version") != VERSION:
        raise DumpError(
            f"dump format version {dump.get('version')}; this CRM reads version {VERSION}"
        )
    return dump


def _parents_first(table: Table, columns: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Rows ordered so a row's parent (a key in the same table) is inserted before it."""
    own = [
        fk.parent.name
        for fk in table.foreign_keys
        if fk.column.table is table and fk.parent.name in columns
    ]
    if not own or "id" not in columns:
        return rows
    at = columns.index("id")
    parents = [columns.index(c) for c in own]
    by_id = {row[at]: row for row in rows}
    placed: set[Any] = set()
    ordered: list[list[Any]] = []

    def place(row: list[Any], trail: frozenset[Any]) -> None:
        if row[at] in placed:
            return
        for p in parents:
            parent = by_id.get(row[p])
            if parent is not None and parent[at] not in trail:
                place(parent, trail | {row[at]})
        placed.add(row[at])
        ordered.append(row)

    for row in rows:
        place(row, frozenset())
    return ordered


async def load_dump(
    session: AsyncSession, dump: dict[str, Any], progress: Progress | None = None
) -> dict[str, int]:
    """Load a dump into an empty database at the dump's schema revision (in the session's
    transaction); the number of rows per table."""
    revision = await schema_revision(session)
    if dump.get("schema_revision") != revision:
        raise DumpError(
            f"the dump was taken at schema revision {dump.get('schema_revision')}, the database "
            f"is at {revision}: migrate one of them (crm db upgrade) so they match"
        )
    tables = {t.name: t for t in dump_tables()}
    unknown = sorted(set(dump["tables"]) - set(tables))
    if unknown:
        raise DumpError(f"the dump has tables this schema does not: {', '.join(unknown)}")
    occupied = []
    for name, table in tables.items():
        if (await session.execute(select(func.count()).select_from(table))).scalar_one():
            occupied.append(name)
    if occupied:
        raise DumpError(
            "a dump loads only into an empty database; these tables hold rows: "
            + ", ".join(occupied)
        )
    counts: dict[str, int] = {}
    names = [n for n in tables if n in dump["tables"]]
    for done, name in enumerate(names, 1):
        table, content = tables[name], dump["tables"][name]
        columns: list[str] = content["columns"]
        missing = [c for c in columns if c not in table.c]
        if missing:
            raise DumpError(f"{name}: the dump has columns this schema does not: {missing}")
        decoders = [_decoder(table, c) for c in columns]
        rows = _parents_first(table, columns, content["rows"])
        records = [
            {c: decode(v) for c, decode, v in zip(columns, decoders, row, strict=True)}
            for row in rows
        ]
        for start in range(0, len(records), _CHUNK):
            await session.execute(table.insert(), records[start : start + _CHUNK])
        counts[name] = len(records)
        report(progress, name, done, len(names) + 1)
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await _reset_sequences(session, [tables[n] for n in names])
    await rebuild_name_keys(session)
    await session.run_sync(lambda sync: record_changes(sync, []))
    report(progress, "name keys and graph revision", len(names) + 1, len(names) + 1)
    return counts


async def _reset_sequences(session: AsyncSession, tables: list[Table]) -> None:
    """Continue each table's key sequence after the largest loaded key."""
    for table in tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        sequence = (
            await session.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            )
        ).scalar()
        if sequence is None:
            continue
        await session.execute(
            text(
                f'SELECT setval(:sequence, coalesce((SELECT max(id) FROM "{table.name}"), 1), '
                f'(SELECT max(id) IS NOT NULL FROM "{table.name}"))'
            ),
            {"sequence": sequence},
        )


def _csv_cell(value: Any) -> str:
    value = encode(value)
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


async def export_csv(
    session: AsyncSession,
    directory: Path,
    progress: Progress | None = None,
    *,
    include_secrets: bool = False,
) -> dict[str, int]:
    """One CSV file per table (UTF-8 with a byte-order mark, for spreadsheets): every
    column, relations as the referenced keys (`person_id`), lists and objects as JSON.
    The password and token hashes (`SECRET_COLUMNS`) only with `include_secrets`."""
    tables = dump_tables()
    counts: dict[str, int] = {}
    for done, table in enumerate(tables, 1):
        hidden = () if include_secrets else SECRET_COLUMNS.get(table.name, ())
        columns = [c for c in table.columns if c.name not in hidden]
        statement = select(*columns).order_by(*table.primary_key.columns)
        rows = [[_csv_cell(v) for v in row] for row in await session.execute(statement)]
        header = [c.name for c in columns]
        await asyncio.to_thread(_write_csv, directory / f"{table.name}.csv", header, rows)
        counts[table.name] = len(rows)
        report(progress, table.name, done, len(tables))
    return counts
