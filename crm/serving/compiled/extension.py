"""The schema extension that answers a covered query with the compiled read path.

Decided per operation once it is valid and let through (last in the extension list:
the access gate, the cost limit and the token's budget have run): if the planner covers
the whole operation, its answer takes the place of execution; otherwise, and whenever
the compiled path cannot finish (a `node` ID with no row, which may name a merged
record; an error from the database), the general executor runs as before.
`CRM_COMPILED_READS=false` switches it off.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import ExecutionResult
from sqlalchemy.engine import Dialect
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from crm.resolvers.context import Context
from crm.security.viewer import Viewer
from crm.serving.compiled.answer import NodeNotFoundError, Prepared, answer, prepare
from crm.serving.compiled.fast import Verdict, Verdicts, operation_key, statement_reader
from crm.serving.compiled.plan import plan

__all__ = ["COUNTS", "CompiledReads", "Counts"]

log = logging.getLogger(__name__)


@dataclass
class Counts:
    """Operations of this process by outcome (tests read them; so may a metrics page)."""

    answered: int = 0
    #: `node(id:)` without a row: the general executor answered
    not_found: int = 0
    #: the compiled path raised (logged): the general executor answered
    failed: int = 0


COUNTS = Counts()


class PreparedOperations:
    """Prepared operations by what decides them (the document, operation, variables,
    the viewer's role and scopes, the database), least recently used forgotten first;
    None for an operation the compiled path does not cover."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[Any, ...], Prepared | None] = OrderedDict()

    def get(self, key: tuple[Any, ...]) -> Prepared | bool | None:
        """The entry, or False when there is none."""
        if key not in self._entries:
            return False
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key: tuple[Any, ...], prepared: Prepared | None) -> None:
        self._entries[key] = prepared
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)


PREPARED = PreparedOperations(maxsize=1_000)


class CompiledReads(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        request = context.context
        viewer = getattr(request, "viewer", None)
        if (
            isinstance(request, Context)
            and request.settings.compiled_reads
            and viewer is not None
            and not context.pre_execution_errors
            # fields the viewer may not read answer FORBIDDEN at their path: the general
            # executor's guards give that partial answer (crm.security.gate)
            and not request.refused_fields
            and context.graphql_document is not None
            and context.result is None
        ):
            try:
                data = await self._answer(request, viewer)
            except NodeNotFoundError:
                COUNTS.not_found += 1
            except Exception:  # a bug of the compiled path: say so, answer anyway
                COUNTS.failed += 1
                log.exception("the compiled read path failed; the general executor answers")
            else:
                if data is not None:
                    COUNTS.answered += 1
                    context.result = ExecutionResult(data=data)
        yield

    async def _answer(self, request: Context, viewer: Viewer) -> dict[str, Any] | None:
        context = self.execution_context
        settings = request.settings
        dialect = _dialect(request)
        key = operation_key(
            context.query or "",
            context._provided_operation_name,  # as the request named it (or not)
            orjson.dumps(context.variables or {}, option=orjson.OPT_SORT_KEYS),
            viewer,
            settings.max_page_size,
            dialect.name,
        )
        prepared = PREPARED.get(key)
        if prepared is False:
            assert context.graphql_document is not None
            shapes = plan(
                context.schema._schema,
                context.graphql_document,
                context.operation_name,
                context.variables,
                viewer,
                settings.max_page_size,
            )
            prepared = prepare(shapes, dialect) if shapes is not None else None
            PREPARED.put(key, prepared)
        if not isinstance(prepared, Prepared):
            return None
        read = statement_reader(request.session_factory)
        data = await answer(prepared, read, sql_json=settings.compiled_json)
        verdicts = getattr(request, "compiled_verdicts", None)
        if (
            isinstance(verdicts, Verdicts)
            and context.operation_type is OperationType.QUERY
            # a persisted document's verdict stays with the hash (the manifest decides)
            and not (context.operation_extensions or {}).get("persistedQuery")
        ):
            # the whole pipeline let this operation through: the next request with the
            # same key is answered in front of GraphQL (crm/serving/compiled/fast.py)
            verdicts.put(key, Verdict(prepared, request.query_cost))
        return data


def _dialect(request: Context) -> Dialect:
    bind = request.session_factory.kw["bind"]
    dialect: Dialect = bind.dialect
    return dialect
