"""UserError as clients see it: the GraphQL face of `crm.errors.UserError`."""

from __future__ import annotations

import strawberry

from crm import errors
from crm.schema.enums import described_enum
from crm.schema.inputs import described, optional
from crm.schema.values import from_attributes

UserErrorCode = described_enum(
    errors.UserErrorCode,
    "What kind of expected failure a UserError is, for a client to act on.",
    {
        "VALIDATION": "A value is missing, malformed or out of range; `field` says which.",
        "NOT_FOUND": "A record the input names does not exist (or you may not see it).",
        "CONFLICT": "The record changed since you read it: `currentVersion` is its "
        "version now; read it again and retry.",
        "DUPLICATE": "The record already exists (the same natural key).",
        "FORBIDDEN": "Your role may not do this, or not to this record.",
        "UNAUTHENTICATED": "Wrong username or password.",
        "INVALID_TRANSITION": "The workflow does not allow this move from the record's "
        "current status or stage.",
        "ERASED": "The person was erased at their request; re-create them only with their "
        "new consent (administrators).",
        "RATE_LIMITED": "Too many failed sign-in attempts: wait `retryAfter` seconds.",
    },
    name="UserErrorCode",
)


@strawberry.type(description="An expected failure of a mutation; nothing was changed.")
class UserError:
    field: list[str] | None = described("Path to the input field at fault (camelCase), if one is.")
    message: str = described("What is wrong, in English, for people.")
    code: UserErrorCode = described("What is wrong, for programs.")  # type: ignore[valid-type]
    current_version: int | None = optional("For CONFLICT: the version the record is at now.")
    retry_after: int | None = optional("For RATE_LIMITED: seconds until the client may try again.")

    @classmethod
    def of(cls, error: errors.UserError) -> UserError:
        return from_attributes(cls, error, field=list(error.field) or None)
