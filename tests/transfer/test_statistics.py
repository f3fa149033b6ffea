"""A large import leaves the planner's statistics fresh on PostgreSQL (issue #17: the
importer's own look-ups, and the API's, were planned as if the tables were empty)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import psycopg
import pytest

from crm.settings import Settings
from crm.transfer import files
from tests.conftest import DatabaseFactory


def _last_analyze(url: str) -> object:
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        row = connection.execute(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'person'"
        ).fetchone()
    assert row is not None
    return row[0]


def test_a_large_import_analyzes_the_tables(
    databases: DatabaseFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "STATISTICS_AFTER_ROWS", 20)  # a smaller "large"
    url = databases.create("postgresql")
    assert _last_analyze(url) is None
    people = tmp_path / "people.csv"
    rows = "".join(f"测试{n:05d},Test Person {n}\n" for n in range(files.STATISTICS_AFTER_ROWS))
    people.write_text("姓名,英文名\n" + rows, encoding="utf-8")
    report = asyncio.run(files.import_file(Settings(database_url=url), "person", people))
    assert report.created == files.STATISTICS_AFTER_ROWS, report.failure
    assert _last_analyze(url) is not None


def test_a_small_import_leaves_statistics_to_autovacuum(
    databases: DatabaseFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "STATISTICS_AFTER_ROWS", 20)
    url = databases.create("postgresql")
    people = tmp_path / "people.csv"
    people.write_text("姓名,英文名\n测试一,Test One\n", encoding="utf-8")
    report = asyncio.run(files.import_file(Settings(database_url=url), "person", people))
    assert report.created == 1, report.failure
    assert _last_analyze(url) is None
