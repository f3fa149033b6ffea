"""Browser sessions at /auth/session: sign in (POST), who am I (GET), sign out (DELETE).

The session is a token like the `login` mutation's (a row of `api_token`, stored as its
hash, revocable), handed to the browser only as an HttpOnly, SameSite=Strict cookie, so
page scripts never see it. It lives `CRM_SESSION_HOURS` from sign-in (a fixed lifetime).
/graphql accepts the cookie in place of a bearer token (crm.security.http.Authenticate).
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry import relay

from crm.db.models import User
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers import user as users
from crm.resolvers.context import Context
from crm.security.auth import authenticate
from crm.security.browser import SESSION_COOKIE, allowed_origin, request_origin, session_cookie
from crm.security.viewer import Viewer
from crm.settings import Environment

__all__ = ["SESSION_PATH", "session_routes"]

SESSION_PATH = "/auth/session"
#: a sign-in body is a username and a password: anything longer is not one
MAX_BODY_BYTES = 4096
_NO_STORE = {"Cache-Control": "no-store"}


def session_routes() -> list[Route]:
    return [Route(SESSION_PATH, _session, methods=["GET", "POST", "DELETE"])]


async def _session(request: Request) -> Response:
    if request.method == "POST":
        return await _sign_in(request)
    if request.method == "DELETE":
        return await _sign_out(request)
    return await _current(request)


async def _sign_in(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json":
        return _error(415, "send the sign-in as application/json", "BAD_REQUEST")
    # No login CSRF: a page of another origin may not sign a browser in to some account.
    if request_origin(request.scope) is not None and not _same_origin(request):
        return _error(403, "sign in from this application's own pages", "FORBIDDEN")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return _error(413, f"request body larger than {MAX_BODY_BYTES} bytes", "BAD_REQUEST")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        data = None
    username = data.get("username") if isinstance(data, dict) else None
    password = data.get("password") if isinstance(data, dict) else None
    if not isinstance(username, str) or not isinstance(password, str):
        return _error(400, 'send {"username": "…", "password": "…"} as strings', "BAD_USER_INPUT")
    context = _context(request)
    try:
        issued, user = await users.open_session(context, username, password)
    except UserErrors as refused:
        error = refused.errors[0]
        if error.code is UserErrorCode.RATE_LIMITED:
            wait = error.retry_after or 60
            response = _error(429, error.message, "RATE_LIMITED")
            response.headers["Retry-After"] = str(wait)
            return response
        return _error(401, error.message, "UNAUTHENTICATED")
    response = JSONResponse({"user": _user_json(user)}, headers=_NO_STORE)
    settings = request.app.state.settings
    response.set_cookie(
        SESSION_COOKIE,
        issued.secret,
        max_age=int(settings.session_hours * 3600),
        path="/",
        httponly=True,
        samesite="strict",
        secure=_secure(request),
    )
    return response


async def _current(request: Request) -> Response:
    viewer = await _viewer(request)
    user = None
    if viewer is not None and viewer.user_id is not None:
        async with request.app.state.session_factory() as session:
            user = await session.get(User, viewer.user_id)
    if user is None:
        response = _expired()
        if session_cookie(request.scope) is not None:  # a dead session's cookie: drop it
            _clear_cookie(request, response)
        return response
    return JSONResponse({"user": _user_json(user)}, headers=_NO_STORE)


async def _sign_out(request: Request) -> Response:
    """Revoke the session (when it is one, from our own pages) and clear the cookie; the
    answer is 204 either way, so signing out twice is no error."""
    if session_cookie(request.scope) is not None and not _same_origin(request):
        return _error(403, "sign out from this application's own pages", "FORBIDDEN")
    viewer = await _viewer(request)
    if viewer is not None:
        context = _context(request)
        context.viewer = viewer
        await users.close_session(context)
    response = Response(status_code=204, headers=_NO_STORE)
    _clear_cookie(request, response)
    return response


def _clear_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request)
    )


async def _viewer(request: Request) -> Viewer | None:
    token = session_cookie(request.scope)
    if token is None:
        return None
    return await authenticate(request.app.state.session_factory, token)


def _context(request: Request) -> Context:
    state = request.app.state
    return Context(
        settings=state.settings,
        session_factory=state.session_factory,
        sign_in_throttle=state.sign_in_throttle,
        client_address=request.client.host if request.client else None,
    )


def _same_origin(request: Request) -> bool:
    return allowed_origin(request.scope, request.app.state.settings.cors_origins)


def _secure(request: Request) -> bool:
    """The cookie goes over HTTPS only in production (and wherever we were reached over
    HTTPS); a development server on http://127.0.0.1 needs it without."""
    production = request.app.state.settings.env is Environment.PRODUCTION
    return production or request.url.scheme == "https"


def _user_json(user: User) -> dict[str, Any]:
    assert user.id is not None
    return {
        "id": relay.to_base64("User", user.id),
        "username": user.username,
        "displayName": user.display_name,
        "role": user.role.name,
    }


def _expired() -> Response:
    return _error(
        401, "not signed in, or the session has expired: sign in again", "UNAUTHENTICATED"
    )


def _error(status: int, message: str, code: str) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers=_NO_STORE)
