"""Columns every table shares: key, timestamps and the optimistic-concurrency version."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import func
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from crm.db.types import UTCDateTime, utcnow

# Named constraints keep Alembic's batch mode (SQLite) and downgrades deterministic.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Record(SQLModel):
    """A row with an integer key and creation/update times."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        sa_column_kwargs={"server_default": func.now()},
    )
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        sa_column_kwargs={"server_default": func.now(), "onupdate": utcnow},
    )


class VersionedRecord(Record):
    """A mutable row: every UPDATE checks and bumps `version` (optimistic concurrency)."""

    version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - declarative directive
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def optional_key(table: str, *, ondelete: Literal["SET NULL", "CASCADE"] = "SET NULL") -> Any:
    """An indexed foreign key to `table`.id that may be null (and is unless given): set
    null when that row is deleted, or with `ondelete="CASCADE"` deleted with it."""
    return Field(default=None, foreign_key=f"{table}.id", ondelete=ondelete, index=True)
