"""Hostile requests are refused quickly with a clear error, and the server stays healthy."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from crm.app import create_app
from crm.settings import Environment, Settings
from tests.accounts import admin_headers


@pytest.fixture
async def http(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as client:
            yield client
            # after every hostile request, an ordinary one still works
            ok = await client.post("/graphql", json={"query": "{ people { totalCount } }"})
            assert ok.json()["data"]["people"]["totalCount"] >= 0


async def _post(http: httpx.AsyncClient, query: str, **variables: Any) -> tuple[int, str]:
    started = time.perf_counter()
    response = await http.post("/graphql", json={"query": query, "variables": variables})
    elapsed = time.perf_counter() - started
    assert elapsed < 5, f"refusal took {elapsed:.1f} s"
    body = response.json()
    assert "data" not in body or body["data"] is None, body
    return response.status_code, body["errors"][0]["message"]


def _nested(depth: int) -> str:
    query = "name"
    for _ in range(depth):
        query = f"subOrganizations {{ edges {{ node {{ {query} }} }} }}"
    return f"{{ organizations {{ edges {{ node {{ {query} }} }} }} }}"


async def test_a_query_fifty_levels_deep_is_refused(http: httpx.AsyncClient) -> None:
    _, message = await _post(http, _nested(17))
    assert "exceeds maximum operation depth" in message


async def test_a_thousand_aliases_are_refused(http: httpx.AsyncClient) -> None:
    aliases = " ".join(f"a{i}: networkStats {{ graphRevision }}" for i in range(1000))
    _, message = await _post(http, f"{{ {aliases} }}")
    assert "aliases" in message.lower() or "tokens" in message.lower()


async def test_aliases_multiplied_through_fragments_are_refused(http: httpx.AsyncClient) -> None:
    # 20 aliases in the text, but each level multiplies the one below by ten pages of 100
    query = """
    query { a: people(first: 100) { ...P } b: people(first: 100) { ...P } }
    fragment P on PersonConnection { edges { node {
      x: affiliations(first: 100) { ...A } y: affiliations(first: 100) { ...A } } } }
    fragment A on AffiliationConnection { edges { node { organization {
      members(first: 100) { totalCount edges { node { role } } } } } } }"""
    _, message = await _post(http, query)
    assert "query cost" in message


async def test_circular_fragments_are_refused(http: httpx.AsyncClient) -> None:
    query = """query { people { ...A } }
    fragment A on PersonConnection { ...B }
    fragment B on PersonConnection { ...A }"""
    _, message = await _post(http, query)
    assert "cannot spread fragment" in message.lower()


async def test_a_ten_thousand_token_document_is_refused(http: httpx.AsyncClient) -> None:
    fields = " ".join(["__typename"] * 10_000)
    _, message = await _post(http, f"{{ {fields} }}")
    assert "token" in message.lower()


async def test_a_page_of_a_million_is_refused(http: httpx.AsyncClient) -> None:
    _, message = await _post(http, "{ people(first: 1000000) { totalCount } }")
    assert "at most 100" in message or "query cost" in message


async def test_big_pages_nested_deeply_are_refused_by_cost(http: httpx.AsyncClient) -> None:
    query = """query($n: Int!) { people(first: $n) { edges { node {
      affiliations(first: $n) { edges { node { organization {
        members(first: $n) { edges { node { person { name } } } } } } } } } } } }"""
    _, message = await _post(http, query, n=100)
    assert "query cost" in message


async def test_batched_requests_are_refused(http: httpx.AsyncClient) -> None:
    batch = [{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    response = await http.post("/graphql", json=batch)
    assert response.status_code == 400


async def test_mutations_over_get_are_refused(http: httpx.AsyncClient) -> None:
    mutation = 'mutation { createPerson(input: {name: "x"}) { errors { code } } }'
    response = await http.get("/graphql", params={"query": mutation})
    assert response.status_code in {400, 405}
    count = await http.post("/graphql", json={"query": "{ people { totalCount } }"})
    assert count.json()["data"]["people"]["totalCount"] == 0


async def test_text_plain_posts_are_refused(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"content-type": "text/plain"}
    )
    assert response.status_code == 415


async def test_form_posts_are_refused(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", data={"query": "{ __typename }"})
    assert response.status_code == 415


async def test_oversized_bodies_are_refused(http: httpx.AsyncClient, settings: Settings) -> None:
    padding = "#" * (settings.max_request_bytes + 1)
    response = await http.post("/graphql", json={"query": "{ __typename }", "x": padding})
    assert response.status_code == 413


async def test_introspection_works_in_development(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


@pytest.fixture
async def production(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings.model_copy(update={"env": Environment.PRODUCTION}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as client:
            yield client


async def test_introspection_is_off_in_production(production: httpx.AsyncClient) -> None:
    response = await production.post(
        "/graphql", json={"query": "{ __schema { queryType { name } } }"}
    )
    assert "introspection" in response.json()["errors"][0]["message"].lower()


async def test_field_suggestions_are_off_in_production(production: httpx.AsyncClient) -> None:
    response = await production.post("/graphql", json={"query": "{ peple { totalCount } }"})
    message = response.json()["errors"][0]["message"]
    assert "Cannot query field 'peple'" in message
    assert "Did you mean" not in message
