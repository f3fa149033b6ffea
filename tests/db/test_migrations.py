"""One Alembic history: upgrades, downgrades and matches the models on both databases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

import crm.db.models  # noqa: F401 - registers the tables
from crm.db import migrate
from crm.db.name_index import include_object
from tests.conftest import DatabaseFactory

T = TypeVar("T")


def _diff(connection: Connection) -> list[object]:
    # The same filter as migrations/env.py: search indexes the models do not describe.
    opts = {"compare_type": True, "include_object": include_object}
    context = MigrationContext.configure(connection, opts=opts)
    return list(compare_metadata(context, SQLModel.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


@pytest.fixture
def fresh_url(backend: str, databases: DatabaseFactory) -> str:
    return databases.create(backend, migrated=False)


@pytest.mark.filterwarnings("ignore:autogenerate skipping:UserWarning")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_upgrade_creates_every_table_with_no_drift(fresh_url: str) -> None:
    migrate.upgrade(fresh_url)
    assert _inspect(fresh_url, _diff) == []
    assert set(SQLModel.metadata.tables) <= _inspect(fresh_url, _tables)
    assert _inspect(fresh_url, migrate.current_revision) == migrate.head_revision()


def test_downgrade_to_base_removes_every_table_and_upgrades_again(fresh_url: str) -> None:
    migrate.upgrade(fresh_url)
    migrate.downgrade(fresh_url, "base")
    assert _inspect(fresh_url, _tables) <= {"alembic_version"}
    migrate.upgrade(fresh_url)
    assert _inspect(fresh_url, migrate.current_revision) == migrate.head_revision()


def _inspect(url: str, look: Callable[[Connection], T]) -> T:
    """Run a synchronous look at the database (these tests run outside the event loop)."""

    async def run() -> T:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(look)
        finally:
            await engine.dispose()

    return asyncio.run(run())
