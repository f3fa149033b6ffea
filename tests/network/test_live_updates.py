"""On PostgreSQL, a subscription on one uvicorn worker process receives the changes
committed through another (LISTEN/NOTIFY; each process fans out to its subscribers)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from tests.network.test_two_workers import AUTH, CREATE_PERSON, _call, clean, workers

__all__ = ["clean", "workers"]  # fixtures used below

TIMELINE = """subscription($id: ID!) {
  timelineEntryAdded(id: $id) { kind summary record { id } }
}"""
LOG = """mutation($summary: String!, $people: [ID!]!) {
  createInteraction(input: {kind: CALL, occurredAt: "2024-01-15T10:00:00+08:00",
                            summary: $summary, participants: $people}) {
    interaction { id } errors { message } } }"""


@pytest.fixture
def postgres_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("several worker processes share a database on PostgreSQL only")


async def _next_event(ws: ClientConnection, wait: float) -> dict[str, Any] | None:
    try:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), wait))
    except TimeoutError:
        return None
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    entry: dict[str, Any] = message["payload"]["data"]["timelineEntryAdded"]
    return entry


async def test_a_subscriber_on_one_worker_receives_a_change_made_through_another(
    postgres_only: None, workers: list[str], clean: None
) -> None:
    one, other = workers
    li = (await _call(other, CREATE_PERSON, name="李伟"))["createPerson"]["person"]["id"]
    ws_url = one.replace("http://", "ws://") + "/graphql"
    async with connect(ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        init = {"type": "connection_init", "payload": {"Authorization": AUTH["Authorization"]}}
        await ws.send(json.dumps(init))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        payload = {"query": TIMELINE, "variables": {"id": li}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))

        # The client cannot tell when the subscription listens: log calls through the
        # other worker until the first one arrives, and check it is one of them.
        logged: dict[str, str] = {}
        first = None
        for attempt in range(40):
            summary = f"call {attempt}"
            created = (await _call(other, LOG, summary=summary, people=[li]))["createInteraction"]
            logged[created["interaction"]["id"]] = summary
            first = await _next_event(ws, wait=0.5)
            if first is not None:
                break
        assert first is not None, "no event arrived"
        assert first["summary"] == f"call: {logged[first['record']['id']]}"
        while await _next_event(ws, wait=1.0) is not None:
            pass  # the events of the other calls logged before it listened

        # Now it listens: the next change through the other worker arrives, exactly.
        created = (await _call(other, LOG, summary="follow-up", people=[li]))["createInteraction"]
        event = await _next_event(ws, wait=10)
    assert event == {
        "kind": "INTERACTION",
        "summary": "call: follow-up",
        "record": {"id": created["interaction"]["id"]},
    }
