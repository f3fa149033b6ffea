"""GraphiQL at /graphql for browsers outside production: the web build's page (no CDN),
under the app's CSP but for inline styles, never at its file name, and not at all in
production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crm.serving.graphiql import GRAPHIQL_PAGE, GRAPHIQL_POLICY
from crm.serving.web import CONTENT_SECURITY_POLICY
from crm.settings import Environment, Settings
from tests.serving.conftest import serving

HTML = {"Accept": "text/html"}
INDEX = '<!doctype html><html><head></head><body><div id="root"></div></body></html>'
PAGE = (
    "<!doctype html><html><head><title>CRM · GraphiQL</title>"
    '<script type="module" crossorigin src="/assets/graphiql-1a2b.js"></script>'
    '<link rel="stylesheet" crossorigin href="/assets/graphiql-1a2b.css"></head>'
    '<body><div id="graphiql-root"></div></body></html>'
)


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A build with GraphiQL's page and its files, as `make web` makes it."""
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX, encoding="utf-8")
    (folder / GRAPHIQL_PAGE).write_text(PAGE, encoding="utf-8")
    (folder / "assets" / "graphiql-1a2b.js").write_text("/* graphiql */", encoding="utf-8")
    (folder / "assets" / "graphiql-1a2b.css").write_text("/* graphiql */", encoding="utf-8")
    return folder


async def test_graphiql_is_the_build_s_page_from_this_server_under_the_csp(
    settings: Settings, dist: Path
) -> None:
    async with serving(settings, web_dist=dist) as (_, client):
        page = await client.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assert page.text == PAGE
        assert page.headers["cache-control"] == "no-cache"
        policy = page.headers["content-security-policy"]
        assert policy == GRAPHIQL_POLICY
        # the app's policy but for its editor's inline styles: scripts from here only
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self' 'unsafe-inline'"
        assert directives["connect-src"] == "'self' ws: wss:"
        assert policy.replace(" 'unsafe-inline'", "") == CONTENT_SECURITY_POLICY
        references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert references
        assert all(r.startswith("/assets/") for r in references), references
        for reference in references:
            asset = await client.get(reference)
            assert asset.status_code == 200, reference
        # the page is answered at /graphql only: its file name is the app's route
        by_name = await client.get(f"/{GRAPHIQL_PAGE}", headers=HTML)
        assert by_name.text == INDEX
        assert by_name.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert (await client.get(f"/{GRAPHIQL_PAGE}")).status_code == 404


async def test_without_a_build_graphiql_says_how_to_make_one(
    settings: Settings, tmp_path: Path
) -> None:
    async with serving(settings, web_dist=tmp_path / "none") as (_, client):
        page = await client.get("/graphql", headers=HTML)
        assert page.status_code == 200
        assert "make web" in page.text
        assert "https://" not in page.text
        assert page.headers["content-security-policy"] == GRAPHIQL_POLICY


async def test_there_is_no_graphiql_in_production(settings: Settings, dist: Path) -> None:
    async with serving(settings, web_dist=dist, env=Environment.PRODUCTION) as (_, client):
        page = await client.get("/graphql", headers=HTML)
        assert "graphiql" not in page.text.lower()
        by_name = await client.get(f"/{GRAPHIQL_PAGE}", headers=HTML)
        assert "graphiql" not in by_name.text.lower()
