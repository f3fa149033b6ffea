"""Staff users: User, ApiToken, sign-in and token management, users and shares."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry import UNSET, relay

from crm.db import models
from crm.resolvers import user
from crm.schema.enums import UserRole
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import EXPECTED_VERSION, INPUT_ARGUMENT, described, optional, plain
from crm.schema.mutation import ERRORS, attempt, payload_type
from crm.schema.node import CREATED_AT, RowNode, Versioned
from crm.schema.values import from_attributes
from crm.security.viewer import Viewer


@strawberry.type(description="A staff user: who owns, logged or asked for a record.")
class User(RowNode, Versioned):
    model = models.User

    username: str = described("The sign-in name, unique.")
    display_name: str = described("The name shown to other staff.")
    role: UserRole = described("What the user may do.")  # type: ignore[valid-type]
    is_active: bool = described(
        "False for a deactivated account: it cannot sign in and its tokens do not work."
    )

    @strawberry.field(
        description="The user's API and sign-in tokens (yours, or anyone's for an admin); "
        "never the secrets."
    )
    async def api_tokens(self, info: Info) -> list[ApiToken]:
        return [ApiToken.from_row(r) for r in await user.api_tokens_of(info.context, self.id)]


@strawberry.type(
    description="A colleague in the staff directory: what a picker needs to name and "
    "choose them, nothing more (no email, tokens or account state)."
)
class StaffMember:
    id: relay.GlobalID = described("The ID of the staff user (a User ID: give it to `shareList`).")
    username: str = described("The sign-in name, unique.")
    display_name: str = described("The name shown to other staff.")
    role: UserRole = strawberry.field(  # type: ignore[valid-type]
        description="What the user may do (ADMIN, LIAISON or ANALYST)."
    )

    @classmethod
    def from_row(cls, row: Any) -> StaffMember:
        return from_attributes(cls, row, id=relay.GlobalID("User", str(row.id)))


@strawberry.type(description="A bearer token of a user, as stored: its prefix, never itself.")
class ApiToken(RowNode):
    model = models.ApiToken

    name: str = described("What the token is for, as its creator named it.")
    prefix: str = described("The first characters, to tell tokens apart.")
    scopes: list[str] = described(
        "For APP tokens: the types (Person) and fields (Person.email) it reads."
    )
    expires_at: datetime | None = described("When it stops working (UTC); null: never.")
    revoked_at: datetime | None = described("When it was revoked (UTC); null while it works.")
    last_used_at: datetime | None = described(
        "When a request last came with it (UTC); null if never used."
    )
    created_at: datetime = described(CREATED_AT)

    @classmethod
    def visible(cls, viewer: Viewer, row: Any) -> bool:
        return viewer.is_admin or row.user_id == viewer.user_id


@strawberry.type(description="The outcome of signing in: a token and the user, or `errors`.")
class LoginPayload:
    token: str | None = described(
        "Send it as `Authorization: Bearer <token>`; it expires at expiresAt."
    )
    expires_at: datetime | None = described("When the token stops working (UTC).")
    user: User | None = described("The user signed in.")
    errors: list[UserError] = described(ERRORS)


@strawberry.input(description="A new API token for a program or script.")
class CreateApiTokenInput:
    name: str = described("What the token is for, e.g. 'events app'.")
    expires_at: datetime | None = optional("At most a year ahead; a year when left out.")
    scopes: list[str] | None = optional(
        "For APP users: the types (Person) and fields (Person.email) it reads."
    )
    user: relay.GlobalID | None = optional("Admins: whose token (yours when left out).")


@strawberry.type(description="The new token (its secret shown this once), or `errors`.")
class CreateApiTokenPayload:
    token: str | None = described("Shown once: store it now.")
    api_token: ApiToken | None = described("The token as stored, without its secret.")
    errors: list[UserError] = described(ERRORS)


RevokeApiTokenPayload = payload_type("RevokeApiTokenPayload", ApiToken)


@strawberry.input(description="A new staff account.")
class CreateUserInput:
    username: str = described("The sign-in name, unique.")
    display_name: str = described("The name shown to other staff.")
    role: UserRole = described("What the user may do.")  # type: ignore[valid-type]
    email: str | None = optional("The user's work email address, for the record.")
    password: str | None = optional("At least 12 characters; leave out for token-only accounts.")


@strawberry.input(description="Only the fields sent are changed.")
class UpdateUserInput:
    id: relay.GlobalID = described("The ID of the user.")
    expected_version: int = described(EXPECTED_VERSION)
    display_name: str | None = strawberry.field(
        default=UNSET, description="The name shown to other staff."
    )
    role: UserRole | None = strawberry.field(  # type: ignore[valid-type]
        default=UNSET, description="What the user may do; takes effect on their next request."
    )
    is_active: bool | None = strawberry.field(
        default=UNSET, description="false: the user's tokens stop working at once."
    )
    password: str | None = strawberry.field(
        default=UNSET, description="A new password, at least 12 characters."
    )


UserPayload = payload_type("UserPayload", User)


@strawberry.input(description="Admins: a liaison officer may see and change this person.")
class SharePersonInput:
    person: relay.GlobalID = described("The ID of the person.")
    user: relay.GlobalID = described("The ID of the liaison officer.")


@strawberry.type(description="Whether the share changed, or `errors`.")
class SharePersonPayload:
    ok: bool = described("True when the request was carried out (or there was nothing to change).")
    errors: list[UserError] = described(ERRORS)


@strawberry.type
class UserQuery:
    @strawberry.field(description="The signed-in user.")
    async def me(self, info: Info) -> User | None:
        user_id = info.context.signed_in.user_id
        if user_id is None:
            return None
        row = await info.context.loaders.row_by_id(User.table()).load(user_id)
        return User.from_row(row) if row else None

    @strawberry.field(description="Admins: every staff user, by username.")
    async def users(self, info: Info) -> list[User]:
        return [User.from_row(r) for r in await user.all_users(info.context)]

    @strawberry.field(
        description="The active staff accounts (no APP accounts), by display name, to "
        "pick a colleague from (e.g. to share a list): open to every signed-in staff "
        "member, never to APP tokens."
    )
    async def staff_directory(
        self,
        info: Info,
        name_contains: Annotated[
            str | None,
            strawberry.argument(
                description="Only colleagues whose display name or username holds this "
                "text (case-insensitive)."
            ),
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"How many at most (1 to {user.STAFF_DIRECTORY_MAX}); "
                f"{user.STAFF_DIRECTORY_DEFAULT} when left out."
            ),
        ] = None,
    ) -> list[StaffMember]:
        rows = await user.staff_directory(info.context, name_contains, first)
        return [StaffMember.from_row(r) for r in rows]


@strawberry.type
class UserMutation:
    @strawberry.mutation(description="Sign in: a token for the next hour (open to anyone).")
    async def login(
        self,
        info: Info,
        username: Annotated[str, strawberry.argument(description="Your username.")],
        password: Annotated[str, strawberry.argument(description="Your password.")],
    ) -> LoginPayload:
        result, errors = await attempt(user.login(info.context, username, password))
        if result is None:
            return LoginPayload(token=None, expires_at=None, user=None, errors=errors)
        issued, row = result
        return LoginPayload(
            token=issued.secret,
            expires_at=issued.row.expires_at,
            user=User.from_row(row),
            errors=[],
        )

    @strawberry.mutation(description="A long-lived API token for you (admins: for anyone).")
    async def create_api_token(
        self,
        info: Info,
        input: Annotated[CreateApiTokenInput, INPUT_ARGUMENT],
    ) -> CreateApiTokenPayload:
        issued, errors = await attempt(user.create_api_token(info.context, plain(input)))
        if issued is None:
            return CreateApiTokenPayload(token=None, api_token=None, errors=errors)
        return CreateApiTokenPayload(
            token=issued.secret, api_token=ApiToken.from_row(issued.row), errors=[]
        )

    @strawberry.mutation(description="Revoke a token: it stops working at once.")
    async def revoke_api_token(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The ID of the token.")],
    ) -> RevokeApiTokenPayload:  # type: ignore[valid-type]
        row, errors = await attempt(user.revoke_api_token(info.context, plain(id)))
        return RevokeApiTokenPayload(  # type: ignore[no-any-return]
            api_token=ApiToken.from_row(row) if row else None, errors=errors
        )

    @strawberry.mutation(description="Admins: a new staff user.")
    async def create_user(
        self, info: Info, input: Annotated[CreateUserInput, INPUT_ARGUMENT]
    ) -> UserPayload:  # type: ignore[valid-type]
        row, errors = await attempt(user.create_user(info.context, plain(input)))
        return UserPayload(user=User.from_row(row) if row else None, errors=errors)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Admins: change a user's name, role, password or access.")
    async def update_user(
        self, info: Info, input: Annotated[UpdateUserInput, INPUT_ARGUMENT]
    ) -> UserPayload:  # type: ignore[valid-type]
        row, errors = await attempt(user.update_user(info.context, plain(input)))
        return UserPayload(user=User.from_row(row) if row else None, errors=errors)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Admins: share a person with a liaison officer.")
    async def share_person(
        self, info: Info, input: Annotated[SharePersonInput, INPUT_ARGUMENT]
    ) -> SharePersonPayload:
        _, errors = await attempt(user.share_person(info.context, plain(input)))
        return SharePersonPayload(ok=not errors, errors=errors)

    @strawberry.mutation(description="Admins: take a share back.")
    async def unshare_person(
        self, info: Info, input: Annotated[SharePersonInput, INPUT_ARGUMENT]
    ) -> SharePersonPayload:
        _, errors = await attempt(user.unshare_person(info.context, plain(input)))
        return SharePersonPayload(ok=not errors, errors=errors)
