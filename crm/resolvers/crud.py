"""Create, update and delete any record in one transaction, with typed user errors.

Every write: checks that referenced records exist, compares `expectedVersion` (a
stale one is a CONFLICT carrying the current version), translates constraint
violations into user errors on the right input field, and commits or changes nothing.
The ORM's flush listeners of `crm.db` (histories, name keys, audit log, graph revision,
follow-ups) and `crm.security.writes` (who may write what) run on every one of them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
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
from crm.errors import UserError, UserErrorCode, UserErrors
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of
from crm.resolvers.validation import Data, References, Validator, camel, cleaned
from crm.security.writes import check_unchanged

M = TypeVar("M", bound=SQLModel)

#: checks the current row inside the write's transaction; raises UserErrors to refuse
Guard = Callable[[AsyncSession, Any], Awaitable[None]]

_CODE_FOR = {
    ViolationKind.UNIQUE: UserErrorCode.DUPLICATE,
    ViolationKind.FOREIGN_KEY: UserErrorCode.NOT_FOUND,
}


@asynccontextmanager
async def transaction(context: Context) -> AsyncIterator[AsyncSession]:
    """A write's session and transaction (committed when the block ends, else rolled back)."""
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        yield session


async def create(
    context: Context,
    model: type[M],
    values: Mapping[str, Any],
    references: References | None = None,
) -> M:
    async with transaction(context) as session:
        await check_references(session, references or {})
        row = model(**values)
        session.add(row)
        await flush(session)
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
    async with transaction(context) as session:
        session.info[REASON_KEY] = reason
        row = await current(session, model, key, expected_version)
        await check_references(session, references or {})
        if guard is not None:
            await guard(session, row)
        for name, value in values.items():
            setattr(row, name, value)
        if not session.is_modified(row, include_collections=False):
            await session.run_sync(check_unchanged, row)  # the flush would not look
        await flush(session)
        return row


async def update_of(
    context: Context,
    model: type[M],
    data: Mapping[str, Any],
    values: Mapping[str, Any],
    references: References | None = None,
    **options: Any,
) -> M:
    """`update` of the record an update's input names (its `id`, `expected_version`)."""
    key = key_of("id", data["id"], model.__name__)
    return await update(
        context, model, key, data["expected_version"], values, references, **options
    )


async def delete(context: Context, model: type[M], key: int, expected_version: int) -> M:
    async with transaction(context) as session:
        row = await current(session, model, key, expected_version)
        await session.delete(row)
        try:
            await flush(session)
        except UserErrors as refused:
            if any(e.code is UserErrorCode.NOT_FOUND for e in refused.errors):
                raise UserErrors.one(
                    UserErrorCode.CONFLICT, "other records still depend on this one"
                ) from None
            raise
        return row


def not_found(field: str, what: str) -> UserErrors:
    return UserErrors.one(UserErrorCode.NOT_FOUND, f"no {what} with this ID", (field,))


async def current(session: AsyncSession, model: type[M], key: int, expected: int) -> M:
    """The row to change, at the version the client read (a CONFLICT otherwise)."""
    row = await session.get(model, key)
    if row is None:
        raise not_found("id", model.__name__.lower())
    version = row.version  # type: ignore[attr-defined]
    if version != expected:
        raise UserErrors.one(
            UserErrorCode.CONFLICT,
            f"the record changed since you read it (now at version {version})",
            ("expectedVersion",),
            current_version=version,
        )
    return row


async def check_references(session: AsyncSession, references: References) -> None:
    errors = []
    for field, (key, model) in references.items():
        if key is None:
            continue
        table = table_of(model)
        found = (await session.execute(select(table.c.id).where(table.c.id == key))).first()
        if found is None:
            message = f"no {model.__name__.lower()} with this ID"
            errors.append(UserError(UserErrorCode.NOT_FOUND, message, (camel(field),)))
    if errors:
        raise UserErrors(errors)


async def flush(session: AsyncSession) -> None:
    """Flush, turning a row the database refuses into a user error on its field."""
    try:
        await session.flush()
    except IntegrityError as error:
        violation = explain_integrity_error(error)
        fields = tuple(camel(f) for f in violation.fields)
        code = _CODE_FOR.get(violation.kind, UserErrorCode.VALIDATION)
        raise UserErrors.one(code, violation.message, fields) from None
    except StaleDataError:
        raise UserErrors.one(
            UserErrorCode.CONFLICT, "the record was changed by someone else meanwhile"
        ) from None


#: the column values of a write's input, checked by the Validator
ValuesOf = Callable[[Validator, Data], dict[str, Any]]
#: the records a write's input names: input field → model
Wanted = Mapping[str, type[Any]] | None


async def create_from(
    context: Context, model: type[M], data: Data, values_of: ValuesOf, references: Wanted = None
) -> M:
    """Create a `model` row from a create input: its column values (`values_of`) and the
    records it names (`references`), checked first (UserErrors with every error found)."""
    values, refs = cleaned(data, values_of, references)
    return await create(context, model, values, refs)


async def update_from(
    context: Context,
    model: type[M],
    data: Data,
    values_of: ValuesOf,
    references: Wanted = None,
    **options: Any,
) -> M:
    """Update the row an update input names from the fields it sends, as `create_from`
    (options as `update_of`'s)."""
    values, refs = cleaned(data, values_of, references)
    return await update_of(context, model, data, values, refs, **options)
