"""Staff users and bearer tokens for tests: made directly in the database."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import UserRole
from crm.db.models import ApiToken, User
from crm.db.types import utcnow
from crm.security import auth


async def make_user(
    session_factory: async_sessionmaker[AsyncSession],
    role: UserRole = UserRole.ADMIN,
    *,
    username: str | None = None,
    scopes: list[str] | None = None,
    password: str | None = None,
) -> tuple[int, str]:
    """A new active user with one API token (and `password`, if given): (user key, the
    token's secret)."""
    token = auth.new_token(None)
    async with session_factory() as session, session.begin():
        user = User(
            username=username or f"{role.value}-{uuid.uuid4().hex[:8]}",
            display_name=f"Test {role.value}",
            role=role,
            password_hash=auth.hash_password(password) if password else None,
        )
        session.add(user)
        await session.flush()
        assert user.id is not None
        session.add(
            ApiToken(
                user_id=user.id,
                name="test",
                token_hash=token.token_hash,
                prefix=token.prefix,
                scopes=scopes or [],
                # used just now: the first request does not stop to record it
                last_used_at=utcnow(),
            )
        )
        return user.id, token.secret


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def admin_headers(session_factory: async_sessionmaker[AsyncSession]) -> dict[str, str]:
    """The Authorization header of a fresh administrator."""
    _, token = await make_user(session_factory, UserRole.ADMIN)
    return bearer(token)
