"""Small factories that build valid rows; tests override only what they are about."""

from __future__ import annotations

from itertools import count
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import EventKind, OrganizationKind

_seq = count(1)


async def add(session: AsyncSession, row: Any) -> Any:
    session.add(row)
    await session.flush()
    return row


async def person(session: AsyncSession, **values: Any) -> models.Person:
    values.setdefault("name", f"陈建国{next(_seq)}")
    return await add(session, models.Person(**values))  # type: ignore[no-any-return]


async def organization(session: AsyncSession, **values: Any) -> models.Organization:
    values.setdefault("name", f"牛津大学中国校友会{next(_seq)}")
    values.setdefault("kind", OrganizationKind.ALUMNI_ASSOCIATION)
    return await add(session, models.Organization(**values))  # type: ignore[no-any-return]


async def event(session: AsyncSession, **values: Any) -> models.Event:
    values.setdefault("name", f"人才招引对接会{next(_seq)}")
    values.setdefault("kind", EventKind.SESSION)
    return await add(session, models.Event(**values))  # type: ignore[no-any-return]
