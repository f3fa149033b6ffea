"""Every data test runs on SQLite and on PostgreSQL, each in databases this run creates.

PostgreSQL comes from CRM_TEST_POSTGRES_URL (default: the server at 127.0.0.1:5432,
user postgres). Without a reachable server its cases are skipped with the reason;
with CI=true they fail instead, so CI can never pass on SQLite alone.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import SQLModel

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.settings import Settings

BACKENDS = ["sqlite", "postgresql"]
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    return os.environ.get("CRM_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


def _postgres_or_skip() -> str:
    url = postgres_admin_url()
    try:
        with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL not reachable at {url}: {exc}".strip()
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: the PostgreSQL run is mandatory)")
        pytest.skip(reason)
    return url


class DatabaseFactory:
    """Creates uniquely named, migrated databases and drops them at the end of the run.

    Alembic runs once per backend, into a template that nothing stays connected to; every
    migrated database after it is a copy of that template (PostgreSQL's CREATE DATABASE
    … TEMPLATE, SQLite's backup API): a tenth of a second instead of seconds per database.
    tests/db/test_migrations.py still runs the migrations themselves on empty databases.
    """

    def __init__(self, tmp_dir: Path) -> None:
        self._tmp_dir = tmp_dir
        self._postgres: list[tuple[str, str]] = []
        self._urls: list[str] = []
        self._names: dict[str, str] = {}  # url → database name (PostgreSQL) or file (SQLite)
        self._templates: dict[str, str] = {}  # backend → url of its migrated template

    def create(self, backend: str, *, migrated: bool = True) -> str:
        if not migrated:
            return self._empty(backend)
        if backend not in self._templates:
            template = self._empty(backend)
            migrate.upgrade(template)
            self._templates[backend] = template
        return self.copy(self._templates[backend])

    def copy(self, url: str) -> str:
        """A new database holding what the database at `url` holds (one of this factory's;
        on PostgreSQL no connection to it may be open)."""
        backend = "sqlite" if url.startswith("sqlite") else "postgresql"
        copied = self._empty(backend, template=self._names[url])
        if backend == "sqlite":
            with (
                closing(sqlite3.connect(self._names[url])) as source,
                closing(sqlite3.connect(self._names[copied])) as target,
            ):
                source.backup(target)
        return copied

    def _empty(self, backend: str, *, template: str | None = None) -> str:
        name = f"crm_test_{uuid.uuid4().hex[:12]}"
        if backend == "sqlite":
            path = str(self._tmp_dir / (name + ".sqlite3"))
            url = Settings(database_url=f"sqlite:///{path}").database_url
            self._names[url] = path
            self._urls.append(url)
            return url
        admin = _postgres_or_skip()
        copying = "" if template is None else f' TEMPLATE "{template}"'
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copying}')
        self._postgres.append((admin, name))
        url = Settings(database_url=admin.rsplit("/", 1)[0] + "/" + name).database_url
        self._names[url] = name
        self._urls.append(url)
        return url

    def drop_all(self) -> None:
        for admin, name in reversed(self._postgres):
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        for url in self._urls:  # the machine's data revision counters (crm/db/machine_revision.py)
            Settings(database_url=url).data_revision_file.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("db"))
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_url(backend: str, databases: DatabaseFactory) -> str:
    """A migrated, empty database for this backend, shared by the run's tests."""
    return databases.create(backend)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture(scope="session")
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session on the shared database; the test's rows are deleted afterwards."""
    async with session_factory() as session:
        yield session
    await _empty_tables(session_factory)


async def _empty_tables(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as cleanup, cleanup.begin():
        postgresql = (await cleanup.connection()).dialect.name == "postgresql"
        for table in reversed(SQLModel.metadata.sorted_tables):
            if table.name in ("graph_state", "data_state"):  # single rows, kept
                continue
            if table.name == "audit_entry":
                await _empty_audit_log(cleanup, postgresql=postgresql)
                continue
            await cleanup.execute(delete(table))


async def _empty_audit_log(cleanup: AsyncSession, *, postgresql: bool) -> None:
    """The audit log is append-only (migration 0007): its triggers refuse DELETE."""
    audit_entry = SQLModel.metadata.tables["audit_entry"]
    if postgresql:
        # The tests' superuser switches triggers off for this transaction (TRUNCATE
        # would wait for every open reader of the table).
        await cleanup.execute(text("SET LOCAL session_replication_role = replica"))
        await cleanup.execute(delete(audit_entry))
        return
    # SQLite: drop the triggers, delete, and put them back, in this transaction.
    found = await cleanup.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": "audit_entry"},
    )
    triggers = [(str(name), str(sql)) for name, sql in found]
    for name, _ in triggers:
        await cleanup.execute(text(f'DROP TRIGGER "{name}"'))
    await cleanup.execute(delete(audit_entry))
    connection = await cleanup.connection()
    for _, sql in triggers:
        await connection.exec_driver_sql(sql)
