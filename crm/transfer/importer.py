"""Imports the rows of a table as records of one entity: the run.

Each row is parsed and validated by the write path's own code (`crm.transfer.rows`), its
references resolved by natural keys (`crm.transfer.references`), and matched against
existing records, and the rows before it, by the entity's natural key
(`crm.transfer.natural_keys`); then it is created, updated, skipped or rejected with a
reason, and written in chunks (`crm.transfer.writer`, which says why it writes with Core
statements, and what of the API's write path it reuses).

By default the whole file is one transaction: all of it or nothing. With a batch size,
each batch commits on its own; after a failure the report says the first row of the
batch that failed, where a rerun resumes (`start`). Rows are numbered as a spreadsheet
shows them, the header being row 1, in rejects, failures and `start` alike.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.engine import WRITE_TRANSACTION
from crm.db.queries.common import table_of
from crm.db.queries.erasure import erasure_key_hashes
from crm.progress import Progress
from crm.resolvers.privacy import erased_message
from crm.transfer.entities import ENTITIES, Entity
from crm.transfer.keys import PersonColumns
from crm.transfer.mapping import ColumnMap
from crm.transfer.natural_keys import (
    Found,
    NaturalKey,
    compatible,
    existing_records,
    record_keys,
    row_keys,
)
from crm.transfer.reading import Table
from crm.transfer.references import ReferenceFinder, entity_word, resolve_references
from crm.transfer.report import (
    POLICIES,
    CannotImportError,
    ImportFailedError,
    ImportReport,
    Policy,
    Rejected,
)
from crm.transfer.rows import Row, column_map, prepare_row
from crm.transfer.writer import Writer

__all__ = [
    "CannotImportError",
    "ImportFailedError",
    "ImportReport",
    "Policy",
    "Rejected",
    "column_map",
    "import_table",
]

SessionMaker = Callable[[], AbstractAsyncContextManager[AsyncSession]]

#: rows handled per round of look-ups and inserts
CHUNK = 2_000
#: from this many new people or organisations on SQLite, the FTS index is filled in one
#: statement per chunk instead of by its per-row trigger
FTS_BULK_ROWS = 500
#: from this many rows, new people's name keys are derived in a second process
BULK_KEYS_ROWS = 5_000


#: a row of the file: its index among the data rows, (its number as a spreadsheet shows it,
#: its cells)
_NumberedRow = tuple[int, tuple[int, list[str]]]


async def import_table(
    sessions: SessionMaker,
    table: Table,
    entity: str,
    *,
    mapping: dict[str, str | None] | None = None,
    on_duplicate: Policy = "skip",
    dry_run: bool = False,
    batch_size: int | None = None,
    start: int = 2,
    progress: Progress | None = None,
    on_commit: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import `table` as records of `entity` from the row numbered `start` (the header is row
    1); raises ImportFailedError after an unexpected error (nothing of the failed batch is
    kept), CannotImportError when the file cannot be imported. `on_commit` hears the first
    data row not yet committed after each committed batch (where a run that is cancelled,
    e.g. by `crm import --timeout`, would resume)."""
    _check_options(entity, on_duplicate, batch_size, start)
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
    todo = _rows_from(table, start)
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
                writer = Writer(
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
            raise _batch_failed(report, batch, exc) from exc
        counts.add_to(report)
        report.committed += len(batch)
        if on_commit is not None and not dry_run:
            on_commit(start + first + len(batch))
    report.rejected.sort(key=lambda r: r.row)
    return report


def _rows_from(table: Table, start: int) -> list[_NumberedRow]:
    """The rows to import, from the one numbered `start`: (index in the file, (row number
    as a spreadsheet shows it, cells))."""
    numbers = table.row_numbers or list(range(2, len(table.rows) + 2))
    return [
        (index, (number, cells))
        for index, (number, cells) in enumerate(zip(numbers, table.rows, strict=True), 1)
        if number >= start
    ]


def _batch_failed(
    report: ImportReport, batch: list[_NumberedRow], exc: Exception
) -> ImportFailedError:
    """The failure of a batch that rolled back, with the row to resume at."""
    low, high = batch[0][1][0], batch[-1][1][0]
    report.failure = (
        f"{type(exc).__name__}: {exc}".splitlines()[0]
        + f" (in the batch of rows {low}–{high}; nothing of it was kept)"
    )
    report.resume_at = low
    return ImportFailedError(report)


def _check_options(entity: str, on_duplicate: str, batch_size: int | None, start: int) -> None:
    if entity not in ENTITIES:
        raise CannotImportError(f"unknown entity {entity!r}: choose one of {', '.join(ENTITIES)}")
    if on_duplicate not in POLICIES:
        raise CannotImportError(f"--on-duplicate must be one of {', '.join(POLICIES)}")
    if batch_size is not None and batch_size < 1:
        raise CannotImportError("the batch size must be at least 1")
    if start < 2:
        raise CannotImportError("the start row must be at least 2 (row 1 is the header)")


async def _chunk(
    writer: Writer,
    columns: ColumnMap,
    headers: list[str],
    chunk: list[_NumberedRow],
    policy: Policy,
    counts: _Counts,
) -> None:
    prepared: list[Row] = []
    for index, (number, cells) in chunk:
        outcome = prepare_row(writer.spec, columns, headers, number, index, cells)
        if isinstance(outcome, Rejected):
            counts.rejected.append(outcome)
        else:
            prepared.append(outcome)
    await _process(writer, prepared, policy, counts)


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def count(self, rows: list[Row]) -> None:
        for row in rows:
            if row.action == "rejected":
                self.rejected.append(Rejected(row.number, row.cells, row.reason))
            elif row.action == "skipped":
                self.skipped += 1
            elif row.action == "created":
                self.created += 1
            else:  # updated, or merged into a record an earlier row of the file created
                self.updated += 1

    def add_to(self, report: ImportReport) -> None:
        report.created += self.created
        report.updated += self.updated
        report.skipped += self.skipped
        report.rejected.extend(self.rejected)


async def _process(writer: Writer, rows: list[Row], policy: Policy, counts: _Counts) -> None:
    """Rows naming a parent of their own entity wait for the rows that create it."""
    spec = writer.spec
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
        await _process_part(writer, ready, policy, counts)
        taken = {id(r) for r in ready}
        remaining = [r for r in remaining if id(r) not in taken]


async def _process_part(writer: Writer, rows: list[Row], policy: Policy, counts: _Counts) -> None:
    session, spec = writer.session, writer.spec
    finder = ReferenceFinder(session)
    rows = await resolve_references(finder, spec, rows)
    live = [r for r in rows if r.action != "rejected"]
    found = await existing_records(session, spec, live, people_before=writer.people_before)
    creates: list[Row] = []
    updates: list[Row] = []
    for row in live:
        _decide(spec, row, found, writer.pending, policy)
        if row.action == "updated":
            updates.append(row)
        elif row.action == "created":
            creates.append(row)
            for key in record_keys(spec, row.values):
                writer.pending.setdefault(key, row)
    if spec.name == "person" and writer.tombstones:
        creates = await not_erased(session, creates)
    created = await _write(writer, creates, updates)
    if created and spec.name in {ref.target for ref in spec.references}:
        finder.forget(spec.name)
    counts.count(rows)


def _decide(
    spec: Entity, row: Row, found: Found, pending: dict[NaturalKey, Row], policy: Policy
) -> None:
    """What becomes of a row: created, updated (its target set), merged into an earlier
    row of the file, skipped, or rejected as an ambiguous duplicate."""
    existing, attrs = found
    keys = row_keys(spec, row)
    in_db = {
        i
        for key in keys
        for i in existing.get(key, ())
        if key[0] != "born" or compatible(row.values, attrs.get(i, {}))
    }
    earlier = next(
        (
            pending[key]
            for key in keys
            if key in pending and (key[0] != "born" or compatible(row.values, pending[key].values))
        ),
        None,
    )
    if earlier is not None and earlier.target is not None:
        # created by an earlier chunk: it is in the database now
        in_db.add(earlier.target)
        earlier = None
    if len(in_db) > 1:
        ids = ", ".join(map(str, sorted(in_db)[:5]))
        row.action = "rejected"
        row.reason = (
            f"matches {len(in_db)} existing {entity_word(spec.name)} records (IDs {ids}): "
            "ambiguous duplicate"
        )
    elif not in_db and earlier is None:
        row.action = "created"
    elif policy == "skip":
        row.action = "skipped"
    elif policy == "update" and in_db:
        row.action, row.target = "updated", next(iter(in_db))
    elif policy == "update":
        assert earlier is not None
        earlier.values.update({k: v for k, v in row.values.items() if k in row.given})
        row.action = "merged"
    elif spec.unique:
        row.action, row.reason = "rejected", f"this {entity_word(spec.name)} already exists"
    else:
        row.action = "created"


async def _write(writer: Writer, creates: list[Row], updates: list[Row]) -> list[Row]:
    """Create and update the rows, then what the write path adds to them; the rows
    created (those the database refused are rejected, with its reason)."""
    for row in await writer.create(creates):
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
    name = writer.spec.name
    if name == "person":
        await writer.keys.new_people([_person_columns(r) for r in created if r.target is not None])
        await writer.keys.refresh(name, [r.target for r in updated if r.target is not None])
        await writer.employers([*created, *updated])
    if name == "organization":
        changed = [r.target for r in [*created, *updated] if r.target is not None]
        await writer.keys.refresh(name, changed)
    return created


def _person_columns(row: Row) -> PersonColumns:
    """What a new person's name keys come from (they have no merge records yet)."""
    assert row.target is not None
    v = row.values
    return (
        row.target,
        v["name"],
        v.get("name_latin"),
        v.get("birth_year"),
        v.get("email"),
        v.get("phone"),
    )


async def not_erased(session: AsyncSession, rows: list[Row]) -> list[Row]:
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
