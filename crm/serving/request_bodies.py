"""Reading a request's body in ASGI middleware and handing it on."""

from __future__ import annotations

from starlette.types import Message, Receive

__all__ = ["read_body"]


async def read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body (the request guard capped it), and a `receive` that replays it."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay
