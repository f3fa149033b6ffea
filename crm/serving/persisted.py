"""Persisted documents: Apollo's automatic persisted queries (APQ) and an allow-list.

A client sends `extensions.persistedQuery = {"version": 1, "sha256Hash": …}` without the
document; the server answers `PersistedQueryNotFound` when it does not know the hash, and
the client sends hash and document once, which the server checks and keeps. Documents
are kept per process (an LRU of `CRM_PERSISTED_QUERY_CACHE_SIZE`): with several workers,
a client may be asked for a document once per worker. A kept document is the same
string object every time, so the parser and validation caches hit on it at once.

With `CRM_PERSISTED_ONLY`, only the documents of the manifest (`CRM_PERSISTED_MANIFEST`,
a JSON object of SHA-256 → document, as the web app's code generator writes it) run,
by hash or by text; anything else is refused with PERSISTED_QUERY_NOT_ALLOWED.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from crm.settings import Settings

__all__ = ["DocumentStore", "PersistedQueries", "load_manifest", "sha256_of"]

_HASH = re.compile(r"[0-9a-f]{64}")


def sha256_of(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


class DocumentStore:
    """Documents by their SHA-256, the least recently used forgotten first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._documents: OrderedDict[str, str] = OrderedDict()

    def get(self, sha256: str) -> str | None:
        document = self._documents.get(sha256)
        if document is not None:
            self._documents.move_to_end(sha256)
        return document

    def put(self, sha256: str, document: str) -> str:
        """Keep `document`; return the kept string (the first one sent for this hash)."""
        kept = self._documents.setdefault(sha256, document)
        self._documents.move_to_end(sha256)
        while len(self._documents) > self.maxsize:
            self._documents.popitem(last=False)
        return kept


@cache
def load_manifest(path: Path) -> Mapping[str, str]:
    """The manifest's documents by hash, each hash checked against its document."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"cannot read the persisted-query manifest {path}: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ValueError(f"{path}: expected a JSON object of SHA-256 hash → GraphQL document")
    for sha256, document in data.items():
        if sha256_of(document) != sha256.lower():
            raise ValueError(f"{path}: the hash {sha256} is not the SHA-256 of its document")
    return {k.lower(): v for k, v in data.items()}


@cache
def _store(maxsize: int) -> DocumentStore:
    return DocumentStore(maxsize)


def _error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


class PersistedQueries(SchemaExtension):
    """Puts the persisted document in place of a hash before parsing (first extension
    that reads the query)."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        settings: Settings = context.context.settings
        manifest = load_manifest(settings.persisted_manifest) if settings.persisted_manifest else {}
        persisted = (context.operation_extensions or {}).get("persistedQuery")
        if persisted is None:
            if settings.persisted_only and sha256_of(context.query or "") not in manifest:
                raise _error(
                    "this server runs only the persisted documents of its manifest",
                    "PERSISTED_QUERY_NOT_ALLOWED",
                )
            yield
            return
        sha256 = persisted.get("sha256Hash") if isinstance(persisted, dict) else None
        if persisted.get("version") != 1 or not isinstance(sha256, str):
            raise _error("persistedQuery needs version 1 and a sha256Hash", "BAD_USER_INPUT")
        sha256 = sha256.lower()
        if not _HASH.fullmatch(sha256):
            raise _error("sha256Hash is not a SHA-256 in hexadecimal", "BAD_USER_INPUT")
        if sha256 in manifest:
            context.query = manifest[sha256]
        elif settings.persisted_only:
            raise _error(
                "this server runs only the persisted documents of its manifest",
                "PERSISTED_QUERY_NOT_ALLOWED",
            )
        elif not settings.persisted_queries:
            raise _error("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
        else:
            store = _store(settings.persisted_query_cache_size)
            if context.query:
                if sha256_of(context.query) != sha256:
                    raise _error("provided sha does not match query", "BAD_USER_INPUT")
                context.query = store.put(sha256, context.query)
            else:
                document = store.get(sha256)
                if document is None:
                    raise _error("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
                context.query = document
        yield
