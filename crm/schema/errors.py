"""UserError: what went wrong with a mutation's input, for the client to show or fix."""

from __future__ import annotations

import strawberry

from crm.resolvers.errors import Problem, ProblemCode

UserErrorCode = strawberry.enum(ProblemCode, name="UserErrorCode")


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

    @classmethod
    def from_problem(cls, problem: Problem) -> UserError:
        return cls(
            field=list(problem.field) or None,
            message=problem.message,
            code=problem.code,
            current_version=problem.current_version,
        )


def user_errors(problems: list[Problem]) -> list[UserError]:
    return [UserError.from_problem(p) for p in problems]
