"""Staff accounts from the command line: list them, (de)activate them, revoke their API
tokens, set their password (`crm user …`).

Every change goes through the ORM in one transaction, so the audit log records it, with
the command line as the actor; password hashes are masked there as everywhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db.audit import ACTOR_LABEL_KEY
from crm.db.enums import UserRole
from crm.db.models import ApiToken, User
from crm.db.queries import user as users
from crm.db.types import utcnow
from crm.security.auth import hash_password

__all__ = [
    "ACTOR",
    "MIN_PASSWORD_LENGTH",
    "Account",
    "PasswordTooShortError",
    "Token",
    "list_accounts",
    "revoke_tokens",
    "set_active",
    "set_password",
    "tokens_of",
]

#: who the audit log names for these changes
ACTOR = "cli"
#: as for `createUser` and `updateUser`
MIN_PASSWORD_LENGTH = 12

Sessions = async_sessionmaker[AsyncSession]


class PasswordTooShortError(ValueError):
    """A password shorter than MIN_PASSWORD_LENGTH."""


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: UserRole
    is_active: bool
    has_password: bool
    #: tokens neither revoked nor expired
    live_tokens: int
    #: the last time one of the account's tokens was used (None: never)
    last_used_at: datetime | None


async def list_accounts(sessions: Sessions) -> list[Account]:
    """Every staff account, by username, with its live tokens and when it last used one."""
    now = utcnow()
    live = case(
        (
            col(ApiToken.revoked_at).is_(None)
            & (col(ApiToken.expires_at).is_(None) | (col(ApiToken.expires_at) > now)),
            1,
        ),
        else_=0,
    )
    statement = (
        select(
            User,
            func.coalesce(func.sum(live), 0),
            func.max(col(ApiToken.last_used_at)),
        )
        .outerjoin(ApiToken, col(ApiToken.user_id) == col(User.id))
        .group_by(col(User.id))
        .order_by(col(User.username))
    )
    async with sessions() as session:
        rows = (await session.execute(statement)).all()
    return [
        Account(
            u.username,
            u.display_name,
            UserRole(u.role),
            bool(u.is_active),
            u.password_hash is not None,
            int(tokens),
            last_used,
        )
        for u, tokens, last_used in rows
    ]


@dataclass(frozen=True)
class Token:
    name: str
    #: the token's first characters (what `revoke --token` takes)
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None


async def tokens_of(sessions: Sessions, username: str) -> list[Token]:
    """The account's tokens, oldest first, revoked and expired ones too."""
    async with sessions() as session:
        user = await _user(session, username)
        assert user.id is not None
        rows = await users.tokens_of(session, user.id)
    return [
        Token(r.name, r.prefix, r.created_at, r.expires_at, r.revoked_at, r.last_used_at)
        for r in rows
    ]


async def _user(session: AsyncSession, username: str) -> User:
    user = await users.user_by_username(session, username)
    if user is None:
        raise LookupError(f"no user {username!r} (`crm user list` shows them)")
    session.info[ACTOR_LABEL_KEY] = ACTOR
    return user


async def set_active(sessions: Sessions, username: str, *, active: bool) -> bool:
    """(De)activate an account: a deactivated one cannot sign in and its tokens stop
    working at once (they are kept, and work again on reactivation unless revoked).
    False if it already was so."""
    async with sessions() as session, session.begin():
        user = await _user(session, username)
        if user.is_active == active:
            return False
        user.is_active = active
        return True


async def revoke_tokens(sessions: Sessions, username: str, prefixes: Sequence[str] = ()) -> int:
    """Revoke the account's live tokens (those starting with one of `prefixes`, if given);
    how many were revoked. A prefix that names none of them is a LookupError."""
    now = utcnow()
    async with sessions() as session, session.begin():
        user = await _user(session, username)
        found = await session.execute(
            select(ApiToken).where(
                col(ApiToken.user_id) == user.id, col(ApiToken.revoked_at).is_(None)
            )
        )
        tokens = [t for t in found.scalars() if t.expires_at is None or t.expires_at > now]
        if prefixes:
            unknown = [p for p in prefixes if not any(t.prefix.startswith(p) for t in tokens)]
            if unknown:
                raise LookupError(
                    f"{username} has no live token starting with {', '.join(unknown)}"
                )
            tokens = [t for t in tokens if any(t.prefix.startswith(p) for p in prefixes)]
        for token in tokens:
            token.revoked_at = now
        return len(tokens)


async def set_password(sessions: Sessions, username: str, password: str) -> None:
    """Set (or replace) the account's password, for `login`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooShortError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    hashed = await asyncio.to_thread(hash_password, password)  # argon2: CPU-bound
    async with sessions() as session, session.begin():
        user = await _user(session, username)
        user.password_hash = hashed
