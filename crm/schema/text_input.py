"""Text input must be storable: no NUL (U+0000) and no lone surrogate (U+D800–U+DFFF).

PostgreSQL refuses NUL in text, and a lone surrogate has no UTF-8 form: either would
fail deep in a write or a filter as the server's fault. Refused once the document is
valid and before anything runs, in every string of the document and of its variables,
they are the client's mistake: BAD_USER_INPUT naming the variable's field (`field`) or
the literal's place in the document (`locations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, StringValueNode, ValidationRule
from strawberry.extensions import SchemaExtension

__all__ = ["ForbiddenText", "forbidden_text"]

_FORBIDDEN = re.compile("[\x00\ud800-\udfff]")


def forbidden_text(value: str) -> str | None:
    """Why this text cannot be stored (None: it can)."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "text may not contain the NUL character (U+0000)"
    return "text may not contain a lone surrogate (U+D800–U+DFFF)"


class ForbiddenLiteralText(ValidationRule):
    """A string written in the document (the validation cache keeps the verdict)."""

    def enter_string_value(self, node: StringValueNode, *_args: Any) -> None:
        why = forbidden_text(node.value)
        if why is not None:
            self.report_error(GraphQLError(why, node, extensions={"code": "BAD_USER_INPUT"}))


class ForbiddenText(SchemaExtension):
    """Listed after the validation: refuses the variables before anything runs."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.validation_rules = (*context.validation_rules, ForbiddenLiteralText)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if not context.pre_execution_errors and context.variables:
            found = _forbidden_variable(context.variables)
            if found is not None:
                path, why = found
                name = "$" + ".".join(path)
                context.pre_execution_errors = [
                    GraphQLError(
                        f"variable `{name}`: {why}",
                        extensions={"code": "BAD_USER_INPUT", "field": path},
                    )
                ]
        yield


def _forbidden_variable(variables: dict[str, Any]) -> tuple[list[str], str] | None:
    """The first string of the variables (keys too) that cannot be stored, with its path."""
    stack: list[tuple[list[str], Any]] = [([], variables)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if (why := forbidden_text(value)) is not None:
                return path, why
        elif isinstance(value, dict):
            for key, item in value.items():
                if (why := forbidden_text(key)) is not None:
                    return [*path, key.replace("\x00", "\\u0000")], why
                stack.append(([*path, key], item))
        elif isinstance(value, list):
            stack.extend(([*path, str(i)], item) for i, item in enumerate(value))
    return None
