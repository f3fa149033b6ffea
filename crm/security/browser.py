"""The browser session's cookie and the same-origin check of cookie-authenticated requests.

A browser sends a cookie with every request to our host, whichever page asked for it,
so a request that a cookie authenticates must prove it comes from our own pages: its
`Origin` (or, where a browser leaves that out, its `Referer`) must be this server's own
origin or one of `CRM_CORS_ORIGINS`. `SameSite=Strict` already keeps the cookie off
cross-site requests in current browsers; the check also covers same-site neighbours
(another application on a sibling subdomain) and older browsers. Bearer tokens are not
ambient (a page must add them itself), so requests that carry one need no such check.
"""

from __future__ import annotations

from collections.abc import Iterable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import urlsplit

from starlette.types import Scope

__all__ = ["SESSION_COOKIE", "allowed_origin", "own_origin", "request_origin", "session_cookie"]

#: the name of the cookie that carries a browser session's token
SESSION_COOKIE = "crm_session"

_HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}
_DEFAULT_PORT = {"http": 80, "https": 443}


def header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header (`name` in lower case)."""
    return next((v.decode("latin-1") for k, v in scope["headers"] if k.lower() == name), None)


def session_cookie(scope: Scope) -> str | None:
    """The session token the request's `Cookie` header carries, if any."""
    raw = header(scope, b"cookie")
    if not raw:
        return None
    try:
        cookies = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = cookies.get(SESSION_COOKIE)
    value = morsel.value.strip() if morsel is not None else ""
    return value or None


def own_origin(scope: Scope) -> str | None:
    """This server's origin as the browser addressed it (scheme and `Host`)."""
    host = header(scope, b"host")
    if not host:
        return None
    scheme = _HTTP_SCHEME.get(scope.get("scheme", "http"), "http")
    return _normalised(f"{scheme}://{host}")


def request_origin(scope: Scope) -> str | None:
    """The origin of the page that sent the request: `Origin`, else `Referer`'s."""
    origin = header(scope, b"origin")
    if origin is not None:
        return None if origin.strip().lower() == "null" else _normalised(origin)
    referer = header(scope, b"referer")
    return _normalised(referer) if referer else None


def allowed_origin(scope: Scope, others: Iterable[str]) -> bool:
    """Did this request come from our own pages (or a listed origin's)? A request that
    names no origin at all is refused: every browser names one on a POST or a websocket."""
    sender = request_origin(scope)
    if sender is None:
        return False
    allowed = {_normalised(o) for o in others}
    allowed.add(own_origin(scope))
    return sender in allowed


def _normalised(url: str) -> str | None:
    """`scheme://host[:port]` in lower case, the default port left out; None if `url` is
    not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORT or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORT[scheme]:
        host = f"{host}:{port}"
    return f"{scheme}://{host}"
