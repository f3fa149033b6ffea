"""Settings accept plain and async database URLs and reject what they cannot serve."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from crm.settings import Environment, Settings


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///var/crm.sqlite3", "sqlite+aiosqlite:///var/crm.sqlite3"),
        ("sqlite+aiosqlite:///var/crm.sqlite3", "sqlite+aiosqlite:///var/crm.sqlite3"),
        ("postgresql://u:p@db:5432/crm", "postgresql+psycopg://u:p@db:5432/crm"),
        ("postgres://u@db/crm", "postgresql+psycopg://u@db/crm"),
        ("postgresql+psycopg://u@db/crm", "postgresql+psycopg://u@db/crm"),
        ("postgresql+asyncpg://u@db/crm", "postgresql+psycopg://u@db/crm"),
    ],
)
def test_database_url_gets_the_async_driver(given: str, expected: str) -> None:
    assert Settings(database_url=given).database_url == expected


@pytest.mark.parametrize("bad", ["mysql://u@db/crm", "not a url"])
def test_unsupported_database_url_is_a_clear_error(bad: str) -> None:
    with pytest.raises(ValidationError, match="database"):
        Settings(database_url=bad)


def test_default_is_a_sqlite_file_under_var(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CRM_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.is_sqlite
    assert settings.sqlite_path == Path("var") / "crm.sqlite3"


def test_environment_variables_use_the_crm_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRM_PORT", "9001")
    monkeypatch.setenv("CRM_ENV", "production")
    monkeypatch.setenv("CRM_DATABASE_URL", "postgresql://postgres@127.0.0.1/crm")
    settings = Settings()
    assert settings.port == 9001
    assert settings.env is Environment.PRODUCTION
    assert not settings.is_sqlite
    assert settings.sqlite_path is None


def test_unknown_log_level_is_rejected() -> None:
    with pytest.raises(ValidationError, match="log level"):
        Settings(log_level="chatty")


@pytest.mark.parametrize(
    "setting",
    [{"session_hours": 0}, {"sign_in_window_minutes": -1}, {"sign_in_failures_per_user": -1}],
)
def test_a_session_or_throttle_setting_out_of_range_is_refused(setting: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="greater than"):
        Settings(**setting)
