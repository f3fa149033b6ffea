"""Development sign-in: the demo's staff accounts get the known password, and nothing
else does."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import EventKind, UserRole
from crm.db.models import User
from crm.security.auth import hash_password, verify_password
from crm.seed.keys import CONFERENCE_NAME
from crm.seed.sign_in import DEMO_PASSWORD, give_demo_passwords
from tests import factories


async def _staff(session: AsyncSession, username: str, role: UserRole, **values: object) -> None:
    values.setdefault("email", f"{username}@example.org")
    session.add(User(username=username, display_name=username, role=role, **values))


async def _hashes(factory: async_sessionmaker[AsyncSession]) -> dict[str, str | None]:
    async with factory() as session:
        rows = await session.execute(select(User.username, User.password_hash))  # type: ignore[call-overload]
        return dict(rows.all())


async def test_the_demo_staff_sign_in_with_the_development_password(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session.begin():
        await factories.event(session, name=CONFERENCE_NAME, kind=EventKind.CONFERENCE)
        await _staff(session, "liaison.fuzhou", UserRole.LIAISON)
        await _staff(session, "liaison.beijing", UserRole.LIAISON)
        await _staff(session, "analyst", UserRole.ANALYST)
        # a password someone chose is kept; an account the demo did not make is left alone
        await _staff(session, "admin", UserRole.ADMIN, password_hash=hash_password("chosen by me!"))
        await _staff(session, "lin", UserRole.LIAISON)
    accounts = await give_demo_passwords(session_factory)
    assert accounts == ["liaison.fuzhou", "liaison.beijing", "analyst"]
    hashes = await _hashes(session_factory)
    for name in accounts:
        assert verify_password(hashes[name], DEMO_PASSWORD)
    assert verify_password(hashes["admin"], "chosen by me!")
    assert hashes["lin"] is None
    # Again: the same accounts, nothing changed.
    assert await give_demo_passwords(session_factory) == accounts
    assert await _hashes(session_factory) == hashes


async def test_without_the_demo_conference_no_account_gets_a_password(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session.begin():
        await _staff(session, "admin", UserRole.ADMIN)
    assert await give_demo_passwords(session_factory) == []
    assert (await _hashes(session_factory))["admin"] is None
