"""GraphiQL at /graphql in development: this server's own files, no CDN, under the CSP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crm.serving import graphiql
from crm.serving.web import CONTENT_SECURITY_POLICY
from crm.settings import Environment, Settings
from tests.serving.conftest import serving

HTML = {"Accept": "text/html"}


@pytest.fixture
def vendor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """What `make graphiql` fetches, as stand-ins."""
    folder = tmp_path / "vendor"
    folder.mkdir()
    for name in graphiql.VENDOR_FILES:
        (folder / name).write_text(f"/* {name} */", encoding="utf-8")
    monkeypatch.setattr(graphiql, "VENDOR", folder)
    return folder


async def test_graphiql_loads_only_from_this_server_under_the_csp(
    settings: Settings, vendor: Path
) -> None:
    async with serving(settings) as (_, client):
        page = await client.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "unsafe-inline" not in page.headers["content-security-policy"]
        assert "<script>" not in page.text  # no inline script
        references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert references
        assert all(r.startswith("/graphiql/") for r in references), references
        for reference in references:
            asset = await client.get(reference)
            assert asset.status_code == 200, reference
        start = await client.get("/graphiql/start.js")
        assert "createFetcher" in start.text
        # headers (a bearer token) are never kept in the browser's storage
        assert "shouldPersistHeaders: false" in start.text


async def test_without_its_files_graphiql_says_how_to_get_them(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(graphiql, "VENDOR", tmp_path / "none")
    async with serving(settings) as (_, client):
        page = await client.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assert "make graphiql" in page.text
        assert "https://" not in page.text


async def test_there_is_no_graphiql_in_production(settings: Settings, vendor: Path) -> None:
    async with serving(settings, env=Environment.PRODUCTION) as (_, client):
        page = await client.get("/graphql", headers=HTML)
        assert "graphiql" not in page.text.lower()
        assert (await client.get("/graphiql/start.js")).status_code == 404
