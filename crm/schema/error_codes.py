"""Every GraphQL error carries `extensions.code`, and only the server's faults log tracebacks.

Codes (docs/api.md lists them for clients): GRAPHQL_PARSE_FAILED (not GraphQL),
GRAPHQL_VALIDATION_FAILED (not valid against the schema), OPERATION_RESOLUTION_FAILURE
(which operation to run is unclear), BAD_USER_INPUT (an argument or variable value the
API refuses: a malformed ID, an Int out of range, a missing variable, NUL in a string),
QUERY_TOO_COMPLEX (a limit on tokens, depth, aliases or cost), and those the access
gate and the limits set themselves (UNAUTHENTICATED, FORBIDDEN, RATE_LIMITED…).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from graphql import GraphQLError, GraphQLSyntaxError, OperationDefinitionNode
from strawberry.extensions import SchemaExtension
from strawberry.relay.types import GlobalIDValueError
from strawberry.types import ExecutionContext

from crm.errors import UserErrors

__all__ = ["NamedOperation", "is_client_error", "process_errors"]

log = logging.getLogger("crm.graphql")

#: the messages of the limits graphql-core and strawberry's limiters report
_TOO_COMPLEX = ("exceeds maximum operation depth", "aliases found")
#: validation errors about a value written in the document (not its shape)
_BAD_VALUE = ("Expected value of type", "cannot represent", "Value cannot represent")


def _code(error: GraphQLError) -> str | None:
    return (error.extensions or {}).get("code")


def _set(error: GraphQLError, code: str) -> None:
    error.extensions = {**(error.extensions or {}), "code": code}


class NamedOperation(SchemaExtension):
    """Strawberry runs the first of several operations when none is named; the GraphQL
    spec makes that an error. Listed after the validation (which sets the errors)."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and not context.pre_execution_errors:
            named = context._provided_operation_name  # what the client sent
            operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
            if named is None and len(operations) > 1:
                context.pre_execution_errors = [
                    GraphQLError(
                        "the document holds several operations: say which to run in "
                        "`operationName`",
                        extensions={"code": "OPERATION_RESOLUTION_FAILURE"},
                    )
                ]
        yield


def _code_of(error: GraphQLError) -> str:
    if isinstance(error, GraphQLSyntaxError):  # the token limit stops the parser
        return "QUERY_TOO_COMPLEX" if "tokens" in error.message else "GRAPHQL_PARSE_FAILED"
    if error.path is None and error.message.startswith("Variable '$"):
        return "BAD_USER_INPUT"  # variables are coerced before anything runs
    if error.path is None and error.original_error is None:
        return _validation_code(error)
    # IDs that are not IDs; unexpected exceptions are masked (and coded) already
    return "BAD_USER_INPUT" if is_client_error(error) else "INTERNAL_SERVER_ERROR"


def _validation_code(error: GraphQLError) -> str:
    message = error.message
    if any(part in message for part in _TOO_COMPLEX):
        return "QUERY_TOO_COMPLEX"
    if any(part in message for part in _BAD_VALUE):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


def is_client_error(error: GraphQLError) -> bool:
    """The client's mistake (a GraphQL error, a refused input), not the server's fault."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError | UserErrors | GlobalIDValueError)


def process_errors(
    errors: Sequence[GraphQLError], execution_context: ExecutionContext | None
) -> None:
    """Strawberry's `Schema.process_errors`, which every error passes before it is
    answered (unexpected ones before they are masked, crm.schema.extensions): give each a
    code, and log one line per client error (the server's faults are logged, with their
    traceback, where they are masked)."""
    for error in errors:
        if _code(error) is None:
            _set(error, _code_of(error))
        if is_client_error(error):
            path = ".".join(str(p) for p in error.path or []) or "operation"
            log.info("client error in %s: %s", path, error.message.splitlines()[0])
