"""UserError as clients see it: the GraphQL face of `crm.errors.UserError`."""

from __future__ import annotations

import strawberry

from crm import errors

UserErrorCode = strawberry.enum(errors.UserErrorCode, name="UserErrorCode")


@strawberry.type(description="An expected failure of a mutation; nothing was changed.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault (camelCase), if one is."
    )
    message: str
    code: UserErrorCode  # type: ignore[valid-type]
    current_version: int | None = strawberry.field(
        default=None, description="For CONFLICT: the version the record is at now."
    )
    retry_after: int | None = strawberry.field(
        default=None, description="For RATE_LIMITED: seconds until the client may try again."
    )

    @classmethod
    def of(cls, error: errors.UserError) -> UserError:
        return cls(
            field=list(error.field) or None,
            message=error.message,
            code=error.code,
            current_version=error.current_version,
            retry_after=error.retry_after,
        )
