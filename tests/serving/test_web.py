"""The web app's build at `/`: files, the fallback to index.html for the app's routes,
cache headers, the page shown without a build, and the headers of every HTML answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm.serving.web import CONTENT_SECURITY_POLICY
from crm.settings import PROJECT_ROOT, Settings
from tests.serving.conftest import serving

INDEX = (
    '<!doctype html><html><head><script type="module" src="/assets/app-3f9a.js"></script>'
    '</head><body><div id="root"></div></body></html>'
)
SCRIPT = "console.log('app')\n"
HTML = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX, encoding="utf-8")
    (folder / "assets" / "app-3f9a.js").write_text(SCRIPT, encoding="utf-8")
    (folder / "favicon.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not to be served", encoding="utf-8")
    return folder


def assert_html_headers(headers: object) -> None:
    assert headers.get("content-security-policy") == CONTENT_SECURITY_POLICY
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") == "same-origin"


async def test_the_start_page_is_index_html_revalidated_with_the_csp(
    settings: Settings, dist: Path
) -> None:
    async with serving(settings, web_dist=dist) as (_, client):
        response = await client.get("/")
        assert response.status_code == 200
        assert response.text == INDEX
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["cache-control"] == "no-cache"
        assert_html_headers(response.headers)
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        # revalidation: the same build answers 304
        etag = response.headers["etag"]
        again = await client.get("/", headers={"If-None-Match": etag})
        assert again.status_code == 304
        direct = await client.get("/index.html")
        assert direct.text == INDEX
        assert direct.headers["cache-control"] == "no-cache"


async def test_the_apps_routes_fall_back_to_index_html_for_browsers(
    settings: Settings, dist: Path
) -> None:
    async with serving(settings, web_dist=dist) as (_, client):
        for path in ("/people/UGVyc29uOjE=", "/lists", "/assets", "/sign-in?next=%2Fpeople"):
            page = await client.get(path, headers=HTML)
            assert page.status_code == 200, path
            assert page.text == INDEX
            assert page.headers["cache-control"] == "no-cache"
            assert_html_headers(page.headers)
        # Not a browser navigation: a plain 404, never HTML in place of data or code.
        assert (
            await client.get("/people/1", headers={"Accept": "application/json"})
        ).status_code == 404
        assert (await client.get("/people/1")).status_code == 404


async def test_hashed_assets_are_cached_for_a_year_and_missing_ones_are_404(
    settings: Settings, dist: Path
) -> None:
    async with serving(settings, web_dist=dist) as (_, client):
        script = await client.get("/assets/app-3f9a.js")
        assert script.status_code == 200
        assert script.text == SCRIPT
        assert "javascript" in script.headers["content-type"]
        assert script.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert script.headers["x-content-type-options"] == "nosniff"
        missing = await client.get("/assets/app-0000.js", headers=HTML)
        assert missing.status_code == 404
        icon = await client.get("/favicon.svg")
        assert icon.status_code == 200
        assert icon.headers["cache-control"] == "no-cache"


async def test_server_paths_never_become_the_app(settings: Settings, dist: Path) -> None:
    async with serving(settings, web_dist=dist) as (_, client):
        assert (await client.get("/healthz", headers=HTML)).json()["status"] == "ok"
        for path in ("/auth/other", "/graphql/x", "/healthz/x", "/readyz/x"):
            assert (await client.get(path, headers=HTML)).status_code == 404, path
        graphiql = await client.get("/graphql", headers=HTML)
        assert graphiql.status_code == 200
        assert graphiql.text != INDEX
        assert (await client.post("/", json={})).status_code == 405
        # nothing outside the build folder
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"):
            escaped = await client.get(path)
            assert escaped.status_code == 404, path
            assert "not to be served" not in escaped.text


async def test_without_a_build_the_start_page_says_how_to_make_one(
    settings: Settings, tmp_path: Path
) -> None:
    async with serving(settings, web_dist=tmp_path / "nowhere") as (_, client):
        page = await client.get("/")
        assert page.status_code == 200
        assert "make serve" in page.text
        assert "make web" in page.text
        assert_html_headers(page.headers)
        assert (await client.get("/people/1", headers=HTML)).status_code == 200
        assert (await client.get("/assets/app.js")).status_code == 404


def test_a_relative_build_folder_is_taken_from_the_project_root(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Settings().web_dist_path == PROJECT_ROOT / "web" / "dist"
    monkeypatch.setenv("CRM_WEB_DIST", "build/app")
    assert Settings().web_dist_path == PROJECT_ROOT / "build" / "app"
    monkeypatch.setenv("CRM_WEB_DIST", str(tmp_path))
    assert Settings().web_dist_path == tmp_path
