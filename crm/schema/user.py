"""User: a staff user of the CRM, as other records point to it (read-only here)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from crm.db import models
from crm.resolvers.context import Info
from crm.schema.enums import UserRole
from crm.schema.node import RowNode


@strawberry.type(
    description="A staff user: who owns, logged or asked for a record. "
    "Accounts are managed outside this API for now."
)
class User(RowNode):
    model = models.User

    username: str
    display_name: str
    role: UserRole  # type: ignore[valid-type]
    is_active: bool
    created_at: datetime


async def user_by_id(info: Info, user_id: int | None) -> User | None:
    """The staff user with this key, through the request's batched loader."""
    if user_id is None:
        return None
    row = await info.context.loaders.row_by_id(User.table()).load(user_id)
    return User.from_row(row) if row else None
