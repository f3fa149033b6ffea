"""Authentication: argon2 password hashes and bearer tokens stored only as hashes.

A token is `crm_` + 43 URL-safe characters (256 random bits). The database keeps its
SHA-256 (a fast hash is right for random secrets: there is nothing to guess) and its
first characters, so a user can tell their tokens apart. `login` hands out the same
kind of token with a short expiry; API tokens live longer and are revoked by ID.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.data_revision import write_generation
from crm.db.enums import UserRole
from crm.db.models import User
from crm.db.queries import user as users
from crm.db.session import RequestConnection
from crm.db.types import utcnow
from crm.security.viewer import Viewer

TOKEN_PREFIX = "crm_"
#: characters of a token kept in clear to tell tokens apart ("crm_AbCd1234")
SHOWN_PREFIX_LENGTH = 12

_hasher = PasswordHasher()
#: verified against when the user does not exist, so both answers take as long
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True if the password matches; spends an argon2 verification even when there is no
    hash (unknown user or a token-only account), so timing tells nothing."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A freshly made token: `secret` is shown once and never stored."""

    secret: str
    token_hash: str
    prefix: str
    expires_at: datetime | None


def new_token(lifetime: timedelta | None) -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return NewToken(
        secret=secret,
        token_hash=hash_token(secret),
        prefix=secret[:SHOWN_PREFIX_LENGTH],
        expires_at=utcnow() + lifetime if lifetime is not None else None,
    )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer …` value (None if absent or malformed)."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        return None
    return token


async def authenticate(
    session_factory: async_sessionmaker[AsyncSession], token: str
) -> Viewer | None:
    """The viewer a bearer token stands for, or None if it is unknown, expired or revoked
    (or its user is deactivated)."""
    async with session_factory() as session:
        owner = await users.owner_of_token(session, hash_token(token))
    return _viewer(owner) if owner is not None else None


async def authenticate_with_revision(
    session_factory: async_sessionmaker[AsyncSession], token: str
) -> tuple[Viewer | None, int | None]:
    """`authenticate`, and the data revision read in the same statement (None when
    unknown), for the response cache."""
    async with session_factory() as session:
        owner = await users.owner_of_token(session, hash_token(token), with_data_revision=True)
    if owner is None:
        return None, None
    return _viewer(owner), owner.data_revision


async def authenticate_on(
    lease: RequestConnection, session_factory: async_sessionmaker[AsyncSession], token: str
) -> tuple[Viewer | None, int | None]:
    """`authenticate_with_revision` on the request's connection in one round trip (the
    read outside a transaction); through a session when the token's last use is due to
    be written down."""
    owner = await _owner(session_factory, hash_token(token), lease, with_data_revision=True)
    if owner is None:
        return None, None
    return _viewer(owner), owner.data_revision


async def _owner(
    session_factory: async_sessionmaker[AsyncSession],
    token_hash: str,
    lease: RequestConnection | None,
    *,
    with_data_revision: bool,
) -> users.TokenOwner | None:
    if lease is not None:
        now = utcnow()
        query = users.token_owner_query(token_hash, now, with_data_revision=with_data_revision)
        row = await lease.read(query)
        if row is None:
            return None
        if not users.last_use_is_stale(row, now):
            return users.token_owner(row)
    async with session_factory() as session:
        return await users.owner_of_token(
            session, token_hash, with_data_revision=with_data_revision
        )


class TokenCache:
    """The viewers of bearer tokens checked lately, by the token's SHA-256, so that a
    request sends no statement for its token (`CRM_TOKEN_CACHE_SECONDS`).

    An entry is used only
    - while this process has committed no write since the look-up that made it began
      (`write_generation`): a revocation, a sign-out, a deactivated user or a changed
      role committed through this process takes effect at once; with the app's
      `generation` (`KnownRevision.generation`), also one committed by any process of
      this machine, or notified by the database from elsewhere;
    - for `ttl` seconds: what nothing announced (psql by hand) takes effect within
      that bound;
    - until the token expires.
    A token's last use is written down by the look-ups (at most one per `ttl`).
    """

    def __init__(
        self,
        ttl: float,
        maxsize: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
        generation: Callable[[], Hashable] = write_generation,
    ) -> None:
        self.ttl = ttl
        self.maxsize = maxsize
        self._clock = clock
        #: what an entry stays valid with: this process's write generation, or with the
        #: app's `KnownRevision.generation` also every write of the machine and every one
        #: the database notified (crm/db/revision_listener.py)
        self.generation = generation
        #: token hash → (viewer, valid until on `clock`, generation)
        self._entries: dict[str, tuple[Viewer, float, Hashable]] = {}

    def get(self, token_hash: str) -> Viewer | None:
        entry = self._entries.get(token_hash)
        if entry is None:
            return None
        viewer, until, generation = entry
        if generation != self.generation() or until <= self._clock():
            del self._entries[token_hash]
            return None
        return viewer

    def put(self, token_hash: str, owner: users.TokenOwner, generation: Hashable) -> None:
        """Keep `owner`'s viewer, looked up in `generation` (nothing if it moved since)."""
        if generation != self.generation():
            return
        now = self._clock()
        until = now + self.ttl
        if owner.expires_at is not None:
            until = min(until, now + (owner.expires_at - utcnow()).total_seconds())
        if len(self._entries) >= self.maxsize:
            self._entries.clear()  # a bound, not an LRU: the tokens in use come back
        self._entries[token_hash] = (_viewer(owner), until, generation)


async def authenticate_cached(
    cache: TokenCache,
    session_factory: async_sessionmaker[AsyncSession],
    token: str,
    lease: RequestConnection | None = None,
) -> Viewer | None:
    """`authenticate` through `cache` (on `lease` when given, as `authenticate_on`)."""
    token_hash = hash_token(token)
    viewer = cache.get(token_hash)
    if viewer is not None:
        return viewer
    generation = cache.generation()
    owner = await _owner(session_factory, token_hash, lease, with_data_revision=False)
    if owner is None:
        return None
    cache.put(token_hash, owner, generation)
    return _viewer(owner)


def _viewer(owner: users.TokenOwner) -> Viewer:
    return Viewer(
        user_id=owner.user_id,
        username=owner.username,
        role=owner.role,
        scopes=frozenset(owner.scopes),
        token_id=owner.token_id,
    )


class UserExistsError(Exception):
    """`crm user create` for a username that is taken."""


async def provision(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    username: str,
    role: UserRole,
    display_name: str | None = None,
    email: str | None = None,
    scopes: Sequence[str] = (),
    token_name: str,
    lifetime: timedelta | None,
    create: bool = True,
    reuse: bool = False,
) -> str:
    """A new token for `username` (made with `role` when `create`; an existing user is
    an error unless `reuse`). Returns the token's secret, shown once."""
    token = new_token(lifetime)
    async with session_factory() as session, session.begin():
        user = await users.user_by_username(session, username)
        if user is not None and create and not reuse:
            raise UserExistsError(f"user {username!r} exists: use `crm user token {username}`")
        if user is None:
            if not create:
                raise LookupError(f"no user {username!r}")
            user = User(
                username=username, display_name=display_name or username, role=role, email=email
            )
            session.add(user)
            await session.flush()
        assert user.id is not None
        session.add(
            users.token_row(
                user.id, token_name, token.token_hash, token.prefix, token.expires_at, list(scopes)
            )
        )
    return token.secret
