"""GraphiQL at /graphql for browsers, outside production: the page our web build makes
(`web/graphiql.html`, from npm's `graphiql` and `@graphiql/plugin-explorer`), so every
file comes from this server, under the app's Content-Security-Policy but for inline styles
(`GRAPHIQL_POLICY`), and its requests carry the browser session's cookie.

Its scripts and styles are the build's `/assets/` files (served by `WebApp`); the page
itself is only answered here, never at `/graphiql.html` (`WebApp` hides it), so a
production server, which has no GraphiQL, does not serve it either. Without a build the
page says how to make one.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse

from crm.serving.web import CONTENT_SECURITY_POLICY

__all__ = ["GRAPHIQL_PAGE", "GRAPHIQL_POLICY", "graphiql_page"]

#: the build's page for GraphiQL (a second Vite entry beside index.html)
GRAPHIQL_PAGE = "graphiql.html"
#: the web app's policy with one exception: inline styles. GraphiQL's editor (Monaco)
#: writes its theme and decorations into <style> elements it creates at run time, with
#: no way to give them a nonce; blocked, the editor loses its colours and layout rules.
#: Scripts stay this server's files only, nothing comes from other origins, and the
#: page exists outside production only.
GRAPHIQL_POLICY = CONTENT_SECURITY_POLICY.replace(
    "style-src 'self';", "style-src 'self' 'unsafe-inline';"
)
assert GRAPHIQL_POLICY != CONTENT_SECURITY_POLICY

_NOT_BUILT = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>CRM · GraphiQL is not built</title></head>
<body>
<h1>GraphiQL is not built yet</h1>
<p>GraphiQL comes with the web app's build: run <code>make web</code> (or
<code>make serve</code>), then reload this page. The API itself answers at this address:
POST a JSON body <code>{"query": "…"}</code> with your session or
<code>Authorization: Bearer …</code>.</p>
</body>
</html>
"""


def graphiql_page(dist: Path) -> HTMLResponse:
    """The built GraphiQL page of `dist`, revalidated on every use (a new build is seen
    at once), or how to build it."""
    headers = {"Cache-Control": "no-cache"}
    page = dist / GRAPHIQL_PAGE
    if not page.is_file():
        return HTMLResponse(_NOT_BUILT, headers={"Cache-Control": "no-store"})
    return HTMLResponse(page.read_text(encoding="utf-8"), headers=headers)
