"""Staff accounts: User, ApiToken, sign-in and token management, users and shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from sqlalchemy import select
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import account, crud
from crm.resolvers.context import Info
from crm.schema.enums import UserRole
from crm.schema.errors import UserError
from crm.schema.mutation import attempt
from crm.schema.node import RowNode
from crm.security.viewer import Viewer


@strawberry.type(description="A staff user: who owns, logged or asked for a record.")
class User(RowNode):
    model = models.User

    version: int
    username: str
    display_name: str
    role: UserRole  # type: ignore[valid-type]
    is_active: bool
    created_at: datetime

    @strawberry.field(
        description="The user's API and sign-in tokens (yours, or anyone's for an admin); "
        "never the secrets."
    )
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        viewer = info.context.signed_in
        if not (viewer.is_admin or viewer.user_id == self.id):
            return []
        table = ApiToken.table()
        async with info.context.db() as session:
            rows = await session.execute(
                select(table).where(table.c.user_id == self.id).order_by(table.c.id)
            )
        return [ApiToken.from_row(r) for r in rows]


@strawberry.type(description="A bearer token of a user, as stored: its prefix, never itself.")
class ApiToken(RowNode):
    model = models.ApiToken

    name: str
    prefix: str = strawberry.field(description="The first characters, to tell tokens apart.")
    scopes: list[str] = strawberry.field(
        description="For APP tokens: the types (Person) and fields (Person.email) it reads."
    )
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used_at: datetime | None
    created_at: datetime

    @classmethod
    def visible(cls, viewer: Viewer, row: Any) -> bool:
        return viewer.is_admin or row.user_id == viewer.user_id


async def user_by_id(info: Info, user_id: int | None) -> User | None:
    """The staff user with this key, through the request's batched loader."""
    if user_id is None:
        return None
    row = await info.context.loaders.row_by_id(User.table()).load(user_id)
    return User.from_row(row) if row else None


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(
        description="Send it as `Authorization: Bearer <token>`; it expires at expiresAt."
    )
    expires_at: datetime | None
    user: User | None
    errors: list[UserError]


@strawberry.input
class CreateApiTokenInput:
    name: str = strawberry.field(description="What the token is for, e.g. 'events app'.")
    expires_at: datetime | None = strawberry.field(
        default=None, description="At most a year ahead; a year when left out."
    )
    scopes: list[str] | None = strawberry.field(
        default=None,
        description="For APP users: the types (Person) and fields (Person.email) it reads.",
    )
    user: relay.GlobalID | None = strawberry.field(
        default=None, description="Admins: whose token (yours when left out)."
    )


@strawberry.type
class CreateApiTokenPayload:
    token: str | None = strawberry.field(description="Shown once: store it now.")
    api_token: ApiToken | None
    errors: list[UserError]


@strawberry.type
class RevokeApiTokenPayload:
    api_token: ApiToken | None
    errors: list[UserError]


@strawberry.input
class CreateUserInput:
    username: str
    display_name: str
    role: UserRole  # type: ignore[valid-type]
    email: str | None = None
    password: str | None = strawberry.field(
        default=None, description="At least 12 characters; leave out for token-only accounts."
    )


@strawberry.input
class UpdateUserInput:
    id: relay.GlobalID
    expected_version: int
    display_name: str | None = UNSET
    role: UserRole | None = UNSET  # type: ignore[valid-type]
    is_active: bool | None = strawberry.field(
        default=UNSET, description="false: the user's tokens stop working at once."
    )
    password: str | None = UNSET


@strawberry.type
class UserPayload:
    user: User | None
    errors: list[UserError]


@strawberry.input(description="Admins: a liaison officer may see and change this person.")
class SharePersonInput:
    person: relay.GlobalID
    user: relay.GlobalID


@strawberry.type
class SharePersonPayload:
    ok: bool
    errors: list[UserError]


@strawberry.type
class UserQuery:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Info) -> User | None:
        return await user_by_id(info, info.context.signed_in.user_id)

    @strawberry.field(description="Admins: every staff user, by username.")
    async def users(self, info: Info) -> list[User]:
        if not info.context.signed_in.is_admin:
            return []
        table = User.table()
        async with info.context.db() as session:
            rows = await session.execute(select(table).order_by(table.c.username))
        return [User.from_row(r) for r in rows]


@strawberry.type
class UserMutation:
    @strawberry.mutation(description="Sign in: a token for the next hour (open to anyone).")
    async def login(self, info: Info, username: str, password: str) -> LoginPayload:
        result, errors = await attempt(account.login(info.context, username, password))
        if result is None:
            return LoginPayload(token=None, expires_at=None, user=None, errors=errors)
        issued, user = result
        return LoginPayload(
            token=issued.secret,
            expires_at=issued.row.expires_at,
            user=User.from_row(user),
            errors=[],
        )

    @strawberry.mutation(description="A long-lived API token for you (admins: for anyone).")
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        async def call() -> account.IssuedToken:
            user_id = crud.key_of("user", input.user, "User") if input.user else None
            return await account.create_api_token(
                info.context,
                name=input.name,
                expires_at=input.expires_at,
                scopes=input.scopes,
                user_id=user_id,
            )

        issued, errors = await attempt(call())
        if issued is None:
            return CreateApiTokenPayload(token=None, api_token=None, errors=errors)
        return CreateApiTokenPayload(
            token=issued.secret, api_token=ApiToken.from_row(issued.row), errors=[]
        )

    @strawberry.mutation(description="Revoke a token: it stops working at once.")
    async def revoke_api_token(self, info: Info, id: relay.GlobalID) -> RevokeApiTokenPayload:
        async def call() -> models.ApiToken:
            return await account.revoke_api_token(info.context, crud.key_of("id", id, "ApiToken"))

        row, errors = await attempt(call())
        return RevokeApiTokenPayload(
            api_token=ApiToken.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(description="Admins: a new staff user.")
    async def create_user(self, info: Info, input: CreateUserInput) -> UserPayload:
        values = {
            "username": input.username,
            "display_name": input.display_name,
            "role": input.role,
            "email": input.email,
            "password": input.password,
        }
        row, errors = await attempt(account.create_user(info.context, values))
        return UserPayload(user=User.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(description="Admins: change a user's name, role, password or access.")
    async def update_user(self, info: Info, input: UpdateUserInput) -> UserPayload:
        async def call() -> models.User:
            key = crud.key_of("id", input.id, "User")
            values = {
                "display_name": input.display_name,
                "role": input.role,
                "is_active": input.is_active,
                "password": input.password,
            }
            return await account.update_user(info.context, key, input.expected_version, values)

        row, errors = await attempt(call())
        return UserPayload(user=User.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(description="Admins: share a person with a liaison officer.")
    async def share_person(self, info: Info, input: SharePersonInput) -> SharePersonPayload:
        return await _share(info, input, share=True)

    @strawberry.mutation(description="Admins: take a share back.")
    async def unshare_person(self, info: Info, input: SharePersonInput) -> SharePersonPayload:
        return await _share(info, input, share=False)


async def _share(info: Info, input: SharePersonInput, *, share: bool) -> SharePersonPayload:
    async def call() -> None:
        person = crud.key_of("person", input.person, "Person")
        user = crud.key_of("user", input.user, "User")
        change = account.share_person if share else account.unshare_person
        await change(info.context, person, user)

    _, errors = await attempt(call())
    return SharePersonPayload(ok=not errors, errors=errors)
