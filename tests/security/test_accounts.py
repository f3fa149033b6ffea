"""Staff accounts from the command line (`crm user list|deactivate|activate|revoke|password`):
each change takes effect at once and is in the audit log, with the command line as actor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import UserRole
from crm.db.models import AuditEntry
from crm.resolvers import user as user_resolvers
from crm.security import accounts
from crm.security.auth import authenticate, provision, verify_password
from tests.conftest import _empty_tables

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessions(session_factory: Sessions) -> AsyncIterator[Sessions]:
    yield session_factory
    await _empty_tables(session_factory)


async def _token(sessions: Sessions, username: str, role: UserRole = UserRole.LIAISON) -> str:
    return await provision(
        sessions,
        username=username,
        role=role,
        token_name="test",
        lifetime=timedelta(days=1),
        reuse=True,
    )


async def test_list_shows_every_account_with_its_live_tokens(sessions: Sessions) -> None:
    await _token(sessions, "lin")
    await _token(sessions, "lin")
    await _token(sessions, "app", UserRole.APP)
    await accounts.revoke_tokens(sessions, "app")
    found = {a.username: a for a in await accounts.list_accounts(sessions)}
    assert (found["lin"].live_tokens, found["lin"].role, found["lin"].is_active) == (
        2,
        UserRole.LIAISON,
        True,
    )
    assert found["app"].live_tokens == 0
    assert not found["lin"].has_password
    assert len(await accounts.tokens_of(sessions, "lin")) == 2


async def test_deactivation_stops_tokens_at_once_and_activation_restores_them(
    sessions: Sessions,
) -> None:
    secret = await _token(sessions, "lin")
    assert await accounts.set_active(sessions, "lin", active=False)
    assert await authenticate(sessions, secret) is None
    assert not await accounts.set_active(sessions, "lin", active=False)  # already so
    assert await accounts.set_active(sessions, "lin", active=True)
    assert await authenticate(sessions, secret) is not None


async def test_revoke_all_or_by_prefix(sessions: Sessions) -> None:
    first, second = await _token(sessions, "lin"), await _token(sessions, "lin")
    tokens = await accounts.tokens_of(sessions, "lin")
    prefix = next(t.prefix for t in tokens if first.startswith(t.prefix))
    assert await accounts.revoke_tokens(sessions, "lin", [prefix]) == 1
    assert await authenticate(sessions, first) is None
    assert await authenticate(sessions, second) is not None
    with pytest.raises(LookupError, match="no live token"):
        await accounts.revoke_tokens(sessions, "lin", [prefix])
    assert await accounts.revoke_tokens(sessions, "lin") == 1
    assert await authenticate(sessions, second) is None


async def test_password_is_hashed_checked_for_length_and_audited(sessions: Sessions) -> None:
    await _token(sessions, "lin")
    assert accounts.MIN_PASSWORD_LENGTH == user_resolvers.MIN_PASSWORD_LENGTH
    with pytest.raises(accounts.PasswordTooShortError):
        await accounts.set_password(sessions, "lin", "short")
    await accounts.set_password(sessions, "lin", "correct horse battery")
    (found,) = [a for a in await accounts.list_accounts(sessions) if a.username == "lin"]
    assert found.has_password
    async with sessions() as session:
        from crm.db.queries.user import user_by_username

        user = await user_by_username(session, "lin")
        assert user is not None
        assert verify_password(user.password_hash, "correct horse battery")
        entries = (
            (await session.execute(select(AuditEntry).where(AuditEntry.entity == "staff_user")))
            .scalars()
            .all()
        )
    changed = [e for e in entries if "password_hash" in (e.changes or {})]
    assert changed
    assert changed[-1].actor_label == accounts.ACTOR
    assert "correct horse" not in str(changed[-1].changes)


async def test_an_unknown_user_is_a_lookup_error(sessions: Sessions) -> None:
    for action in (
        accounts.set_active(sessions, "nobody", active=False),
        accounts.revoke_tokens(sessions, "nobody"),
        accounts.set_password(sessions, "nobody", "long enough password"),
    ):
        with pytest.raises(LookupError, match="no user 'nobody'"):
            await action
