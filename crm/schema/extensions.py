"""Schema extensions: masking of unexpected errors (logged with a request id), caches."""

from __future__ import annotations

import logging
from collections.abc import Callable

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, ParserCache, SchemaExtension, ValidationCache

from crm.errors import UserErrors
from crm.security.audit import AuditContactReads
from crm.security.gate import AccessGate
from crm.security.limits import CostLimiter, RequestLimits
from crm.serving.compiled.extension import CompiledReads
from crm.serving.persisted import PersistedQueries
from crm.serving.response_cache import MarkCacheable

log = logging.getLogger("crm.graphql")


def is_unexpected(error: GraphQLError) -> bool:
    """An exception from our code, not a GraphQL error or an expected failure (UserErrors)."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | UserErrors)


class MaskUnexpectedErrors(MaskErrors):
    """Hide the text of unexpected exceptions from clients; log them with a request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", None)
        log.error(
            "unexpected error in %s (request %s)",
            ".".join(str(p) for p in error.path or []) or "operation",
            request_id,
            exc_info=error.original_error,
        )
        masked = super().anonymise_error(error)
        masked.extensions = {"code": "INTERNAL_SERVER_ERROR", "requestId": request_id}
        return masked


def schema_extensions() -> list[Callable[[], SchemaExtension]]:
    """Factories, in order: strawberry builds fresh extensions per operation (the
    caches they use live at module level and are shared)."""
    return [
        MaskUnexpectedErrors,
        PersistedQueries,  # a persisted document in place of its hash, before parsing
        RequestLimits,  # before parsing: the token limit applies while parsing
        # Parsing and validating the same document again is wasted CPU.
        lambda: ParserCache(maxsize=2_048),
        lambda: ValidationCache(maxsize=2_048),
        AccessGate,  # after validation: what the caller's role may select
        CostLimiter,  # after validation, before execution (and the token's budget)
        AuditContactReads,  # after execution: who read whose contact channels
        MarkCacheable,  # exits before AuditContactReads, while the contact reads are known
        CompiledReads,  # last: a covered query answered by the compiled read path
    ]
