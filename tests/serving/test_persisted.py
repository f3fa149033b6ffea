"""Automatic persisted queries (the Apollo protocol) and the manifest allow-list."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from crm.serving.persisted import DocumentStore, load_manifest, sha256_of
from crm.settings import Settings
from tests.accounts import admin_headers
from tests.serving.conftest import serving

QUERY = "query Stats { networkStats { graphRevision } }"
OTHER = "query Other { networkStats { nodeCounts { count } } }"


def _fresh(document: str) -> str:
    """The document with a comment no other test sent: each process keeps what it saw."""
    return f"{document} # {uuid.uuid4().hex}"


def _apq(sha256: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256}}


async def test_a_hash_alone_is_not_found_then_runs_once_sent_with_its_document(
    settings: Settings,
) -> None:
    query = _fresh(QUERY)
    async with serving(settings) as (app, client):
        headers = await admin_headers(app.state.session_factory)
        by_hash = {"extensions": _apq(sha256_of(query))}
        first = (await client.post("/graphql", json=by_hash, headers=headers)).json()
        assert first["errors"][0]["message"] == "PersistedQueryNotFound"
        assert first["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
        sent = {"query": query, **by_hash}
        second = (await client.post("/graphql", json=sent, headers=headers)).json()
        assert "errors" not in second
        third = (await client.post("/graphql", json=by_hash, headers=headers)).json()
        assert third == second


async def test_a_document_that_does_not_match_its_hash_is_refused(settings: Settings) -> None:
    query = _fresh(QUERY)
    async with serving(settings) as (app, client):
        headers = await admin_headers(app.state.session_factory)
        body = {"query": OTHER, "extensions": _apq(sha256_of(query))}
        answer = (await client.post("/graphql", json=body, headers=headers)).json()
        assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        # and the hash did not become a name for the other document
        again = {"extensions": _apq(sha256_of(query))}
        answer = (await client.post("/graphql", json=again, headers=headers)).json()
        assert answer["errors"][0]["message"] == "PersistedQueryNotFound"


@pytest.mark.parametrize(
    "persisted", [{"version": 2, "sha256Hash": "0" * 64}, {"version": 1, "sha256Hash": "xyz"}]
)
async def test_a_malformed_persisted_query_is_bad_input(
    settings: Settings, persisted: dict[str, object]
) -> None:
    async with serving(settings) as (app, client):
        headers = await admin_headers(app.state.session_factory)
        body = {"extensions": {"persistedQuery": persisted}}
        answer = (await client.post("/graphql", json=body, headers=headers)).json()
        assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def _manifest(tmp_path: Path, *documents: str) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({sha256_of(d): d for d in documents}))
    return path


async def test_persisted_only_runs_the_manifest_by_hash_or_text_and_nothing_else(
    settings: Settings, tmp_path: Path
) -> None:
    manifest = _manifest(tmp_path, QUERY)
    async with serving(settings, persisted_only=True, persisted_manifest=manifest) as (
        app,
        client,
    ):
        headers = await admin_headers(app.state.session_factory)
        by_hash = {"extensions": _apq(sha256_of(QUERY))}
        assert "errors" not in (await client.post("/graphql", json=by_hash, headers=headers)).json()
        by_text = {"query": QUERY}
        assert "errors" not in (await client.post("/graphql", json=by_text, headers=headers)).json()
        for body in ({"query": OTHER}, {"query": OTHER, "extensions": _apq(sha256_of(OTHER))}):
            answer = (await client.post("/graphql", json=body, headers=headers)).json()
            assert answer["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"


def test_persisted_only_without_a_manifest_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="CRM_PERSISTED_MANIFEST"):
        Settings(persisted_only=True)


def test_a_manifest_whose_hash_does_not_match_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"0" * 64: QUERY}))
    with pytest.raises(ValueError, match="not the SHA-256"):
        load_manifest(path)


def test_the_store_forgets_the_least_recently_used_and_keeps_the_first_string() -> None:
    store = DocumentStore(maxsize=2)
    first = "".join(["query A ", "{ a }"])
    assert store.put("a", first) is first
    assert store.put("a", "query A { a }") is first
    store.put("b", "query B { b }")
    store.get("a")
    store.put("c", "query C { c }")
    assert store.get("b") is None
    assert store.get("a") == "query A { a }"
