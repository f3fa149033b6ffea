"""Expected failures: what went wrong with a request, for the client to show or fix.

One name at every layer: a `UserError` says what is wrong and with which input field;
`UserErrors` is raised to refuse a request. A mutation returns them in its payload's
`errors` (its transaction rolled back, nothing changed); anywhere else (a query's
arguments, a subscription's) they become one GraphQL error with the code BAD_USER_INPUT.
Everything else that goes wrong is unexpected, and its text is masked from clients.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

__all__ = ["BAD_USER_INPUT", "UserError", "UserErrorCode", "UserErrors", "bad_input"]

#: the GraphQL error code of a refused query or subscription argument
BAD_USER_INPUT = "BAD_USER_INPUT"


class UserErrorCode(StrEnum):
    VALIDATION = "validation"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    DUPLICATE = "duplicate"
    FORBIDDEN = "forbidden"
    #: wrong username or password
    UNAUTHENTICATED = "unauthenticated"
    #: a workflow move the record's current status does not allow
    INVALID_TRANSITION = "invalid_transition"
    #: the person was erased at their request: re-create only with their new consent
    ERASED = "erased"
    #: too many failed attempts (sign-in): wait `retry_after` seconds
    RATE_LIMITED = "rate_limited"


@dataclass(frozen=True)
class UserError:
    """One thing wrong with a request, pointing at the input field (camelCase path)."""

    code: UserErrorCode
    message: str
    field: tuple[str, ...] = ()
    #: for CONFLICT: the version the record is at now
    current_version: int | None = None
    #: for RATE_LIMITED: seconds until the client may try again
    retry_after: int | None = None


@dataclass
class UserErrors(Exception):  # noqa: N818 - reads as "raise UserErrors(...)"
    """Raised to refuse a request, with every error found (not just the first)."""

    errors: list[UserError] = field(default_factory=list)

    #: graphql-core copies these onto the GraphQL error it makes of this exception
    extensions: ClassVar[dict[str, Any]] = {"code": BAD_USER_INPUT}

    def __post_init__(self) -> None:
        super().__init__("; ".join(e.message for e in self.errors))

    @classmethod
    def one(
        cls,
        code: UserErrorCode,
        message: str,
        field: Sequence[str] = (),
        current_version: int | None = None,
        *,
        retry_after: int | None = None,
    ) -> UserErrors:
        return cls([UserError(code, message, tuple(field), current_version, retry_after)])


def bad_input(message: str, field: Sequence[str] = ()) -> UserErrors:
    """A refused argument of a query or subscription (BAD_USER_INPUT)."""
    return UserErrors.one(UserErrorCode.VALIDATION, message, field)
