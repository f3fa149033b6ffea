"""Files to download: GET /exports/lists/<list ID>.csv (a list's members as CSV).

Authenticated like /graphql: a bearer token, or the browser session's cookie (a plain
link from the web app downloads it; a GET changes nothing, and SameSite=Strict keeps
the cookie off requests other sites start). The list ID is its global ID, URL-encoded.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry import relay

from crm.errors import UserErrors
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId
from crm.resolvers.list_export import export_list
from crm.security.auth import authenticate, bearer_token
from crm.security.browser import session_cookie

__all__ = ["export_routes"]


def export_routes() -> list[Route]:
    return [Route("/exports/lists/{name:path}", _list_csv, methods=["GET"])]


async def _list_csv(request: Request) -> Response:
    header = request.headers.get("authorization")
    token = bearer_token(header) if header is not None else session_cookie(request.scope)
    state = request.app.state
    viewer = await authenticate(state.session_factory, token) if token else None
    if viewer is None:
        return _error(401, "sign in: a valid bearer token or session is needed", "UNAUTHENTICATED")
    name: str = request.path_params["name"]
    record = _list_id(name)
    if record is None or not viewer.can_read_type("List"):
        return _error(404, "no list with this ID", "NOT_FOUND")
    context = Context(settings=state.settings, session_factory=state.session_factory, viewer=viewer)
    try:
        export = await export_list(context, record)
    except UserErrors as refused:
        return _error(404, refused.errors[0].message, "NOT_FOUND")
    filename = f"{export.name}.csv"
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        export.text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": disposition,
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


def _list_id(name: str) -> RecordId | None:
    if not name.endswith(".csv"):
        return None
    try:
        global_id = relay.GlobalID.from_id(name.removesuffix(".csv"))
    except Exception:  # not base64 of "Type:key"
        return None
    if global_id.type_name != "List":
        return None
    return RecordId(global_id.type_name, global_id.node_id)


def _error(status: int, message: str, code: str) -> JSONResponse:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})
