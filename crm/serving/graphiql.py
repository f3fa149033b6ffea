"""GraphiQL at /graphql in development, from files on this server: no CDN, so it works
offline and under a Content-Security-Policy that names no other origin.

`make graphiql` puts the pinned builds of GraphiQL and React (from their npm packages)
into `static/graphiql/vendor/` beside this module; the page and its start script are
ours (`static/graphiql/`). Without the vendor files the page says how to get them.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from crm.serving.web import CONTENT_SECURITY_POLICY

__all__ = ["GRAPHIQL_POLICY", "VENDOR_FILES", "graphiql_page", "graphiql_routes"]

FOLDER = Path(__file__).resolve().parent / "static" / "graphiql"
VENDOR = FOLDER / "vendor"
#: what `make graphiql` fetches (GraphiQL 3's UMD build needs React 18's)
VENDOR_FILES = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "graphiql.min.css",
)
#: GraphiQL 3 runs under the web app's own policy: no inline scripts or styles, nothing
#: from other origins (checked in headless Chromium: no violation while it loads and
#: introspects)
GRAPHIQL_POLICY = CONTENT_SECURITY_POLICY

_MISSING = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CRM · GraphiQL is not installed</title></head>
<body>
<h1>GraphiQL is not installed</h1>
<p>Run <code>make graphiql</code> (it fetches GraphiQL and React from npm once), then
reload this page. The API itself answers at this address: POST a JSON body
<code>{"query": "…"}</code> with your session or <code>Authorization: Bearer …</code>.</p>
</body>
</html>
"""


def installed() -> bool:
    return all((VENDOR / name).is_file() for name in VENDOR_FILES)


def graphiql_page() -> HTMLResponse:
    headers = {"Cache-Control": "no-cache"}
    if not installed():
        return HTMLResponse(_MISSING, headers=headers)
    return HTMLResponse((FOLDER / "index.html").read_text(encoding="utf-8"), headers=headers)


def graphiql_routes() -> list[Mount]:
    """GraphiQL's scripts and styles at /graphiql/ (development only)."""
    return [Mount("/graphiql", app=StaticFiles(directory=FOLDER, check_dir=False))]
