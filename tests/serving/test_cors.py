"""CORS: nothing allowed by default; listed origins get preflights and credentials."""

from __future__ import annotations

import pytest

from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.serving.conftest import serving

APP = "https://app.example.org"
PREFLIGHT = {
    "Origin": APP,
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}
QUERY = {"query": "{ networkStats { graphRevision } }"}


async def test_no_origin_is_allowed_by_default(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        preflight = await client.options("/graphql", headers=PREFLIGHT)
        assert "access-control-allow-origin" not in preflight.headers
        _, token = await make_user(app.state.session_factory)
        response = await client.post(
            "/graphql", json=QUERY, headers=bearer(token) | {"Origin": APP}
        )
        assert response.status_code == 200
        assert "access-control-allow-origin" not in response.headers


async def test_a_listed_origin_gets_its_preflight_and_credentialed_answers(
    settings: Settings,
) -> None:
    async with serving(settings, cors_origins=[APP]) as (app, client):
        preflight = await client.options("/graphql", headers=PREFLIGHT)
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == APP
        assert preflight.headers["access-control-allow-credentials"] == "true"
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        _, token = await make_user(app.state.session_factory)
        response = await client.post(
            "/graphql", json=QUERY, headers=bearer(token) | {"Origin": APP}
        )
        assert response.status_code == 200
        assert response.headers["access-control-allow-origin"] == APP
        assert response.headers["access-control-allow-credentials"] == "true"


async def test_an_unlisted_origin_gets_no_cors_headers(settings: Settings) -> None:
    async with serving(settings, cors_origins=[APP]) as (app, client):
        evil = PREFLIGHT | {"Origin": "https://evil.example.com"}
        preflight = await client.options("/graphql", headers=evil)
        assert preflight.status_code == 400
        assert "access-control-allow-origin" not in preflight.headers
        _, token = await make_user(app.state.session_factory)
        headers = bearer(token) | {"Origin": "https://evil.example.com"}
        response = await client.post("/graphql", json=QUERY, headers=headers)
        assert "access-control-allow-origin" not in response.headers


def test_origins_come_comma_separated_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CRM_CORS_ORIGINS", "https://a.example.org, http://localhost:5173/")
    assert Settings().cors_origins == ["https://a.example.org", "http://localhost:5173"]


@pytest.mark.parametrize("origin", ["*", "https://a.example.org/path", "a.example.org"])
def test_a_wildcard_or_a_url_with_a_path_is_not_an_origin(origin: str) -> None:
    with pytest.raises(ValueError, match="not an origin"):
        Settings(cors_origins=[origin])
