"""The demo data as rows in memory: every row is planned, with references, before any is written.

Builders add rows to a `Plan` and refer to other rows by `Ref` (model and position);
the loader turns references into keys. Planning first keeps the data independent of
the database (the same rows on SQLite and PostgreSQL) and lets the writes be bulk inserts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from sqlmodel import SQLModel

__all__ = ["Plan", "Ref", "Row"]

Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Ref:
    """A planned row: its table model and its position among that model's rows."""

    model: type[SQLModel]
    index: int


class Plan:
    """Rows per table model, in insertion order, with optional uniqueness keys."""

    def __init__(self) -> None:
        self.rows: dict[type[SQLModel], list[Row]] = {}
        self._unique: dict[type[SQLModel], set[Hashable]] = {}

    def add(self, model: type[SQLModel], **values: Any) -> Ref:
        rows = self.rows.setdefault(model, [])
        rows.append(values)
        return Ref(model, len(rows) - 1)

    def add_once(self, model: type[SQLModel], key: Hashable, **values: Any) -> Ref | None:
        """Add the row unless a row with the same `key` was added (a unique constraint)."""
        seen = self._unique.setdefault(model, set())
        if key in seen:
            return None
        seen.add(key)
        return self.add(model, **values)

    def has(self, model: type[SQLModel], key: Hashable) -> bool:
        return key in self._unique.get(model, set())

    def row(self, ref: Ref) -> Row:
        return self.rows[ref.model][ref.index]

    def count(self, model: type[SQLModel]) -> int:
        return len(self.rows.get(model, []))

    def digest(self) -> str:
        """A SHA-256 of every planned row, to show that a seed always plans the same data."""
        sha = hashlib.sha256()
        for model, rows in self.rows.items():
            sha.update(str(model.__tablename__).encode())
            for row in rows:
                sha.update(
                    json.dumps(row, default=_plain, sort_keys=True, ensure_ascii=False).encode()
                )
        return sha.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Ref):
        return [str(value.model.__tablename__), value.index]
    return str(value)  # dates, times, amounts
