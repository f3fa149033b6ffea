"""Staff users and their tokens: lookup by token hash, creation, revocation, listing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, null, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.enums import UserRole
from crm.db.models import ApiToken, DataState, PersonShare, User
from crm.db.queries.common import table_of
from crm.db.queries.conditions import text_in
from crm.db.types import utcnow

#: how often `last_used_at` is written for a token in steady use
LAST_USED_RESOLUTION = timedelta(minutes=5)


@dataclass(frozen=True)
class TokenOwner:
    user_id: int
    username: str
    role: UserRole
    token_id: int
    scopes: tuple[str, ...]
    #: the data revision, read in the same statement (when asked for)
    data_revision: int | None = None
    #: when the token stops being valid (None: never)
    expires_at: datetime | None = None


def token_owner_query(token_hash: str, now: datetime, *, with_data_revision: bool) -> Select[Any]:
    """The statement behind `owner_of_token`: one row for a valid token of an active user."""
    token, user, state = table_of(ApiToken), table_of(User), table_of(DataState)
    revision = (
        select(state.c.revision).where(state.c.id == 1).scalar_subquery()
        if with_data_revision
        else null()
    )
    return (
        select(
            user.c.id,
            user.c.username,
            user.c.role,
            token.c.id.label("token_id"),
            token.c.scopes,
            token.c.last_used_at,
            token.c.expires_at,
            revision.label("data_revision"),
        )
        .join(user, user.c.id == token.c.user_id)
        .where(
            token.c.token_hash == token_hash,
            token.c.revoked_at.is_(None),
            (token.c.expires_at.is_(None)) | (token.c.expires_at > now),
            user.c.is_active.is_(True),
        )
    )


def last_use_is_stale(row: Row[Any], now: datetime) -> bool:
    """Should this use of the token be written down (`last_used_at`)?"""
    return row.last_used_at is None or row.last_used_at < now - LAST_USED_RESOLUTION


def token_owner(row: Row[Any]) -> TokenOwner:
    return TokenOwner(
        row.id,
        row.username,
        UserRole(row.role),
        row.token_id,
        tuple(row.scopes),
        row.data_revision,
        row.expires_at,
    )


async def owner_of_token(
    session: AsyncSession, token_hash: str, *, with_data_revision: bool = False
) -> TokenOwner | None:
    """The active user behind a valid (unexpired, unrevoked) token, or None; with the
    data revision (crm/db/data_revision.py) if asked, at no extra round trip."""
    now = utcnow()
    query = token_owner_query(token_hash, now, with_data_revision=with_data_revision)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    owner = token_owner(row)
    if last_use_is_stale(row, now):
        token = table_of(ApiToken)
        await session.execute(
            update(token).where(token.c.id == row.token_id).values(last_used_at=now)
        )
        await session.commit()
        owner = replace(owner, data_revision=None)  # that commit moved it
    return owner


async def user_by_username(session: AsyncSession, username: str) -> User | None:
    return (
        await session.execute(select(User).where(User.username == username))  # type: ignore[arg-type]
    ).scalar_one_or_none()


def token_row(
    user_id: int,
    name: str,
    token_hash: str,
    prefix: str,
    expires_at: datetime | None,
    scopes: list[str] | None = None,
) -> ApiToken:
    return ApiToken(
        user_id=user_id,
        name=name,
        token_hash=token_hash,
        prefix=prefix,
        expires_at=expires_at,
        scopes=scopes or [],
    )


async def shared_person_ids(session: AsyncSession, user_id: int, person_ids: list[int]) -> set[int]:
    """Which of these people an administrator shared with the user."""
    if not person_ids:
        return set()
    share = table_of(PersonShare)
    rows = await session.execute(
        select(share.c.person_id).where(
            share.c.user_id == user_id, share.c.person_id.in_(set(person_ids))
        )
    )
    return {r[0] for r in rows}


async def all_users(session: AsyncSession) -> Sequence[Row[Any]]:
    """Every staff user, by username."""
    table = table_of(User)
    return (await session.execute(select(table).order_by(table.c.username))).all()


#: the roles of staff members (APP accounts are programs: not in the staff directory)
STAFF_ROLES = (UserRole.ADMIN, UserRole.LIAISON, UserRole.ANALYST)


async def staff_directory(
    session: AsyncSession, *, name_contains: str | None, limit: int
) -> Sequence[Any]:
    """Active staff accounts (no APP accounts), by display name then username: id,
    username, display name and role only; `name_contains` matches either name
    (case-insensitive, literally). At most `limit` rows."""
    table = table_of(User)
    statement = select(table.c.id, table.c.username, table.c.display_name, table.c.role).where(
        table.c.is_active.is_(True), table.c.role.in_(STAFF_ROLES)
    )
    if name_contains:
        statement = statement.where(text_in(name_contains, table.c.username, table.c.display_name))
    statement = statement.order_by(table.c.display_name, table.c.username, table.c.id)
    return (await session.execute(statement.limit(limit))).all()


async def tokens_of(session: AsyncSession, user_id: int) -> Sequence[Row[Any]]:
    """A user's tokens, oldest first."""
    table = table_of(ApiToken)
    statement = select(table).where(table.c.user_id == user_id).order_by(table.c.id)
    return (await session.execute(statement)).all()
