"""Create, update and delete any record in one transaction, with typed problems.

Every write: checks that referenced records exist, compares `expectedVersion` (a
stale one is a CONFLICT carrying the current version), translates constraint
violations into problems on the right input field, and commits or changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel

from crm.db.engine import WRITE_TRANSACTION
from crm.db.errors import ViolationKind, explain_integrity_error
from crm.db.history import REASON_KEY
from crm.db.queries.common import table_of
from crm.resolvers.context import Context
from crm.resolvers.errors import Problem, ProblemCode, Problems

M = TypeVar("M", bound=SQLModel)

#: a referenced record: input field name → (key, model)
References = Mapping[str, tuple[int | None, type[SQLModel]]]
#: checks the current row inside the write's transaction; raises Problems to refuse
Guard = Callable[[AsyncSession, Any], Awaitable[None]]

_CODE_FOR = {
    ViolationKind.UNIQUE: ProblemCode.DUPLICATE,
    ViolationKind.CHECK: ProblemCode.VALIDATION,
    ViolationKind.NOT_NULL: ProblemCode.VALIDATION,
    ViolationKind.FOREIGN_KEY: ProblemCode.NOT_FOUND,
    ViolationKind.OTHER: ProblemCode.VALIDATION,
}


async def create(
    context: Context,
    model: type[M],
    values: Mapping[str, Any],
    references: References | None = None,
) -> M:
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        await _check_references(session, references or {})
        row = model(**values)
        session.add(row)
        await _flush(session)
        return row


async def update(
    context: Context,
    model: type[M],
    key: int,
    expected_version: int,
    values: Mapping[str, Any],
    references: References | None = None,
    *,
    reason: str | None = None,
    guard: Guard | None = None,
) -> M:
    """Change a record; `reason` is kept in the stage history if the stage moves.

    `guard` sees the current row (at the expected version) before anything changes.
    """
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        session.info[REASON_KEY] = reason
        row = await _current(session, model, key, expected_version)
        await _check_references(session, references or {})
        if guard is not None:
            await guard(session, row)
        for name, value in values.items():
            setattr(row, name, value)
        await _flush(session)
        return row


async def delete(context: Context, model: type[M], key: int, expected_version: int) -> M:
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        row = await _current(session, model, key, expected_version)
        await session.delete(row)
        try:
            await _flush(session)
        except Problems as problems:
            if any(p.code is ProblemCode.NOT_FOUND for p in problems.problems):
                raise Problems.one(
                    ProblemCode.CONFLICT, "other records still depend on this one"
                ) from None
            raise
        return row


def not_found(field: str, what: str) -> Problems:
    return Problems.one(ProblemCode.NOT_FOUND, f"no {what} with this ID", (field,))


async def _current(session: AsyncSession, model: type[M], key: int, expected: int) -> M:
    row = await session.get(model, key)
    if row is None:
        raise not_found("id", model.__name__.lower())
    version = row.version  # type: ignore[attr-defined]
    if version != expected:
        raise Problems.one(
            ProblemCode.CONFLICT,
            f"the record changed since you read it (now at version {version})",
            ("expectedVersion",),
            current_version=version,
        )
    return row


async def _check_references(session: AsyncSession, references: References) -> None:
    problems = []
    for field, (key, model) in references.items():
        if key is None:
            continue
        table = table_of(model)
        found = (await session.execute(select(table.c.id).where(table.c.id == key))).first()
        if found is None:
            problems.append(
                Problem(
                    ProblemCode.NOT_FOUND, f"no {model.__name__.lower()} with this ID", (field,)
                )
            )
    if problems:
        raise Problems(problems)


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as error:
        violation = explain_integrity_error(error)
        fields = tuple(_camel(f) for f in violation.fields)
        raise Problems.one(_CODE_FOR[violation.kind], violation.message, fields) from None
    except StaleDataError:
        raise Problems.one(
            ProblemCode.CONFLICT, "the record was changed by someone else meanwhile"
        ) from None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def key_of(field: str, value: Any, type_name: str) -> int:
    """The key behind a record's own global ID (a VALIDATION problem otherwise)."""
    if getattr(value, "type_name", None) != type_name:
        raise Problems.one(
            ProblemCode.VALIDATION, f"{field} must be the ID of a {type_name}", (field,)
        )
    try:
        return int(value.node_id)
    except ValueError:
        raise Problems.one(ProblemCode.VALIDATION, f"{field} is not a valid ID", (field,)) from None


async def delete_by_id(
    context: Context, model: type[M], value: Any, type_name: str, expected_version: int
) -> M:
    return await delete(context, model, key_of("id", value, type_name), expected_version)
