"""Staff accounts: sign-in, API tokens, users and person shares.

Signing in and token management are open to every signed-in user for their own
account; creating and changing users and sharing people are for administrators.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from crm.db import enums
from crm.db.audit import ACTOR_LABEL_KEY
from crm.db.history import ACTOR_KEY
from crm.db.models import ApiToken, AuditEntry, Person, PersonShare, User
from crm.db.queries import accounts
from crm.db.types import utcnow
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.errors import ProblemCode, Problems
from crm.resolvers.validation import Validator, given
from crm.security import auth
from crm.security.viewer import Viewer

#: the longest an API token may live (a year); None asks for this
MAX_TOKEN_LIFETIME = timedelta(days=366)
MIN_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class IssuedToken:
    secret: str
    row: ApiToken


def _forbidden(message: str) -> Problems:
    return Problems.one(ProblemCode.FORBIDDEN, message)


def require_admin(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise _forbidden("only an administrator may do this")


async def login(context: Context, username: str, password: str) -> tuple[IssuedToken, User]:
    """A short-lived token for a username and password (the same answer, and about the
    same time, for an unknown user, a wrong password and a deactivated account)."""
    async with context.session_factory() as session:
        user = await accounts.user_by_username(session, username.strip())
    hash_ = user.password_hash if user is not None and user.is_active else None
    # argon2 is CPU-bound: off the event loop.
    ok = await asyncio.to_thread(auth.verify_password, hash_, password)
    await _audit_login(context, username.strip(), user.id if user else None, ok=ok)
    if user is None or not ok:
        raise Problems.one(ProblemCode.UNAUTHENTICATED, "wrong username or password")
    assert user.id is not None
    lifetime = timedelta(minutes=context.settings.login_token_minutes)
    issued = await _issue(context, user.id, "login", lifetime, [], signing_in=user.username)
    return issued, user


async def create_api_token(
    context: Context,
    *,
    name: str,
    expires_at: datetime | None,
    scopes: list[str] | None,
    user_id: int | None = None,
) -> IssuedToken:
    """A long-lived token for the caller (an administrator may make one for any user)."""
    viewer = context.signed_in
    owner = user_id if user_id is not None else viewer.user_id
    if owner is None:
        raise Problems.one(ProblemCode.VALIDATION, "say which user the token is for", ("user",))
    if owner != viewer.user_id:
        require_admin(viewer)
    check = Validator()
    cleaned = check.text("name", name, max_length=100, required=True)
    now = utcnow()
    if expires_at is not None:
        if expires_at.tzinfo is None:
            check.fail("expiresAt", "give the expiry with a time zone")
        elif expires_at <= now:
            check.fail("expiresAt", "the expiry must be in the future")
        elif expires_at > now + MAX_TOKEN_LIFETIME:
            check.fail("expiresAt", "an API token lives at most a year")
    clean_scopes = check.texts("scopes", scopes, max_length=100)
    check.check()
    lifetime = (expires_at - now) if expires_at is not None else MAX_TOKEN_LIFETIME
    return await _issue(context, owner, cleaned or "api", lifetime, clean_scopes)


async def _issue(
    context: Context,
    user_id: int,
    name: str,
    lifetime: timedelta,
    scopes: list[str],
    *,
    signing_in: str | None = None,
) -> IssuedToken:
    token = auth.new_token(lifetime)
    row = accounts.token_row(
        user_id, name, token.token_hash, token.prefix, token.expires_at, scopes
    )
    # context.db(): the audit log names the caller and the request (crm.db.audit)
    async with context.db() as session, session.begin():
        if signing_in is not None:  # not signed in yet: the token is the user's own act
            session.info[ACTOR_KEY] = user_id
            session.info[ACTOR_LABEL_KEY] = signing_in
        session.add(row)
    return IssuedToken(token.secret, row)


async def revoke_api_token(context: Context, token_id: int) -> ApiToken:
    """Revoke one of the caller's tokens (an administrator: anyone's). Someone else's
    token looks exactly like a missing one."""
    viewer = context.signed_in
    async with context.db() as session, session.begin():  # audited as the caller's
        row = await session.get(ApiToken, token_id)
        if row is None or (row.user_id != viewer.user_id and not viewer.is_admin):
            raise crud.not_found("id", "API token")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        return row


async def create_user(context: Context, values: dict[str, Any]) -> User:
    require_admin(context.signed_in)
    check = Validator()
    username = check.text("username", values["username"], max_length=64, required=True)
    display_name = check.text("displayName", values["display_name"], max_length=200, required=True)
    email = check.email("email", values.get("email"))
    password = values.get("password")
    if password:
        _password_ok(check, password)
    check.check()
    fields = {
        "username": username,
        "display_name": display_name,
        "role": values["role"],
        "email": email,
        "password_hash": (
            await asyncio.to_thread(auth.hash_password, password) if password else None
        ),
    }
    return await crud.create(context, User, fields)


def _password_ok(check: Validator, password: str) -> bool:
    if len(password) < MIN_PASSWORD_LENGTH:
        check.fail("password", f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
        return False
    return True


async def update_user(
    context: Context, key: int, expected_version: int, values: dict[str, Any]
) -> User:
    require_admin(context.signed_in)
    check = Validator()
    changes: dict[str, Any] = {}
    if given(values.get("display_name")):
        changes["display_name"] = check.text(
            "displayName", values["display_name"], max_length=200, required=True
        )
    if given(values.get("role")) and values["role"] is not None:
        changes["role"] = values["role"]
    if given(values.get("is_active")) and values["is_active"] is not None:
        changes["is_active"] = values["is_active"]
    password = values.get("password")
    if given(password) and password and _password_ok(check, password):
        changes["password_hash"] = await asyncio.to_thread(auth.hash_password, password)
    check.check()
    return await crud.update(context, User, key, expected_version, changes)


async def share_person(context: Context, person_id: int, user_id: int) -> None:
    """Let a liaison officer see a person's contact channels and change their records."""
    viewer = context.signed_in
    require_admin(viewer)
    async with context.db() as session, session.begin():
        person = await session.get(Person, person_id)
        user = await session.get(User, user_id)
        if person is None:
            raise crud.not_found("person", "person")
        if user is None:
            raise crud.not_found("user", "user")
        if user.role is not enums.UserRole.LIAISON:
            raise Problems.one(
                ProblemCode.VALIDATION, "people are shared with liaison officers", ("user",)
            )
        if not await _shared(session, person_id, user_id):
            session.add(
                PersonShare(person_id=person_id, user_id=user_id, granted_by_id=viewer.user_id)
            )


async def unshare_person(context: Context, person_id: int, user_id: int) -> None:
    require_admin(context.signed_in)
    async with context.db() as session, session.begin():
        # through the ORM, so the audit log's flush listener records the deletion
        found = await session.execute(
            select(PersonShare).where(
                col(PersonShare.person_id) == person_id, col(PersonShare.user_id) == user_id
            )
        )
        for share in found.scalars():
            await session.delete(share)


async def _shared(session: AsyncSession, person_id: int, user_id: int) -> bool:
    share = PersonShare.__table__  # type: ignore[attr-defined]
    found = await session.execute(
        select(share.c.id).where(share.c.person_id == person_id, share.c.user_id == user_id)
    )
    return found.first() is not None


async def _audit_login(context: Context, username: str, user_id: int | None, *, ok: bool) -> None:
    """Every sign-in, and every failed one, in the audit log (never the password)."""
    async with context.session_factory() as session, session.begin():
        session.add(
            AuditEntry(
                action=enums.AuditAction.LOGIN,
                entity="staff_user",
                entity_id=user_id,
                actor_id=user_id if ok else None,
                actor_label=username[:100] or "anonymous",
                request_id=context.request_id,
                changes={"succeeded": ok},
            )
        )
