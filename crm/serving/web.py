"""The built web app (`web/dist`, Vite's output) at `/`, and the headers of HTML answers.

- A file of the build is served as it is: `/assets/*` (names carry a content hash, so
  they never change) may be cached for a year; everything else, `index.html` first, is
  revalidated on every use (`no-cache`, with ETag and Last-Modified), so a new build is
  seen at once.
- A browser navigation to any other path (the app's own routes, `/people/…`) gets
  `index.html` and the app's router takes over; a request that does not accept HTML
  (a script, an image, a missing `/assets/` file) gets a plain 404, never HTML in place
  of code.
- Without a build there is a short page that says how to make one, not a 404.
- Every HTML answer of the server carries the Content-Security-Policy (no inline
  scripts or styles, nothing from other origins), `X-Content-Type-Options: nosniff` and
  `Referrer-Policy: same-origin` (`SecurityHeaders`, an ASGI middleware, so pages the
  app does not serve from here, such as GraphiQL's page at /graphql, get them too).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Mapping
from pathlib import Path

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "SecurityHeaders", "WebApp"]

#: the web app's policy: its own scripts, styles, fonts and workers only; images also
#: from data: and blob: URLs (exported charts, graph pictures); the API and its
#: websocket on the same host (`ws:`/`wss:` because browsers before CSP level 3 do not
#: count a same-host websocket as 'self'); never framed (clickjacking)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; connect-src 'self' ws: wss:; worker-src 'self' blob:; "
    "font-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
HTML_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
#: paths of the server itself: never the app's index.html, whatever they accept
SERVER_PATHS = ("/graphql", "/auth/", "/exports/", "/healthz", "/readyz")

_NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CRM: the web app is not built</title></head>
<body>
<h1>The web app is not built yet</h1>
<p>Run <code>make serve</code> (it builds the app and serves it) or <code>make web</code>
(build only), then reload this page. The build goes to <code>{dist}</code>.</p>
<p>The API is at <a href="/graphql">/graphql</a>.</p>
</body>
</html>
"""


class WebApp(StaticFiles):
    """`dist` at `/`, with the app's fallback to `index.html` and its cache headers."""

    def __init__(self, dist: Path, *, hidden: Collection[str] = ()) -> None:
        super().__init__(directory=dist, check_dir=False)
        self.dist = dist
        #: files of the build answered elsewhere (GraphiQL's page, at /graphql), not here
        self.hidden = frozenset(hidden)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # a websocket to a path that is not /graphql
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        await super().__call__(scope, receive, send)

    async def check_config(self) -> None:
        """No check: the build may appear (`make web`) while the server runs."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
        index = await anyio.to_thread.run_sync(self.lookup_path, "index.html")
        if index[1] is None:
            return self._not_built(scope)
        try:
            if path in ("", "."):  # the app's start page
                raise HTTPException(status_code=404)
            response = await super().get_response(path, scope)
        except HTTPException as missing:
            if missing.status_code != 404 or not (path in ("", ".") or _navigation(scope)):
                raise
            full_path, stat_result = index
            assert stat_result is not None
            response = self.file_response(full_path, stat_result, scope)
            scope_path = "/index.html"
        else:
            scope_path = scope["path"]
        response.headers["Cache-Control"] = (
            IMMUTABLE if scope_path.startswith("/assets/") else REVALIDATE
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    def lookup_path(self, path: str) -> tuple[str, os.stat_result | None]:
        if path.lstrip("/") in self.hidden:
            return "", None
        full_path, stat_result = super().lookup_path(path)
        if stat_result is not None and stat.S_ISDIR(stat_result.st_mode):
            return "", None  # a folder of the build is not a page: the app's route
        return full_path, stat_result

    def _not_built(self, scope: Scope) -> Response:
        if scope["path"] != "/" and not _navigation(scope):
            return PlainTextResponse("Not Found", status_code=404)
        page = _NOT_BUILT.format(dist=_escape(str(self.dist)))
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _navigation(scope: Scope) -> bool:
    """A browser asking for a page of the app (not a server path, not a build file)."""
    path: str = scope["path"]
    if path.startswith("/assets/") or any(
        path == p.rstrip("/") or path.startswith(p.rstrip("/") + "/") for p in SERVER_PATHS
    ):
        return False
    accept = Headers(scope=scope).get("accept", "")
    return "text/html" in accept.lower()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SecurityHeaders:
    """Pure ASGI middleware: every `text/html` answer gets a Content-Security-Policy (the
    one `policies` names for its path, else the app's; None: none there), `nosniff` and
    `same-origin` referrers, unless the answer set its own."""

    def __init__(self, app: ASGIApp, *, policies: Mapping[str, str | None] | None = None) -> None:
        self.app = app
        self.policies = dict(policies or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.policies.get(scope["path"], CONTENT_SECURITY_POLICY)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if headers.get("content-type", "").startswith("text/html"):
                    if policy is not None:
                        headers.setdefault("Content-Security-Policy", policy)
                    for name, value in HTML_HEADERS.items():
                        headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
