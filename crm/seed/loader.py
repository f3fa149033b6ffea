"""Writes a planned data set with bulk inserts, in one transaction, on SQLite or PostgreSQL.

Keys are reserved up front, so rows reference each other before any is written and go
in without RETURNING (on SQLite, a RETURNING whose rows must come back in order falls
back to one statement per row: several times slower). PostgreSQL hands out the keys from
each table's sequence; SQLite takes the keys after the largest one, and a concurrent
writer would make this transaction fail on its first write rather than reuse a key.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy import column, func, insert, select, table, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from crm.db.enums import RelationshipKind
from crm.db.models import (
    Affiliation,
    Agreement,
    AgreementParty,
    Application,
    Attendance,
    Consent,
    Event,
    Interaction,
    InteractionParticipant,
    Introduction,
    List,
    ListMember,
    ListShare,
    Organization,
    Participation,
    Person,
    Position,
    Project,
    Relationship,
    User,
)
from crm.progress import Progress, report
from crm.seed.plan import Plan, Ref, Row

__all__ = ["INSERT_ORDER", "load_plan"]

#: parents before children; a table's own parent rows come first within it
INSERT_ORDER: tuple[type[SQLModel], ...] = (
    User,
    Organization,
    Event,
    Person,
    Project,
    Agreement,
    Position,
    Application,
    Introduction,
    Affiliation,
    Relationship,
    Attendance,
    Participation,
    AgreementParty,
    Interaction,
    InteractionParticipant,
    Consent,
    List,
    ListMember,
    ListShare,
)
#: tables whose rows other rows refer to, so their keys are reserved before inserting
_KEYED = frozenset(
    {
        User,
        Organization,
        Event,
        Person,
        Project,
        Agreement,
        Position,
        Application,
        Interaction,
        List,
    }
)
_BATCH = 5_000
_MANAGED = frozenset({"id", "version", "created_at", "updated_at"})


async def load_plan(
    session: AsyncSession, plan: Plan, *, now: datetime, progress: Progress | None = None
) -> dict[str, int]:
    """Insert every planned row; return the number of rows created per table."""
    keys: dict[type[SQLModel], list[int]] = {}
    created: dict[str, int] = {}
    for model in INSERT_ORDER:
        rows = plan.rows.get(model, [])
        name = _table_name(model)
        existing = await _existing_users(session, rows) if model is User else {}
        if model in _KEYED:
            fresh = iter(await _reserve_keys(session, name, len(rows) - len(existing)))
            keys[model] = [existing.get(i) or next(fresh) for i in range(len(rows))]
        defaults = _defaults(model)
        batch: list[Row] = []
        for index, row in enumerate(rows):
            if index in existing:
                continue
            values = defaults | {k: _resolve(v, keys) for k, v in row.items()}
            values["created_at"] = values["updated_at"] = now
            if model in _KEYED:
                values["id"] = keys[model][index]
            if model is Relationship:
                _canonical_pair(values)
            batch.append(values)
            if len(batch) == _BATCH:
                await _insert(session, model, batch)
                batch = []
        if batch:
            await _insert(session, model, batch)
        created[name] = len(rows) - len(existing)
        step = INSERT_ORDER.index(model) + 1
        report(progress, f"{name}: {created[name]:,} rows", step, len(INSERT_ORDER))
    return created


async def _insert(session: AsyncSession, model: type[SQLModel], rows: list[Row]) -> None:
    # render_nulls keeps None values in the statement: otherwise the ORM drops them and
    # splits the batch wherever the set of non-null columns changes.
    await session.execute(insert(model), rows, execution_options={"render_nulls": True})


def _table_name(model: type[SQLModel]) -> str:
    return str(model.__tablename__)


def _resolve(value: Any, keys: dict[type[SQLModel], list[int]]) -> Any:
    if isinstance(value, Ref):
        return keys[value.model][value.index]
    return value


def _defaults(model: type[SQLModel]) -> Row:
    """Every column's default, so all rows of a table have the same keys (one batch)."""
    defaults: Row = {}
    for name, field in model.model_fields.items():
        if name in _MANAGED:
            continue
        if field.default_factory is not None:
            defaults[name] = field.default_factory()  # type: ignore[call-arg]
        elif field.default is not PydanticUndefined:
            defaults[name] = field.default
    return defaults


def _canonical_pair(values: Row) -> None:
    # Symmetric ties are stored once with the lower key first (a CHECK enforces it).
    if values["kind"] != RelationshipKind.MENTOR and values["person_a_id"] > values["person_b_id"]:
        values["person_a_id"], values["person_b_id"] = values["person_b_id"], values["person_a_id"]


async def _reserve_keys(session: AsyncSession, table_name: str, count: int) -> list[int]:
    if count == 0:
        return []
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        result = await session.execute(
            text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
            {"t": table_name, "n": count},
        )
        return sorted(int(k) for k in result.scalars())
    largest = await session.scalar(select(func.max(column("id"))).select_from(table(table_name)))
    start = int(largest or 0) + 1
    return list(range(start, start + count))


async def _existing_users(session: AsyncSession, rows: list[Row]) -> dict[int, int]:
    """Demo staff accounts that already exist (e.g. an admin made first): reuse them."""
    names = [row["username"] for row in rows]
    statement = select(col(User.username), col(User.id)).where(col(User.username).in_(names))
    found: dict[str, int] = {name: key for name, key in await session.execute(statement) if key}
    return {i: found[n] for i, n in enumerate(names) if found.get(n) is not None}
