"""Subscriptions over a real websocket (graphql-transport-ws) on a real server, on both
databases: changes made by another client arrive, rolled-back ones do not, the
per-connection limit holds and the legacy protocol is refused."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from crm.app import create_app
from crm.db import models
from crm.db.broker import FELL_BEHIND, ChangesLostError, Subscriber
from crm.db.enums import InteractionKind, UserRole
from crm.db.notify import Change
from crm.db.types import utcnow
from crm.settings import Settings
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.api.test_introduction import create_organization, create_person, gid, key
from tests.conftest import _empty_tables

TIMELINE = """subscription($id: ID!) {
  timelineEntryAdded(id: $id) { kind summary record { id __typename } }
}"""
INTRODUCTION = """subscription($id: ID!) {
  introductionStatusChanged(id: $id) { fromStatus toStatus reason introduction { id status } }
}"""
PIPELINE = """subscription($projects: [ID!]) {
  projectStageChanged(projects: $projects) { fromStage toStage project { id name stage } }
}"""
LOG = """mutation($summary: String!, $people: [ID!]!) {
  createInteraction(input: {kind: MEETING, occurredAt: "2024-01-15T10:00:00+08:00",
                            summary: $summary, participants: $people}) {
    interaction { id } errors { message } } }"""
INTRODUCE = """mutation($seeker: ID!, $org: ID!) {
  createIntroduction(input: {seeker: $seeker, targetOrganization: $org, purpose: "实验室合作"}) {
    introduction { id version } errors { message } } }"""
MOVE = """mutation($id: ID!, $version: Int!, $to: IntroductionStatus!, $reason: String) {
  moveIntroduction(input: {id: $id, expectedVersion: $version, to: $to, reason: $reason}) {
    introduction { id version } errors { message } } }"""
CREATE_PROJECT = """mutation($name: String!) {
  createProject(input: {name: $name, kind: COOPERATION}) {
    project { id version } errors { message } } }"""
MOVE_PROJECT = """mutation($id: ID!, $version: Int!, $stage: ProjectStage!) {
  updateProject(input: {id: $id, expectedVersion: $version, stage: $stage}) {
    project { id version } errors { message } } }"""
CREATE_APPLICATION_SETUP = """mutation($o: ID!) {
  createPosition(input: {organization: $o, title: "研究员"}) { position { id } errors { message } }
}"""
APPLY = """mutation($p: ID!, $pos: ID!) {
  createApplication(input: {person: $p, position: $pos}) { application { id } errors { message } }
}"""
TRANSPORT_WS = Subprotocol("graphql-transport-ws")
WAIT = 10.0


@dataclass
class Live:
    """A server on a free port, its app, and an HTTP client of its own."""

    url: str
    app: Starlette
    gql: GraphQLClient

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/graphql"

    async def subscribers(self, count: int) -> None:
        """Wait until `count` subscriptions listen (they register as they start)."""
        deadline = asyncio.get_running_loop().time() + WAIT
        while self.app.state.changes.subscriber_count < count:
            assert asyncio.get_running_loop().time() < deadline, "subscription did not start"
            await asyncio.sleep(0.02)


async def serve(settings: Settings) -> AsyncIterator[Live]:
    app = create_app(settings)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, ws="websockets-sansio", log_level="warning"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        assert not task.done(), "the server did not start"
        await asyncio.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    try:
        _, token = await make_user(app.state.session_factory)
        async with httpx.AsyncClient(base_url=url, timeout=30) as http:
            yield Live(url, app, GraphQLClient(http, token))
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def live(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[Live]:
    async for server in serve(settings):
        yield server
    await _empty_tables(session_factory)


class Subscriptions:
    """One graphql-transport-ws connection."""

    def __init__(self, live: Live) -> None:
        self.live = live
        self.ws: ClientConnection | None = None

    async def __aenter__(self) -> Subscriptions:
        self.ws = await connect(self.live.ws_url, subprotocols=[TRANSPORT_WS])
        token = self.live.gql.token
        await self.send(
            {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
        )
        assert await self.receive() == {"type": "connection_ack"}
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.ws is not None
        await self.ws.close()

    async def send(self, message: dict[str, Any]) -> None:
        assert self.ws is not None
        await self.ws.send(json.dumps(message))

    async def receive(self) -> dict[str, Any]:
        assert self.ws is not None
        frame = await asyncio.wait_for(self.ws.recv(), WAIT)
        # The protocol sends text frames; browsers' graphql-ws refuses binary ones.
        assert isinstance(frame, str), f"a binary frame: {frame!r}"
        message: dict[str, Any] = json.loads(frame)
        return message

    async def subscribe(self, op: str, query: str, **variables: Any) -> None:
        payload = {"query": query, "variables": variables}
        await self.send({"id": op, "type": "subscribe", "payload": payload})

    async def next(self, op: str) -> dict[str, Any]:
        """The data of the next event of `op` (there must be no errors)."""
        message = await self.receive()
        assert message["id"] == op, message
        assert message["type"] == "next", message
        assert "errors" not in message["payload"], message
        data: dict[str, Any] = message["payload"]["data"]
        return data


async def test_a_timeline_receives_the_interaction_another_client_logs(live: Live) -> None:
    li = await create_person(live.gql, "李伟")
    wang = await create_person(live.gql, "王芳")
    async with Subscriptions(live) as ws:
        await ws.subscribe("1", TIMELINE, id=li)
        await live.subscribers(1)
        # Someone else's meeting is not on 李伟's timeline.
        await live.gql.mutate(LOG, summary="王芳 alone", people=[wang])
        logged = await live.gql.mutate(LOG, summary="AI vision follow-up", people=[li, wang])
        entry = (await ws.next("1"))["timelineEntryAdded"]
    assert entry == {
        "kind": "INTERACTION",
        "summary": "meeting: AI vision follow-up",
        "record": {"id": logged["interaction"]["id"], "__typename": "Interaction"},
    }


async def test_timelines_receive_applications_and_introduction_moves(live: Live) -> None:
    seeker = await create_person(live.gql, "陈求")
    org = await create_organization(live.gql)
    async with Subscriptions(live) as ws:
        await ws.subscribe("person", TIMELINE, id=seeker)
        await ws.subscribe("org", TIMELINE, id=org)
        await live.subscribers(2)
        intro = (await live.gql.mutate(INTRODUCE, seeker=seeker, org=org))["introduction"]
        events = [await ws.receive() for _ in range(2)]
        kinds = {e["id"]: e["payload"]["data"]["timelineEntryAdded"]["kind"] for e in events}
        assert kinds == {"person": "INTRODUCTION", "org": "INTRODUCTION"}

        await live.gql.mutate(MOVE, id=intro["id"], version=intro["version"], to="BROKER_AGREED")
        events = [await ws.receive() for _ in range(2)]
        entries = {e["id"]: e["payload"]["data"]["timelineEntryAdded"] for e in events}
        assert {e["kind"] for e in entries.values()} == {"INTRODUCTION_STATUS"}
        assert entries["person"]["summary"] == "Introduction moved to broker agreed: 实验室合作"

        position = (await live.gql.mutate(CREATE_APPLICATION_SETUP, o=org))["position"]
        application = await live.gql.mutate(APPLY, p=seeker, pos=position["id"])
        entry = (await ws.next("person"))["timelineEntryAdded"]
    assert entry["kind"] == "APPLICATION"
    assert entry["record"]["id"] == application["application"]["id"]


async def test_an_introduction_subscription_receives_each_status_move(live: Live) -> None:
    seeker = await create_person(live.gql, "陈求")
    org = await create_organization(live.gql)
    intro = (await live.gql.mutate(INTRODUCE, seeker=seeker, org=org))["introduction"]
    async with Subscriptions(live) as ws:
        await ws.subscribe("1", INTRODUCTION, id=intro["id"])
        await live.subscribers(1)
        version = intro["version"]
        for to, reason in (("BROKER_AGREED", None), ("REQUESTED", "broker on leave")):
            moved = await live.gql.mutate(
                MOVE, id=intro["id"], version=version, to=to, reason=reason
            )
            version = moved["introduction"]["version"]
        first = (await ws.next("1"))["introductionStatusChanged"]
        second = (await ws.next("1"))["introductionStatusChanged"]
    assert (first["fromStatus"], first["toStatus"]) == ("REQUESTED", "BROKER_AGREED")
    assert (second["fromStatus"], second["toStatus"]) == ("BROKER_AGREED", "REQUESTED")
    assert second["reason"] == "broker on leave"
    # The record is re-read when the event is delivered: it shows its state by then.
    assert second["introduction"] == {"id": intro["id"], "status": "REQUESTED"}


ALL_INTRODUCTIONS = """subscription {
  introductionStatusChanged { toStatus introduction { id } }
}"""


async def test_without_an_id_the_subscription_receives_every_introductions_moves(
    live: Live,
) -> None:
    seeker = await create_person(live.gql, "陈板")
    org = await create_organization(live.gql)
    one = (await live.gql.mutate(INTRODUCE, seeker=seeker, org=org))["introduction"]
    two = (await live.gql.mutate(INTRODUCE, seeker=seeker, org=org))["introduction"]
    async with Subscriptions(live) as ws:
        await ws.subscribe("board", ALL_INTRODUCTIONS)
        await live.subscribers(1)
        await live.gql.mutate(MOVE, id=one["id"], version=one["version"], to="BROKER_AGREED")
        await live.gql.mutate(
            MOVE, id=two["id"], version=two["version"], to="DECLINED", reason="target abroad"
        )
        first = (await ws.next("board"))["introductionStatusChanged"]
        second = (await ws.next("board"))["introductionStatusChanged"]
    assert (first["introduction"]["id"], first["toStatus"]) == (one["id"], "BROKER_AGREED")
    assert (second["introduction"]["id"], second["toStatus"]) == (two["id"], "DECLINED")


async def test_the_pipeline_receives_stage_changes_of_the_projects_asked_for(live: Live) -> None:
    lab = (await live.gql.mutate(CREATE_PROJECT, name="AI视觉联合实验室"))["project"]
    other = (await live.gql.mutate(CREATE_PROJECT, name="新药"))["project"]
    async with Subscriptions(live) as ws:
        await ws.subscribe("all", PIPELINE)
        await ws.subscribe("lab", PIPELINE, projects=[lab["id"]])
        await live.subscribers(2)
        await live.gql.mutate(MOVE_PROJECT, id=other["id"], version=1, stage="CONTACTED")
        await live.gql.mutate(MOVE_PROJECT, id=lab["id"], version=1, stage="NEGOTIATING")
        events = [await ws.receive() for _ in range(3)]
    seen = [
        (e["id"], e["payload"]["data"]["projectStageChanged"]["project"]["name"]) for e in events
    ]
    assert sorted(seen) == [
        ("all", "AI视觉联合实验室"),
        ("all", "新药"),
        ("lab", "AI视觉联合实验室"),
    ]
    lab_change = next(e for e in events if e["id"] == "lab")["payload"]["data"]
    assert lab_change["projectStageChanged"]["fromStage"] == "LEAD"
    assert lab_change["projectStageChanged"]["toStage"] == "NEGOTIATING"


async def test_a_rolled_back_change_is_not_delivered(
    live: Live, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    li = await create_person(live.gql, "李伟")
    async with Subscriptions(live) as ws:
        await ws.subscribe("1", TIMELINE, id=li)
        await live.subscribers(1)
        with pytest.raises(RuntimeError, match="changed my mind"):
            await _log_and_roll_back(session_factory, key(li))
        await live.gql.mutate(LOG, summary="did happen", people=[li])
        entry = (await ws.next("1"))["timelineEntryAdded"]
    # The first event is the committed meeting: the rolled-back one never came.
    assert entry["summary"] == "meeting: did happen"


async def _log_and_roll_back(
    session_factory: async_sessionmaker[AsyncSession], person_id: int
) -> None:
    """Log a meeting with its participant, flushed (so announced), then roll it back."""
    async with session_factory() as session, session.begin():
        interaction = models.Interaction(
            kind=InteractionKind.MEETING, occurred_at=utcnow(), summary="never happened"
        )
        session.add(interaction)
        await session.flush()
        assert interaction.id is not None
        session.add(
            models.InteractionParticipant(interaction_id=interaction.id, person_id=person_id)
        )
        await session.flush()
        raise RuntimeError("changed my mind")


async def test_a_connection_runs_at_most_the_configured_subscriptions(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    limited = settings.model_copy(update={"max_subscriptions_per_connection": 2})
    async for live in serve(limited):
        li = await create_person(live.gql, "李伟")
        async with Subscriptions(live) as ws:
            for op in ("1", "2", "3"):
                await ws.subscribe(op, TIMELINE, id=li)
            refused = await ws.receive()
            assert refused["id"] == "3"
            assert refused["type"] == "error"
            assert refused["payload"][0]["message"] == "Subscription limit reached"
            await live.subscribers(2)
            # The two accepted still work.
            await live.gql.mutate(LOG, summary="meeting", people=[li])
            assert {(await ws.receive())["id"] for _ in range(2)} == {"1", "2"}
    await _empty_tables(session_factory)


async def test_the_legacy_graphql_ws_protocol_is_refused(live: Live) -> None:
    async with connect(live.ws_url, subprotocols=[Subprotocol("graphql-ws")]) as ws:
        assert ws.subprotocol is None
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), WAIT)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4406


async def test_a_subscription_to_a_missing_or_wrong_record_is_an_error(live: Live) -> None:
    org = await create_organization(live.gql)
    async with Subscriptions(live) as ws:
        await ws.subscribe("wrong-type", INTRODUCTION, id=org)
        await ws.subscribe("missing", TIMELINE, id=gid("Organization", key(org) + 1000))
        received = [await ws.receive() for _ in range(4)]
    # Each ends at once: an event with the error, then `complete`.
    by_op: dict[str, list[dict[str, Any]]] = {}
    for message in received:
        by_op.setdefault(message["id"], []).append(message)
    errors = {}
    for op, (error, complete) in by_op.items():
        assert (error["type"], complete["type"]) == ("next", "complete")
        assert error["payload"]["data"] is None
        (errors[op],) = error["payload"]["errors"]
    assert errors["wrong-type"] == {
        "message": "`id` takes IDs of Introduction, not of Organization",
        "extensions": {"code": "BAD_USER_INPUT"},
    }
    assert errors["missing"] == {
        "message": "`id` names no organization that exists",
        "extensions": {"code": "BAD_USER_INPUT"},
    }


async def test_a_subscriber_that_falls_behind_is_ended_not_silently_thinned() -> None:
    subscriber = Subscriber(limit=2)
    for n in range(3):
        subscriber.offer(Change("Interaction", n))
    with pytest.raises(ChangesLostError) as lost:
        await anext(subscriber)
    assert lost.value.code == FELL_BEHIND


@pytest.mark.parametrize("payload", [{}, {"Authorization": "Bearer crm_unknown"}, {"token": ""}])
async def test_a_connection_without_a_valid_token_is_refused(
    live: Live, payload: dict[str, str]
) -> None:
    async with connect(live.ws_url, subprotocols=[TRANSPORT_WS]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), WAIT)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403


async def test_a_token_subscribes_only_to_what_it_may_read(
    live: Live, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person = await create_person(live.gql, "陈求")
    _, organisations_only = await make_user(session_factory, UserRole.APP, scopes=["Organization"])
    token = {"Authorization": f"Bearer {organisations_only}"}
    async with connect(live.ws_url, subprotocols=[TRANSPORT_WS]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": token}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        subscribe = {"query": TIMELINE, "variables": {"id": person}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": subscribe}))
        message = json.loads(await asyncio.wait_for(ws.recv(), WAIT))
    assert message["type"] == "error", message
    assert "may not read" in message["payload"][0]["message"]
