"""Staff users: sign-in, API tokens, the users themselves and person shares.

Signing in and token management are open to every signed-in user for their own
account; creating and changing users and sharing people are for administrators.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from crm.db import enums
from crm.db.audit import ACTOR_LABEL_KEY
from crm.db.history import ACTOR_KEY
from crm.db.models import ApiToken, AuditEntry, Person, PersonShare, User
from crm.db.queries import user as users
from crm.db.types import utcnow
from crm.errors import UserErrorCode, UserErrors, bad_input
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, key_of
from crm.resolvers.validation import Data, Validator
from crm.security import auth
from crm.security.viewer import Viewer

#: the longest an API token may live (a year); None asks for this
MAX_TOKEN_LIFETIME = timedelta(days=366)
MIN_PASSWORD_LENGTH = 12
#: the name of the tokens behind browser sessions (`apiTokens` lists them too)
SESSION_TOKEN_NAME = "browser session"


@dataclass(frozen=True)
class IssuedToken:
    secret: str
    row: ApiToken


def _forbidden(message: str) -> UserErrors:
    return UserErrors.one(UserErrorCode.FORBIDDEN, message)


def require_admin(viewer: Viewer) -> None:
    if not viewer.is_admin:
        raise _forbidden("only an administrator may do this")


async def login(context: Context, username: str, password: str) -> tuple[IssuedToken, User]:
    """A short-lived token for a username and password (the same answer, and about the
    same time, for an unknown user, a wrong password and a deactivated account)."""
    user = await _check_password(context, username, password)
    assert user.id is not None
    lifetime = timedelta(minutes=context.settings.login_token_minutes)
    issued = await _issue(context, user.id, "login", lifetime, [], signing_in=user.username)
    return issued, user


async def open_session(context: Context, username: str, password: str) -> tuple[IssuedToken, User]:
    """A browser session for a username and password: a token like `login`'s that lives
    `CRM_SESSION_HOURS` and travels only in an HttpOnly cookie (crm/serving/session.py)."""
    user = await _check_password(context, username, password)
    assert user.id is not None
    lifetime = timedelta(hours=context.settings.session_hours)
    issued = await _issue(
        context, user.id, SESSION_TOKEN_NAME, lifetime, [], signing_in=user.username
    )
    return issued, user


async def close_session(context: Context) -> None:
    """Sign out: revoke the token the caller came with (the session's), audited."""
    token_id = context.signed_in.token_id
    if token_id is None:
        return
    async with context.db() as session, session.begin():
        row = await session.get(ApiToken, token_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()


async def _check_password(context: Context, username: str, password: str) -> User:
    """The active user with this username and password, or UNAUTHENTICATED (RATE_LIMITED
    while the username or the client address has failed too often: crm/security/throttle.py)."""
    name = username.strip()
    throttle, address = context.sign_in_throttle, context.client_address
    wait = throttle.wait(name, address) if throttle is not None else None
    if wait is not None:
        raise UserErrors.one(
            UserErrorCode.RATE_LIMITED,
            f"too many failed sign-ins: try again in {wait} s",
            retry_after=wait,
        )
    async with context.session_factory() as session:
        user = await users.user_by_username(session, name)
    hash_ = user.password_hash if user is not None and user.is_active else None
    # argon2 is CPU-bound: off the event loop.
    ok = await asyncio.to_thread(auth.verify_password, hash_, password)
    await _audit_login(context, name, user.id if user else None, ok=ok)
    if user is None or not ok:
        if throttle is not None:
            throttle.failed(name, address)
        raise UserErrors.one(UserErrorCode.UNAUTHENTICATED, "wrong username or password")
    if throttle is not None:
        throttle.succeeded(name)
    return user


async def create_api_token(context: Context, data: Data) -> IssuedToken:
    """A long-lived token for the caller (an administrator may make one for any user)."""
    viewer = context.signed_in
    name, expires_at, scopes = data["name"], data.get("expires_at"), data.get("scopes")
    user_id = key_of("user", data["user"], "User") if data.get("user") else None
    owner = user_id if user_id is not None else viewer.user_id
    if owner is None:
        raise UserErrors.one(UserErrorCode.VALIDATION, "say which user the token is for", ("user",))
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
    if clean_scopes:
        role = viewer.role if owner == viewer.user_id else await _role_of(context, owner)
        for why in scope_refusals(viewer, role, clean_scopes):
            check.fail("scopes", why)
    check.check()
    lifetime = (expires_at - now) if expires_at is not None else MAX_TOKEN_LIFETIME
    return await _issue(context, owner, cleaned or "api", lifetime, clean_scopes)


def scope_refusals(viewer: Viewer, role: enums.UserRole, scopes: list[str]) -> list[str]:
    """Why a token of a `role` account may not carry these scopes: only APP tokens read by
    scope (other roles read what their role reads, so a scope would misstate the token),
    and an app's new token reads no more than the token that makes it."""
    if role is not enums.UserRole.APP:
        return [
            "scopes narrow APP tokens only: "
            f"a {role.value} account's tokens read what its role reads"
        ]
    if not viewer.is_app:
        return []
    wider = [s for s in scopes if not _within(viewer, s)]
    if wider:
        return [f"a token cannot read more than the one that makes it: {', '.join(wider)}"]
    return []


def _within(viewer: Viewer, scope: str) -> bool:
    if scope in viewer.scopes:
        return True
    type_name, _, field_name = scope.partition(".")
    return bool(field_name) and viewer.can_read_field(type_name, field_name)


async def _role_of(context: Context, user_id: int) -> enums.UserRole:
    async with context.session_factory() as session:
        user = await session.get(User, user_id)
    if user is None:
        raise crud.not_found("user", "user")
    return user.role


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
    row = users.token_row(user_id, name, token.token_hash, token.prefix, token.expires_at, scopes)
    # context.db(): the audit log names the caller and the request (crm.db.audit)
    async with context.db() as session, session.begin():
        if signing_in is not None:  # not signed in yet: the token is the user's own act
            session.info[ACTOR_KEY] = user_id
            session.info[ACTOR_LABEL_KEY] = signing_in
        session.add(row)
    return IssuedToken(token.secret, row)


async def revoke_api_token(context: Context, token: RecordId) -> ApiToken:
    """Revoke one of the caller's tokens (an administrator: anyone's). Someone else's
    token looks exactly like a missing one."""
    token_id = key_of("id", token, "ApiToken")
    viewer = context.signed_in
    async with context.db() as session, session.begin():  # audited as the caller's
        row = await session.get(ApiToken, token_id)
        if row is None or (row.user_id != viewer.user_id and not viewer.is_admin):
            raise crud.not_found("id", "API token")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        return row


async def create_user(context: Context, values: Data) -> User:
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


async def update_user(context: Context, values: Data) -> User:
    key = key_of("id", values["id"], "User")
    require_admin(context.signed_in)
    check = Validator()
    changes: dict[str, Any] = {}
    if "display_name" in values:
        changes["display_name"] = check.text(
            "displayName", values["display_name"], max_length=200, required=True
        )
    for column in ("role", "is_active"):
        if values.get(column) is not None:
            changes[column] = values[column]
    password = values.get("password")
    if password and _password_ok(check, password):
        changes["password_hash"] = await asyncio.to_thread(auth.hash_password, password)
    check.check()
    return await crud.update(context, User, key, values["expected_version"], changes)


def _share_keys(data: Data) -> tuple[int, int]:
    return key_of("person", data["person"], "Person"), key_of("user", data["user"], "User")


async def share_person(context: Context, data: Data) -> None:
    """Let a liaison officer see a person's contact channels and change their records."""
    person_id, user_id = _share_keys(data)
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
            raise UserErrors.one(
                UserErrorCode.VALIDATION, "people are shared with liaison officers", ("user",)
            )
        if not await _shared(session, person_id, user_id):
            session.add(
                PersonShare(person_id=person_id, user_id=user_id, granted_by_id=viewer.user_id)
            )


async def unshare_person(context: Context, data: Data) -> None:
    person_id, user_id = _share_keys(data)
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


async def all_users(context: Context) -> list[Any]:
    """Every staff user, by username (administrators; others get none)."""
    if not context.signed_in.is_admin:
        return []
    async with context.db() as session:
        return list(await users.all_users(session))


#: how many colleagues `staffDirectory` gives by default, and at most
STAFF_DIRECTORY_DEFAULT = 50
STAFF_DIRECTORY_MAX = 100
#: the longest name fragment `staffDirectory` searches for
STAFF_NAME_MAX_LENGTH = 200


async def staff_directory(
    context: Context, name_contains: str | None, first: int | None
) -> list[Any]:
    """Active staff accounts a colleague picker offers (id, username, display name,
    role): for every signed-in staff member, never for APP tokens."""
    if context.signed_in.is_app:
        raise _forbidden("an APP token may not read the staff directory")
    limit = STAFF_DIRECTORY_DEFAULT if first is None else first
    if not 1 <= limit <= STAFF_DIRECTORY_MAX:
        raise bad_input(f"`first` must be between 1 and {STAFF_DIRECTORY_MAX}, not {limit}")
    text = (name_contains or "").strip()
    if len(text) > STAFF_NAME_MAX_LENGTH:
        raise bad_input(f"`nameContains` is at most {STAFF_NAME_MAX_LENGTH} characters")
    async with context.db() as session:
        return list(await users.staff_directory(session, name_contains=text or None, limit=limit))


async def api_tokens_of(context: Context, user_id: int) -> list[Any]:
    """A user's tokens, as stored (their own, or anyone's for an administrator)."""
    viewer = context.signed_in
    if not (viewer.is_admin or viewer.user_id == user_id):
        return []
    async with context.db() as session:
        return list(await users.tokens_of(session, user_id))
