"""What a GraphQL-over-HTTP request body must be, checked before anything parses it again.

A body is one JSON object in UTF-8 with `query` (a string, or null with a persisted
query's hash in `extensions`), optional `variables` and `extensions` (objects) and
`operationName` (a string), and nests no deeper than the limit. Anything else is the
client's mistake, answered 400 with the code BAD_REQUEST, never a server fault.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.types import Message, Receive

__all__ = [
    "MAX_JSON_DEPTH",
    "body_refusal",
    "error_json",
    "json_depth_exceeds",
    "read_body",
    "replaying",
    "status_code",
]

#: how deep a body may nest (objects and lists); filters nest five levels of and/or/not
MAX_JSON_DEPTH = 64

_KINDS: dict[str, tuple[type, ...]] = {
    "query": (str, type(None)),
    "variables": (dict, type(None)),
    "extensions": (dict, type(None)),
    "operationName": (str, type(None)),
}
_KIND_NAMES = {"query": "a string", "operationName": "a string"}

#: the code of a refusal by its HTTP status (docs/api.md lists them)
_STATUS_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMITED",
    503: "SERVICE_UNAVAILABLE",
}


def status_code(status: int) -> str:
    """The error code a refusal with this HTTP status carries."""
    return _STATUS_CODES.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_SERVER_ERROR")


def error_json(message: str, code: str) -> bytes:
    """A refusal in the shape of every GraphQL error answer."""
    return orjson.dumps({"errors": [{"message": message, "extensions": {"code": code}}]})


def body_refusal(body: bytes, *, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Why this body is not a GraphQL request (None: it is one)."""
    try:
        data = orjson.loads(body)  # refuses invalid UTF-8 and lone surrogates too
    except orjson.JSONDecodeError as exc:
        return f"the body is not valid JSON in UTF-8 ({_reason(exc)})"
    if isinstance(data, list):
        return "send one operation per request: batches are not accepted"
    if not isinstance(data, dict):
        return "the body must be a JSON object with `query` and, optionally, `variables`"
    for key, kinds in _KINDS.items():
        if not isinstance(data.get(key), kinds):
            what = _KIND_NAMES.get(key, "an object")
            return f"`{key}` must be {what} (or left out)"
    if json_depth_exceeds(data, max_depth):
        return f"the body nests deeper than {max_depth} levels"
    return None


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Does a parsed JSON value nest deeper than `limit` objects and lists? (Iterative:
    a hostile value cannot exhaust the stack.)"""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _reason(exc: orjson.JSONDecodeError) -> str:
    # orjson's message, without the position ("unexpected character", "depth limit exceeded")
    return str(exc).split(":", 1)[0]


async def read_body(receive: Receive) -> tuple[bytes, Receive]:
    """In ASGI middleware: the whole body (the request guard capped it), and a
    `receive` that hands it on."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    return body, replaying(body, receive)


def replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives `body` (read already) first, then what `receive` gives."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
