"""Whole responses of read-only operations, keyed by what decides them.

The key is the document (its SHA-256), the operation name, the variables, who asks
(user, role and token scopes: two viewers never share an entry, since what a liaison
officer may see depends on who they are) and the data revision (crm/db/data_revision.py),
which every committed write moves. Every worker knows the revision in memory before
it answers (crm/db/revision_listener.py: the machine's counter, moved by every process
right after a write's COMMIT lands, and the database's notifications for other
machines), or else reads it from the database with the caller's token; so no worker
serves an answer computed before a write another one committed. An entry also expires after
`CRM_RESPONSE_CACHE_SECONDS`, for the few answers that depend on the clock rather than
the data (follow-ups due now, recency of ties).

Stored are only queries that ran without errors and returned no contact channel: a
contact read must leave its READ_CONTACT audit entry, which a cached answer would skip.
A hit skips parsing, validation, the access gate and the cost limit: the same viewer ran
the same document at the same revision and was let through. It is still charged the
operation's cost against its token's budget (kept with the entry). Hits are answered by
`CachedAnswers` (crm/serving/cached_answers.py), in front of GraphQL.
"""

from __future__ import annotations

import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from crm.resolvers.context import Context
from crm.security.viewer import Viewer
from crm.serving.compiled.fast import Verdicts

__all__ = ["CacheKey", "Cached", "MarkCacheable", "ResponseCache", "ServingContext", "key_of"]


@dataclass
class ServingContext(Context):
    """The context of an HTTP request: also whether its answer may be cached."""

    cacheable: bool = False
    #: the app's verdicts of compiled operations (crm/serving/compiled/fast.py)
    compiled_verdicts: Verdicts | None = None


@dataclass(frozen=True)
class Cached:
    """A kept answer: its bytes and the cost its operation was charged."""

    body: bytes
    cost: int


@dataclass(frozen=True)
class CacheKey:
    document: str
    operation_name: str | None
    variables: bytes
    viewer: tuple[Any, ...]
    #: the database's data revision (read with the token), or the one known in memory
    #: (crm/db/revision_listener.py): never equal to each other, so never mixed up
    revision: Hashable


class ResponseCache:
    """Encoded responses by key, least recently used forgotten first, each for `ttl` s."""

    def __init__(
        self, maxsize: int, ttl: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.maxsize = maxsize
        self.ttl = ttl
        self._clock = clock
        self._entries: OrderedDict[CacheKey, tuple[float, Cached]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: CacheKey) -> Cached | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] < self._clock():
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def put(self, key: CacheKey, body: bytes, cost: int = 0) -> None:
        self._entries[key] = (self._clock() + self.ttl, Cached(body, cost))
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)


def viewer_scope(viewer: Viewer) -> tuple[Any, ...]:
    return (viewer.user_id, viewer.role.value, tuple(sorted(viewer.scopes)))


def key_of(state: dict[str, Any], body: bytes) -> CacheKey | None:
    """The key of a signed-in JSON POST (its `body`) of one operation, at the data
    revision read with its token (crm.security.http.Authenticate, into the scope's
    `state`); None for anything else (batches, anonymous callers, bodies that are not
    JSON)."""
    viewer, revision = state.get("viewer"), state.get("data_revision")
    if not isinstance(viewer, Viewer) or revision is None:
        return None
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(parsed, dict):
        return None
    document = _document_hash(parsed)
    variables = parsed.get("variables") or {}
    name = parsed.get("operationName")
    if document is None or not isinstance(variables, dict) or not isinstance(name, str | None):
        return None
    return CacheKey(
        document=document,
        operation_name=name,
        variables=orjson.dumps(variables, option=orjson.OPT_SORT_KEYS),
        viewer=viewer_scope(viewer),
        revision=revision,
    )


def _document_hash(body: dict[str, Any]) -> str | None:
    query = body.get("query")
    if isinstance(query, str):
        return hashlib.sha256(query.encode()).hexdigest()
    persisted = (body.get("extensions") or {}).get("persistedQuery")
    if isinstance(persisted, dict) and isinstance(persisted.get("sha256Hash"), str):
        return str(persisted["sha256Hash"]).lower()
    return None


class MarkCacheable(SchemaExtension):
    """After execution: may this answer be kept? (Last in the list, so it runs before
    AuditContactReads forgets which contact channels were read.)"""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context
        serving = context.context
        if not isinstance(serving, ServingContext):
            return
        result = context.result
        serving.cacheable = (
            context.operation_type is OperationType.QUERY
            and result is not None
            and not getattr(result, "errors", None)
            and not serving.contact_reads
        )
