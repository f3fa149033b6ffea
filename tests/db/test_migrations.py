"""One Alembic history: upgrades, downgrades and matches the models on both databases."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError
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
    diff = list(compare_metadata(context, SQLModel.metadata))
    if connection.dialect.name == "sqlite":
        diff = _without_added_column_references(connection, diff)
    return diff


def _without_added_column_references(connection: Connection, diff: list[Any]) -> list[Any]:
    """Leave out the foreign keys of columns SQLite added with ADD COLUMN … REFERENCES.

    SQLAlchemy reflects only table-level FOREIGN KEY clauses with their name and ON
    DELETE; a column constraint added later comes back unnamed, without its action,
    and alembic reports it as removed and added again. Such a pair is dropped here
    once SQLite's own PRAGMA confirms the reference and its action are in place.
    """

    def signature(fk: Any) -> tuple[str, tuple[str, ...], str]:
        return (fk.table.name, tuple(c.name for c in fk.columns), fk.referred_table.name)

    removed = {signature(d[1]) for d in diff if d[0] == "remove_fk" and d[1].name is None}
    kept = []
    for item in diff:
        if item[0] in ("remove_fk", "add_fk") and signature(item[1]) in removed:
            fk = item[1]
            if item[0] == "add_fk":
                rows = connection.exec_driver_sql(f"PRAGMA foreign_key_list({fk.table.name})")
                actions = {(r[2], r[3], r[4], r[6]) for r in rows}
                (column,) = (c.name for c in fk.columns)
                wanted = (fk.referred_table.name, column, "id", (fk.ondelete or "NO ACTION"))
                if wanted not in actions:
                    kept.append(item)
            continue
        kept.append(item)
    return kept


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


def test_introduction_workflow_backfills_one_history_row_per_introduction(
    fresh_url: str,
) -> None:
    migrate.upgrade(fresh_url, "0003")

    def seed(connection: Connection) -> None:
        for name in ("陈求", "林标"):
            connection.execute(
                text(
                    "INSERT INTO person (name, expertise, honours, languages) "
                    "VALUES (:n, '[]', '[]', '[]')"
                ),
                {"n": name},
            )
        seeker, target = connection.execute(text("SELECT id FROM person ORDER BY id")).scalars()
        for status, at in (("made", "2023-12-22 10:00:00"), ("declined", "2024-01-05 08:30:00")):
            connection.execute(
                text(
                    "INSERT INTO introduction (seeker_id, target_person_id, status, "
                    "requested_at, status_changed_at, path) "
                    "VALUES (:s, :t, :status, :at, :at, '[]')"
                ),
                {"s": seeker, "t": target, "status": status, "at": at},
            )
        connection.commit()

    def history(connection: Connection) -> list[tuple[object, ...]]:
        rows = connection.execute(
            text(
                "SELECT c.from_status, c.to_status, c.changed_at = i.status_changed_at "
                "FROM introduction_status_change c JOIN introduction i "
                "ON i.id = c.introduction_id ORDER BY i.id"
            )
        )
        return [tuple(row) for row in rows]

    _inspect(fresh_url, seed)
    migrate.upgrade(fresh_url)
    assert _inspect(fresh_url, history) == [(None, "made", True), (None, "declined", True)]
    migrate.downgrade(fresh_url, "0003")
    assert "introduction_status_change" not in _inspect(fresh_url, _tables)


def test_follow_ups_add_and_drop_columns_in_place_keeping_every_link(fresh_url: str) -> None:
    # SQLite: no table copy, which would cascade into the links pointing at `person`.
    migrate.upgrade(fresh_url, "0004")

    def seed(connection: Connection) -> None:
        connection.execute(
            text(
                "INSERT INTO person (name, expertise, honours, languages, last_contacted_at) "
                "VALUES ('陈求', '[]', '[]', '[]', '2024-03-01 09:00:00.000000')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO interaction (kind, occurred_at, summary) "
                "VALUES ('call', '2024-03-01 09:00:00.000000', '电话')"
            )
        )
        connection.execute(
            text("INSERT INTO interaction_participant (interaction_id, person_id) VALUES (1, 1)")
        )
        connection.commit()

    def state(connection: Connection) -> tuple[object, ...]:
        columns = {c["name"] for c in inspect(connection).get_columns("person")}
        links = connection.execute(text("SELECT count(*) FROM interaction_participant"))
        return ("contact_cadence_days" in columns, "next_contact_due_at" in columns, *links.one())

    def give_cadence(connection: Connection) -> object:
        connection.execute(text("UPDATE person SET contact_cadence_days = 3650"))
        connection.commit()
        return connection.execute(text("SELECT contact_cadence_days FROM person")).scalar()

    def refuse_cadence(connection: Connection) -> None:
        connection.execute(text("UPDATE person SET contact_cadence_days = 3651"))

    _inspect(fresh_url, seed)
    migrate.upgrade(fresh_url)
    assert _inspect(fresh_url, state) == (True, True, 1)
    assert _inspect(fresh_url, give_cadence) == 3650
    with pytest.raises(IntegrityError, match=r"(?i)check"):
        _inspect(fresh_url, refuse_cadence)
    migrate.downgrade(fresh_url, "0004")
    assert _inspect(fresh_url, state) == (False, False, 1)


def test_name_readings_derive_every_key_anew_and_leave_on_downgrade(fresh_url: str) -> None:
    migrate.upgrade(fresh_url, "0011")

    def seed(connection: Connection) -> None:
        connection.execute(
            text(
                "INSERT INTO person (name, expertise, honours, languages) "
                "VALUES ('陳六使', '[]', '[]', '[]')"
            )
        )
        connection.commit()

    def keys(connection: Connection) -> set[str]:
        return set(connection.execute(text("SELECT key FROM name_key")).scalars())

    _inspect(fresh_url, seed)
    assert _inspect(fresh_url, keys) == set()  # a row written without the listener
    migrate.upgrade(fresh_url)
    derived = _inspect(fresh_url, keys)
    assert {"陈六使", "chen liushi", "陈 lak-sai (闽)", "陈 l.s."} <= derived
    migrate.downgrade(fresh_url, "0011")
    left = _inspect(fresh_url, keys)
    assert "陈六使" in left
    assert "chen liushi" in left
    assert not {key for key in left if key.endswith((")", "."))}
