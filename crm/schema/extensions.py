"""Schema extensions: masking of unexpected errors (logged with a request id), caches."""

from __future__ import annotations

import logging
from collections.abc import Callable

from graphql import GraphQLError
from sqlalchemy import exc as database
from strawberry.extensions import MaskErrors, ParserCache, SchemaExtension, ValidationCache

from crm.schema.error_codes import NamedOperation, is_client_error
from crm.schema.text_input import ForbiddenText
from crm.security.audit import AuditContactReads
from crm.security.gate import AccessGate
from crm.security.limits import CostLimiter, RequestLimits
from crm.serving.compiled.extension import CompiledReads
from crm.serving.persisted import PersistedQueries
from crm.serving.response_cache import MarkCacheable

log = logging.getLogger("crm.graphql")


def is_unexpected(error: GraphQLError) -> bool:
    """An exception from our code, not a GraphQL error or an expected failure (UserErrors)."""
    return not is_client_error(error)


def is_outage(error: BaseException | None) -> bool:
    """The database cannot be reached or gave up (an outage, a timeout): expected now and
    then, and the client may simply try again."""
    if isinstance(error, database.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        database.OperationalError | database.InterfaceError | database.TimeoutError | OSError,
    )


class MaskUnexpectedErrors(MaskErrors):
    """Hide the text of unexpected exceptions from clients; log them with a request id
    (with the traceback; a database outage in one line, as SERVICE_UNAVAILABLE)."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Unexpected error.")

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", None)
        where = ".".join(str(p) for p in error.path or []) or "operation"
        if is_outage(error.original_error):
            log.warning(
                "database unavailable in %s (request %s): %s",
                where,
                request_id,
                type(error.original_error).__name__,
            )
            return GraphQLError(
                "the database is unavailable: try again shortly",
                nodes=error.nodes,
                path=error.path,
                extensions={"code": "SERVICE_UNAVAILABLE", "requestId": request_id},
            )
        log.error(
            "unexpected error in %s (request %s)",
            where,
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
        NamedOperation,  # after validation: which operation to run
        ForbiddenText,  # after validation: strings no text column can store
        AccessGate,  # after validation: what the caller's role may select
        CostLimiter,  # after validation, before execution (and the token's budget)
        AuditContactReads,  # after execution: who read whose contact channels
        MarkCacheable,  # exits before AuditContactReads, while the contact reads are known
        CompiledReads,  # last: a covered query answered by the compiled read path
    ]
