"""Development sign-in for the demo: known passwords for the demo's staff accounts.

The demo data set itself carries no passwords (`crm seed demo` may load it anywhere).
In development only, `crm serve` and `crm seed demo` give the demo's staff accounts the
password below, so the web app can be tried at once; never in production
(`CRM_ENV=production`: the caller does not ask), never on an account that has a password
already, and only in a database that holds the demo conference, on accounts the demo
made (their `@example.org` addresses).
"""

from __future__ import annotations

import asyncio

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db.models import Event, User
from crm.security.auth import hash_password, verify_password
from crm.seed.keys import CONFERENCE_NAME

__all__ = ["DEMO_ACCOUNTS", "DEMO_PASSWORD", "give_demo_passwords"]

#: the development-only password of every demo staff account
DEMO_PASSWORD = "demo-password-2023"
#: the demo's staff accounts (crm/seed/staff.py), the liaison officer first
DEMO_ACCOUNTS = ("liaison.fuzhou", "liaison.beijing", "analyst", "admin")


async def give_demo_passwords(session_factory: async_sessionmaker[AsyncSession]) -> list[str]:
    """Set `DEMO_PASSWORD` on the demo's staff accounts that have no password; return
    the demo accounts that sign in with it now (none outside a demo database)."""
    async with session_factory() as session, session.begin():
        demo = await session.execute(
            select(col(Event.id)).where(col(Event.name) == CONFERENCE_NAME)
        )
        if demo.first() is None:
            return []
        found = await session.execute(
            select(User).where(
                col(User.username).in_(DEMO_ACCOUNTS),
                col(User.email) == User.username + "@example.org",
                col(User.is_active).is_(True),
            )
        )
        accounts = {u.username: u for u in found.scalars()}
        unset = [u.id for u in accounts.values() if u.password_hash is None]
        if unset:
            # one hash for all (argon2 salts it); CPU-bound, so off the event loop
            hashed = await asyncio.to_thread(hash_password, DEMO_PASSWORD)
            await session.execute(
                update(User).where(col(User.id).in_(unset)).values(password_hash=hashed)
            )
        usable = []
        for name in DEMO_ACCOUNTS:
            user = accounts.get(name)
            if user is None:
                continue
            if user.id in unset or await _has_demo_password(user):
                usable.append(name)
        return usable


async def _has_demo_password(user: User) -> bool:
    return await asyncio.to_thread(verify_password, user.password_hash, DEMO_PASSWORD)
