"""The HTTP surface: health, readiness and a first GraphQL query, on both databases."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from crm.app import create_app
from crm.settings import Environment, Settings
from tests.accounts import admin_headers
from tests.conftest import DatabaseFactory


async def _client(app: Starlette, *, signed_in: bool = True) -> AsyncIterator[httpx.AsyncClient]:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory) if signed_in else {}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as client:
            yield client


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for c in _client(create_app(settings)):
        yield c


async def test_healthz_says_the_process_is_alive(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_readyz_is_ok_on_a_migrated_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


async def test_readyz_is_unavailable_before_migrations(
    backend: str, databases: DatabaseFactory
) -> None:
    url = databases.create(backend, migrated=False)
    async for client in _client(create_app(Settings(database_url=url)), signed_in=False):
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["reason"] == "migrations"


async def test_readyz_is_unavailable_when_the_database_is_unreachable() -> None:
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:1/none")
    async for client in _client(create_app(settings), signed_in=False):
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["reason"] == "database"


async def test_graphql_answers_typename(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ __typename }"})
    assert response.json() == {"data": {"__typename": "Query"}}


async def test_network_stats_counts_nodes_and_links(client: httpx.AsyncClient) -> None:
    query = "{ networkStats { graphRevision nodeCounts { type count } linkCounts { type count } } }"
    response = await client.post("/graphql", json={"query": query})
    stats = response.json()["data"]["networkStats"]
    assert {c["type"] for c in stats["nodeCounts"]} >= {"person", "organization", "event"}
    assert {c["type"] for c in stats["linkCounts"]} >= {"affiliation", "relationship"}
    assert stats["graphRevision"] >= 0


async def test_graphiql_is_served_in_development(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_graphiql_is_off_in_production(settings: Settings) -> None:
    production = settings.model_copy(update={"env": Environment.PRODUCTION})
    async for client in _client(create_app(production)):
        response = await client.get("/graphql", headers={"accept": "text/html"})
        assert response.status_code != 200 or "graphiql" not in response.text.lower()


async def test_queries_over_get_are_refused(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", params={"query": "{ __typename }"})
    assert response.status_code in {400, 405}


async def test_a_database_outage_answers_service_unavailable_in_one_log_line(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # import-linter's run (tests/test_layers.py) switches existing loggers off
    monkeypatch.setattr(logging.getLogger("crm.graphql"), "disabled", False)
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:1/none")
    login = 'mutation { login(username: "lin", password: "x") { token } }'
    async for client in _client(create_app(settings), signed_in=False):
        response = await client.post("/graphql", json={"query": login})
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "nobody" not in response.text  # no connection details leak
        request_id = error["extensions"]["requestId"]
        assert request_id
        logged = [r for r in caplog.records if request_id in r.getMessage()]
        assert len(logged) == 1
        assert logged[0].exc_info is None  # an outage is expected: no traceback


async def test_unexpected_errors_are_masked_and_logged_with_a_traceback(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger("crm.graphql"), "disabled", False)  # as above

    async def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("secret detail of a bug")

    monkeypatch.setattr("crm.schema.schema.network_counts", broken)
    response = await client.post("/graphql", json={"query": "{ networkStats { graphRevision } }"})
    (error,) = response.json()["errors"]
    assert error["message"] == "Unexpected error."
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in response.text
    request_id = error["extensions"]["requestId"]
    (logged,) = [r for r in caplog.records if request_id in r.getMessage()]
    assert logged.exc_info is not None  # the server's own fault: with its traceback


async def test_user_input_errors_are_not_masked(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": "{ people(first: -1) { totalCount } }"})
    assert "must not be negative" in response.json()["errors"][0]["message"]


async def test_a_token_cannot_be_checked_without_the_database() -> None:
    settings = Settings(database_url="postgresql://nobody@127.0.0.1:1/none")
    async for client in _client(create_app(settings), signed_in=False):
        response = await client.post(
            "/graphql",
            json={"query": "{ me { username } }"},
            headers={"Authorization": "Bearer crm_something"},
        )
        assert response.status_code == 503
        assert response.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        assert "nobody" not in response.text
