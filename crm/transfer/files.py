"""File-level import and export for the command line: open the database, read or write
the file, run `crm.transfer.importer` or `crm.transfer.dump`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.engine import (
    WRITE_TRANSACTION,
    create_engine,
    create_session_factory,
    refresh_statistics,
)
from crm.progress import Progress
from crm.settings import Settings
from crm.transfer import dump as dumping
from crm.transfer.importer import ImportReport, Policy, import_table
from crm.transfer.mapping import load_mapping
from crm.transfer.reading import read_table


@asynccontextmanager
async def _sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(settings)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


#: written rows after which an import refreshes the planner's statistics (PostgreSQL)
STATISTICS_AFTER_ROWS = 1_000


async def import_file(
    settings: Settings,
    entity: str,
    path: Path,
    *,
    mapping: Path | None = None,
    on_duplicate: Policy = "skip",
    dry_run: bool = False,
    batch_size: int | None = None,
    start: int = 2,
    rejects: Path | None = None,
    progress: Progress | None = None,
    on_commit: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import a CSV or XLSX file; writes the rejected rows to `rejects` when given (also
    after a failure, for the batches that ran)."""
    data = await asyncio.to_thread(path.read_bytes)
    table = await asyncio.to_thread(read_table, data, path.name)
    overrides = None
    if mapping is not None:
        overrides = load_mapping(await asyncio.to_thread(mapping.read_text, "utf-8"), mapping.name)
    async with _sessions(settings) as factory:
        report = await import_table(
            factory,
            table,
            entity,
            mapping=overrides,
            on_duplicate=on_duplicate,
            dry_run=dry_run,
            batch_size=batch_size,
            start=start,
            progress=progress,
            on_commit=on_commit,
        )
        if report.created + report.updated >= STATISTICS_AFTER_ROWS:
            # A large import changes the tables' shape: without fresh statistics the
            # planner goes on costing them as they were until autovacuum comes round.
            await refresh_statistics(factory.kw["bind"])
    if rejects is not None:
        await asyncio.to_thread(write_rejects, report, rejects)
    return report


def write_rejects(report: ImportReport, path: Path) -> None:
    # With a byte-order mark, so spreadsheet programs open the Chinese text as UTF-8.
    path.write_text(report.rejects_csv(), encoding="utf-8-sig", newline="")


async def export_dump_file(
    settings: Settings, path: Path, progress: Progress | None = None
) -> dict[str, int]:
    async with _sessions(settings) as factory, factory() as session, session.begin():
        dump = await dumping.export_dump(session, progress)
    await asyncio.to_thread(path.write_text, dumping.dumps(dump), "utf-8")
    return {name: len(table["rows"]) for name, table in dump["tables"].items()}


async def load_dump_file(
    settings: Settings, path: Path, progress: Progress | None = None
) -> dict[str, int]:
    dump: dict[str, Any] = dumping.loads(await asyncio.to_thread(path.read_text, "utf-8"))
    async with _sessions(settings) as factory, factory() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        return await dumping.load_dump(session, dump, progress)


async def export_csv_dir(
    settings: Settings,
    directory: Path,
    progress: Progress | None = None,
    *,
    include_secrets: bool = False,
) -> dict[str, int]:
    async with _sessions(settings) as factory, factory() as session, session.begin():
        return await dumping.export_csv(
            session, directory, progress, include_secrets=include_secrets
        )
