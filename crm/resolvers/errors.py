"""Expected failures a client handles: returned in payloads, never raised as crashes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class ProblemCode(StrEnum):
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request, pointing at the input field (camelCase path)."""

    code: ProblemCode
    message: str
    field: tuple[str, ...] = ()
    #: for CONFLICT: the version the record is at now
    current_version: int | None = None


@dataclass
class Problems(Exception):  # noqa: N818 - reads as "raise Problems(...)"
    """Raised inside a write to abort its transaction and report every problem."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__("; ".join(p.message for p in self.problems))

    @classmethod
    def one(
        cls,
        code: ProblemCode,
        message: str,
        field: Sequence[str] = (),
        current_version: int | None = None,
    ) -> Problems:
        return cls([Problem(code, message, tuple(field), current_version)])
