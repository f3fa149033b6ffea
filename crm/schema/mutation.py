"""Running a mutation: expected failures become `errors`, nothing half-done remains."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import strawberry
from strawberry import relay

from crm.resolvers.errors import Problems
from crm.schema.errors import UserError, user_errors

T = TypeVar("T")


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    """Await a write; on Problems return them as UserErrors (the transaction rolled back)."""
    try:
        return await call, []
    except Problems as problems:
        return None, user_errors(problems.problems)


@strawberry.type(description="The result of a delete: the ID that is gone, or why not.")
class DeletePayload:
    deleted_id: relay.GlobalID | None
    errors: list[UserError]
