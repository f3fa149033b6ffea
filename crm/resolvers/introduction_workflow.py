"""The introduction workflow: which status moves are allowed, and making one.

REQUESTED → BROKER_AGREED → TARGET_AGREED → MADE → OUTCOME, one step at a time.
From any open step (REQUESTED to MADE) an introduction may be DECLINED or WITHDRAWN,
with a reason, or go back one step, with a reason. OUTCOME, DECLINED and WITHDRAWN
close it; a closed introduction can only be reopened, with a reason, to the step it
was closed from (MADE for an OUTCOME; REQUESTED when the history does not say).
Moving to OUTCOME records what came of it: an application of the seeker, a project,
an agreement and/or a note. Every move bumps the version (a stale `expectedVersion`
is a CONFLICT), stamps `status_changed_at` and adds a row to the status history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import IntroductionStatus as S
from crm.db.paging import SortKey
from crm.db.queries import introduction as q
from crm.db.queries.common import table_of
from crm.db.types import utcnow
from crm.errors import UserError, UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of
from crm.resolvers.listing import ChildList
from crm.resolvers.validation import Data, Validator

#: the steps in order; each open step moves forward to the next
STEPS: tuple[S, ...] = (S.REQUESTED, S.BROKER_AGREED, S.TARGET_AGREED, S.MADE, S.OUTCOME)
OPEN: frozenset[S] = frozenset(STEPS[:-1])
CLOSED: frozenset[S] = frozenset({S.OUTCOME, S.DECLINED, S.WITHDRAWN})
ENDS: frozenset[S] = frozenset({S.DECLINED, S.WITHDRAWN})
REASON_LENGTH = 1000
NOTE_LENGTH = 10_000

_status_change = table_of(models.IntroductionStatusChange)
#: an introduction's status changes, oldest first
STATUS_HISTORY = ChildList(
    _status_change, "introduction_id", {}, [SortKey(_status_change.c.changed_at)]
)


@dataclass(frozen=True)
class Move:
    """A move the current status allows, and whether it needs a reason."""

    to: S
    needs_reason: bool
    #: how the move is named in messages ("go back", "reopen", …)
    what: str


def allowed_moves(current: S, reopen_to: S | None = None) -> list[Move]:
    """Every move out of `current`. `reopen_to` is the step a closed introduction was
    closed from (REQUESTED when unknown; MADE for an OUTCOME)."""
    if current in OPEN:
        index = STEPS.index(current)
        moves = [Move(STEPS[index + 1], False, "move on")]
        if index > 0:
            moves.append(Move(STEPS[index - 1], True, "go back one step"))
        moves += [Move(end, True, f"end as {end.value}") for end in (S.DECLINED, S.WITHDRAWN)]
        return moves
    if current is S.OUTCOME:
        target = S.MADE
    else:
        target = reopen_to if reopen_to is not None and reopen_to in OPEN else S.REQUESTED
    return [Move(target, True, "reopen")]


def _name(status: S) -> str:
    return status.name


def check_move(current: S, to: S, reason: str | None, reopen_to: S | None) -> list[UserError]:
    """The errors of moving from `current` to `to` (none if allowed)."""
    if to is current:
        message = f"the introduction is already {_name(to)}"
        return [UserError(UserErrorCode.INVALID_TRANSITION, message, ("to",))]
    moves = allowed_moves(current, reopen_to)
    move = next((m for m in moves if m.to is to), None)
    if move is None:
        options = ", ".join(
            f"{_name(m.to)} (with a reason)" if m.needs_reason else _name(m.to) for m in moves
        )
        closed = " (it is closed: reopen it first)" if current in CLOSED else ""
        message = (
            f"an introduction cannot move from {_name(current)} to {_name(to)}{closed}; "
            f"from {_name(current)} it can move to {options}"
        )
        return [UserError(UserErrorCode.INVALID_TRANSITION, message, ("to",))]
    if move.needs_reason and reason is None:
        message = f"give a reason to {move.what} ({_name(current)} to {_name(to)})"
        return [UserError(UserErrorCode.VALIDATION, message, ("reason",))]
    return []


_OUTCOME_FIELDS = (
    ("outcomeApplication", "outcome_application_id", "Application", models.Application),
    ("outcomeProject", "outcome_project_id", "Project", models.Project),
    ("outcomeAgreement", "outcome_agreement_id", "Agreement", models.Agreement),
)


async def move_introduction(context: Context, data: Data) -> models.Introduction:
    v = Validator()
    key = key_of("id", data["id"], "Introduction")
    to = S(data["to"])
    reason = v.text("reason", data.get("reason"), max_length=REASON_LENGTH)
    values: dict[str, Any] = {}
    refs: dict[str, tuple[int | None, Any]] = {}
    for field, column, type_name, model in _OUTCOME_FIELDS:
        given = data.get(column.removesuffix("_id"))
        if given is None:
            continue
        if to is not S.OUTCOME:
            v.fail(field, "what came of an introduction is recorded when it moves to OUTCOME")
            continue
        refs[field] = (v.reference(field, given, type_name), model)
        values[column] = refs[field][0]
    note = v.text("outcomeNote", data.get("outcome_note"), max_length=NOTE_LENGTH)
    if note is not None:
        if to is not S.OUTCOME:
            v.fail("outcomeNote", "the outcome note is recorded when it moves to OUTCOME")
        values["outcome_note"] = note
    v.check()

    async def guard(session: AsyncSession, row: models.Introduction) -> None:
        current = S(row.status)
        reopen_to = None
        if current in ENDS:
            found = await session.execute(q.closed_from(key, current.value))
            reopen_to = found.scalar_one_or_none()
        errors = check_move(current, to, reason, S(reopen_to) if reopen_to else None)
        if to is S.OUTCOME and not errors:
            errors += await _outcome_errors(session, row, values)
        if errors:
            raise UserErrors(errors)

    values.update(status=to, status_changed_at=utcnow())
    return await crud.update(
        context,
        models.Introduction,
        key,
        data["expected_version"],
        values,
        refs,
        reason=reason,
        guard=guard,
    )


async def _outcome_errors(
    session: AsyncSession, row: models.Introduction, values: dict[str, Any]
) -> list[UserError]:
    """An OUTCOME says what came of it, and an outcome application is the seeker's."""
    errors = []
    fields = ["outcome_note", *(column for _, column, _, _ in _OUTCOME_FIELDS)]
    if all(values.get(f, getattr(row, f)) is None for f in fields):
        message = (
            "say what came of it: an outcomeApplication, outcomeProject or outcomeAgreement, "
            "or an outcomeNote"
        )
        errors.append(UserError(UserErrorCode.VALIDATION, message, ("outcomeNote",)))
    application = values.get("outcome_application_id")
    if application is not None:
        applicant = (await session.execute(q.applicant_of(application))).scalar_one_or_none()
        if applicant is not None and applicant != row.seeker_id:
            message = "the outcome application must be one the seeker made"
            errors.append(UserError(UserErrorCode.VALIDATION, message, ("outcomeApplication",)))
    return errors
