"""The introduction workflow through GraphQL: moves, refusals, history, timelines,
concurrency, and what a made introduction does to the network."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.api.conftest import GraphQLClient
from tests.api.test_introduction import (
    create,
    create_event,
    create_organization,
    create_person,
    gid,
)

FIELDS = """id version status statusChangedAt outcomeNote
  outcomeApplication { id } outcomeProject { id name } outcomeAgreement { id title }
  history { totalCount edges { node {
    id fromStatus toStatus changedAt reason changedBy { id username } introduction { id } } } }"""
MOVE = f"""
mutation($input: MoveIntroductionInput!) {{
  moveIntroduction(input: $input) {{
    introduction {{ {FIELDS} }}
    errors {{ field message code currentVersion }}
  }}
}}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Introduction {{ {FIELDS} }} }} }}"
PERSON_TIMELINE = """query($id: ID!) { node(id: $id) { ... on Person {
  timeline { edges { node { kind summary record { id __typename } } } } } } }"""
ORGANIZATION_TIMELINE = """query($id: ID!) { node(id: $id) { ... on Organization {
  timeline { edges { node { kind summary record { id __typename } } } } } } }"""

#: the moves the workflow allows out of each status, and whether they need a reason
#: (written out here, independently of the code under test)
ALLOWED: dict[str, dict[str, bool]] = {
    "REQUESTED": {"BROKER_AGREED": False, "DECLINED": True, "WITHDRAWN": True},
    "BROKER_AGREED": {
        "TARGET_AGREED": False,
        "REQUESTED": True,
        "DECLINED": True,
        "WITHDRAWN": True,
    },
    "TARGET_AGREED": {
        "MADE": False,
        "BROKER_AGREED": True,
        "DECLINED": True,
        "WITHDRAWN": True,
    },
    "MADE": {"OUTCOME": False, "TARGET_AGREED": True, "DECLINED": True, "WITHDRAWN": True},
    "OUTCOME": {"MADE": True},
    # reopened to the step they were closed from (see `reach` below)
    "DECLINED": {"REQUESTED": True},
    "WITHDRAWN": {"BROKER_AGREED": True},
}
STATUSES = list(ALLOWED)
#: how each status is reached from a new introduction
PATHS: dict[str, list[dict[str, Any]]] = {
    "REQUESTED": [],
    "BROKER_AGREED": [{"to": "BROKER_AGREED"}],
    "TARGET_AGREED": [{"to": "BROKER_AGREED"}, {"to": "TARGET_AGREED"}],
    "MADE": [{"to": "BROKER_AGREED"}, {"to": "TARGET_AGREED"}, {"to": "MADE"}],
    "OUTCOME": [
        {"to": "BROKER_AGREED"},
        {"to": "TARGET_AGREED"},
        {"to": "MADE"},
        {"to": "OUTCOME", "outcomeNote": "signed with the lab"},
    ],
    "DECLINED": [{"to": "DECLINED", "reason": "the broker does not know the target well"}],
    "WITHDRAWN": [{"to": "BROKER_AGREED"}, {"to": "WITHDRAWN", "reason": "found a job"}],
}


@pytest.fixture
async def cast(gql: GraphQLClient) -> dict[str, str]:
    return {
        "seeker": await create_person(gql, "陈求"),
        "target": await create_person(gql, "林标"),
        "broker": await create_person(gql, "王介"),
        "other": await create_person(gql, "赵他"),
        "org": await create_organization(gql),
        "event": await create_event(gql),
    }


async def new_introduction(gql: GraphQLClient, cast: dict[str, str], **fields: Any) -> str:
    defaults = {
        "seeker": cast["seeker"],
        "targetPerson": cast["target"],
        "broker": cast["broker"],
        "purpose": "合作研发",
    }
    intro = await create(gql, **(defaults | fields))
    return str(intro["id"])


async def move(gql: GraphQLClient, intro: str, **fields: Any) -> dict[str, Any]:
    """A move that must succeed, at the introduction's current version."""
    version = (await node(gql, intro))["version"]
    payload = await gql.mutate(MOVE, input={"id": intro, "expectedVersion": version, **fields})
    result: dict[str, Any] = payload["introduction"]
    return result


async def refused(gql: GraphQLClient, intro: str, **fields: Any) -> dict[tuple[str, ...], str]:
    """A move that must be refused: its errors by field, after checking nothing changed."""
    before = await node(gql, intro)
    data = await gql(MOVE, input={"id": intro, "expectedVersion": before["version"], **fields})
    payload = data["moveIntroduction"]
    assert payload["introduction"] is None
    assert payload["errors"]
    assert await node(gql, intro) == before
    return {tuple(e["field"]): e["code"] for e in payload["errors"]}


async def node(gql: GraphQLClient, intro: str) -> dict[str, Any]:
    result: dict[str, Any] = (await gql(NODE, id=intro))["node"]
    return result


def moves(intro: dict[str, Any]) -> list[tuple[str | None, str, str | None]]:
    return [
        (e["node"]["fromStatus"], e["node"]["toStatus"], e["node"]["reason"])
        for e in intro["history"]["edges"]
    ]


async def reach(gql: GraphQLClient, cast: dict[str, str], status: str) -> str:
    intro = await new_introduction(gql, cast)
    for step in PATHS[status]:
        await move(gql, intro, **step)
    assert (await node(gql, intro))["status"] == status
    return intro


async def test_happy_path_from_request_to_outcome(gql: GraphQLClient, cast: dict[str, str]) -> None:
    application = await _application(gql, cast["seeker"])
    project = await _project(gql)
    agreement = await _agreement(gql)
    intro = await new_introduction(gql, cast)
    created = await node(gql, intro)
    assert (created["status"], created["version"]) == ("REQUESTED", 1)
    assert moves(created) == [(None, "REQUESTED", None)]

    previous = created["statusChangedAt"]
    for version, to in enumerate(("BROKER_AGREED", "TARGET_AGREED", "MADE"), start=2):
        moved = await move(gql, intro, to=to)
        assert (moved["status"], moved["version"]) == (to, version)
        assert moved["statusChangedAt"] > previous
        previous = moved["statusChangedAt"]

    done = await move(
        gql,
        intro,
        to="OUTCOME",
        reason="hired after the meeting",
        outcomeApplication=application,
        outcomeProject=project,
        outcomeAgreement=agreement,
        outcomeNote="  joined the lab  ",
    )
    assert (done["status"], done["version"], done["outcomeNote"]) == (
        "OUTCOME",
        5,
        "joined the lab",
    )
    assert done["outcomeApplication"] == {"id": application}
    assert done["outcomeProject"]["id"] == project
    assert done["outcomeAgreement"]["id"] == agreement
    assert moves(done) == [
        (None, "REQUESTED", None),
        ("REQUESTED", "BROKER_AGREED", None),
        ("BROKER_AGREED", "TARGET_AGREED", None),
        ("TARGET_AGREED", "MADE", None),
        ("MADE", "OUTCOME", "hired after the meeting"),
    ]
    history = [e["node"] for e in done["history"]["edges"]]
    assert history[-1]["changedAt"] == done["statusChangedAt"]  # one moment for both
    assert [h["changedAt"] for h in history] == sorted(h["changedAt"] for h in history)
    # Every move is attributed to the signed-in staff user who made it.
    assert {h["changedBy"]["username"][:6] for h in history} == {"admin-"}
    assert all(h["introduction"]["id"] == intro for h in history)
    assert done["history"]["totalCount"] == 5


@pytest.mark.parametrize("status", STATUSES)
async def test_every_illegal_transition_is_refused_and_changes_nothing(
    gql: GraphQLClient, cast: dict[str, str], status: str
) -> None:
    intro = await reach(gql, cast, status)
    for to in STATUSES:
        if to in ALLOWED[status]:
            continue
        fields: dict[str, Any] = {"to": to, "reason": "because"}
        if to == "OUTCOME":
            fields["outcomeNote"] = "something came of it"
        errors = await refused(gql, intro, **fields)
        assert errors == {("to",): "INVALID_TRANSITION"}, (status, to)
    # and the allowed ones (with their reasons) are not refused
    for to, needs_reason in ALLOWED[status].items():
        fields = {"to": to, "reason": "because"} if needs_reason else {"to": to}
        if to == "OUTCOME":
            fields["outcomeNote"] = "something came of it"
        if needs_reason:
            errors = await refused(gql, intro, to=to)
            assert errors == {("reason",): "VALIDATION"}, (status, to)
        moved = await move(gql, intro, **fields)
        assert moved["status"] == to
        back = {"outcomeNote": "again"} if status == "OUTCOME" else {}
        await move(gql, intro, to=status, reason="undo the test move", **back)
        assert (await node(gql, intro))["status"] == status


async def test_the_message_says_what_is_possible(gql: GraphQLClient, cast: dict[str, str]) -> None:
    intro = await new_introduction(gql, cast)
    data = await gql(MOVE, input={"id": intro, "expectedVersion": 1, "to": "MADE"})
    (error,) = data["moveIntroduction"]["errors"]
    assert error["code"] == "INVALID_TRANSITION"
    assert "REQUESTED to MADE" in error["message"]
    assert "BROKER_AGREED" in error["message"]
    data = await gql(MOVE, input={"id": intro, "expectedVersion": 1, "to": "REQUESTED"})
    (error,) = data["moveIntroduction"]["errors"]
    assert (error["code"], error["message"]) == (
        "INVALID_TRANSITION",
        "the introduction is already REQUESTED",
    )


@pytest.mark.parametrize("end", ["DECLINED", "WITHDRAWN"])
async def test_decline_and_withdraw_need_a_reason(
    gql: GraphQLClient, cast: dict[str, str], end: str
) -> None:
    intro = await reach(gql, cast, "TARGET_AGREED")
    assert await refused(gql, intro, to=end) == {("reason",): "VALIDATION"}
    assert await refused(gql, intro, to=end, reason="   ") == {("reason",): "VALIDATION"}
    closed = await move(gql, intro, to=end, reason=" 对方暂无意向 ")
    assert closed["status"] == end
    assert moves(closed)[-1] == ("TARGET_AGREED", end, "对方暂无意向")
    # closed: reopened only to the step it was closed from, with a reason
    assert await refused(gql, intro, to="REQUESTED", reason="try again") == {
        ("to",): "INVALID_TRANSITION"
    }
    assert await refused(gql, intro, to="TARGET_AGREED") == {("reason",): "VALIDATION"}
    reopened = await move(gql, intro, to="TARGET_AGREED", reason="the target changed its mind")
    assert moves(reopened)[-1] == (end, "TARGET_AGREED", "the target changed its mind")


async def test_going_back_one_step_needs_a_reason(gql: GraphQLClient, cast: dict[str, str]) -> None:
    intro = await reach(gql, cast, "MADE")
    assert await refused(gql, intro, to="TARGET_AGREED") == {("reason",): "VALIDATION"}
    assert await refused(gql, intro, to="BROKER_AGREED", reason="two back") == {
        ("to",): "INVALID_TRANSITION"
    }
    back = await move(gql, intro, to="TARGET_AGREED", reason="the meeting was postponed")
    assert moves(back)[-1] == ("MADE", "TARGET_AGREED", "the meeting was postponed")


async def test_outcome_says_what_came_of_it_with_valid_links(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    intro = await reach(gql, cast, "MADE")
    assert await refused(gql, intro, to="OUTCOME") == {("outcomeNote",): "VALIDATION"}
    theirs = await _application(gql, cast["other"])
    assert await refused(gql, intro, to="OUTCOME", outcomeApplication=theirs) == {
        ("outcomeApplication",): "VALIDATION"
    }
    errors = await refused(
        gql,
        intro,
        to="OUTCOME",
        outcomeProject=gid("Project", 999_999),
        outcomeAgreement=cast["event"],
    )
    assert errors == {("outcomeAgreement",): "VALIDATION"}
    errors = await refused(gql, intro, to="OUTCOME", outcomeProject=gid("Project", 999_999))
    assert errors == {("outcomeProject",): "NOT_FOUND"}
    # outcome links belong to the move to OUTCOME only
    back = {"to": "TARGET_AGREED", "reason": "postponed"}
    assert await refused(gql, intro, **back, outcomeNote="x") == {("outcomeNote",): "VALIDATION"}
    project = await _project(gql)
    done = await move(gql, intro, to="OUTCOME", outcomeProject=project)
    assert (done["status"], done["outcomeProject"]["id"], done["outcomeNote"]) == (
        "OUTCOME",
        project,
        None,
    )
    # reopened to MADE, the links stay; closing again needs nothing new
    await move(gql, intro, to="MADE", reason="a second project is in talks")
    again = await move(gql, intro, to="OUTCOME", outcomeNote="and a second one")
    assert again["outcomeProject"]["id"] == project
    assert [m[:2] for m in moves(again)][-3:] == [
        ("MADE", "OUTCOME"),
        ("OUTCOME", "MADE"),
        ("MADE", "OUTCOME"),
    ]


async def test_stale_version_and_unknown_introduction(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    intro = await reach(gql, cast, "BROKER_AGREED")
    data = await gql(MOVE, input={"id": intro, "expectedVersion": 1, "to": "TARGET_AGREED"})
    (error,) = data["moveIntroduction"]["errors"]
    assert (error["code"], error["currentVersion"], error["field"]) == (
        "CONFLICT",
        2,
        ["expectedVersion"],
    )
    assert (await node(gql, intro))["status"] == "BROKER_AGREED"
    data = await gql(
        MOVE,
        input={"id": gid("Introduction", 999_999), "expectedVersion": 1, "to": "BROKER_AGREED"},
    )
    assert [e["code"] for e in data["moveIntroduction"]["errors"]] == ["NOT_FOUND"]
    data = await gql(MOVE, input={"id": cast["seeker"], "expectedVersion": 1, "to": "MADE"})
    assert [e["field"] for e in data["moveIntroduction"]["errors"]] == [["id"]]


async def test_concurrent_moves_exactly_one_wins(gql: GraphQLClient, cast: dict[str, str]) -> None:
    for _ in range(3):
        intro = await new_introduction(gql, cast)
        rivals = [
            {"id": intro, "expectedVersion": 1, "to": "BROKER_AGREED"},
            {"id": intro, "expectedVersion": 1, "to": "DECLINED", "reason": "no time"},
        ]
        results = await asyncio.gather(*(gql(MOVE, input=r) for r in rivals))
        payloads = [r["moveIntroduction"] for r in results]
        winners = [p for p in payloads if not p["errors"]]
        losers = [p for p in payloads if p["errors"]]
        assert len(winners) == len(losers) == 1, payloads
        assert [e["code"] for e in losers[0]["errors"]] == ["CONFLICT"]
        assert losers[0]["introduction"] is None
        now = await node(gql, intro)
        assert (now["status"], now["version"]) == (winners[0]["introduction"]["status"], 2)
        assert len(moves(now)) == 2


async def test_status_changes_are_on_every_partys_timeline(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    to_person = await reach(gql, cast, "DECLINED")
    to_org = await new_introduction(
        gql, cast, targetPerson=None, targetOrganization=cast["org"], purpose="园区落户"
    )
    await move(gql, to_org, to="BROKER_AGREED")

    async def entries(query: str, owner: str) -> list[tuple[str, str, str]]:
        data = await gql(query, id=owner)
        return [
            (e["node"]["kind"], e["node"]["summary"], e["node"]["record"]["__typename"])
            for e in data["node"]["timeline"]["edges"]
        ]

    declined = (
        "INTRODUCTION_STATUS",
        "Introduction moved to declined: 合作研发",
        "IntroductionStatusChange",
    )
    requested = ("INTRODUCTION", "Introduction requested: 合作研发", "Introduction")
    assert await entries(PERSON_TIMELINE, cast["target"]) == [declined, requested]
    for party in ("seeker", "broker"):  # both in both introductions
        assert await entries(PERSON_TIMELINE, cast[party]) == [
            (
                "INTRODUCTION_STATUS",
                "Introduction moved to broker agreed: 园区落户",
                "IntroductionStatusChange",
            ),
            ("INTRODUCTION", "Introduction requested: 园区落户", "Introduction"),
            declined,
            requested,
        ]
    assert await entries(ORGANIZATION_TIMELINE, cast["org"]) == [
        (
            "INTRODUCTION_STATUS",
            "Introduction moved to broker agreed: 园区落户",
            "IntroductionStatusChange",
        ),
        ("INTRODUCTION", "Introduction requested: 园区落户", "Introduction"),
    ]
    data = await gql(PERSON_TIMELINE, id=cast["target"])
    entry, request = (e["node"]["record"] for e in data["node"]["timeline"]["edges"])
    history = (await node(gql, to_person))["history"]["edges"]
    assert (entry["id"], request["id"]) == (history[-1]["node"]["id"], to_person)


GRAPH = """query($from: ID!, $to: ID!) {
  networkStats { graphRevision }
  introductionPaths(from: $from, to: $to, first: 1, maxHops: 2) {
    hops { from { id } to { id } kind } }
  egoNetwork(id: $from) { nodes { node { id } } }
}"""


async def test_a_made_introduction_moves_the_graph_and_ties_seeker_and_target(
    gql: GraphQLClient, cast: dict[str, str]
) -> None:
    intro = await reach(gql, cast, "TARGET_AGREED")
    before = await gql(GRAPH, **{"from": cast["seeker"], "to": cast["target"]})
    assert before["introductionPaths"] == []
    await move(gql, intro, to="MADE")
    after = await gql(GRAPH, **{"from": cast["seeker"], "to": cast["target"]})
    assert after["networkStats"]["graphRevision"] > before["networkStats"]["graphRevision"]
    (path,) = after["introductionPaths"]
    assert path["hops"] == [
        {"from": {"id": cast["seeker"]}, "to": {"id": cast["target"]}, "kind": "introduction"}
    ]
    ego = {n["node"]["id"] for n in after["egoNetwork"]["nodes"]}
    assert cast["target"] in ego
    # declined after it was made: the tie is gone again
    await move(gql, intro, to="DECLINED", reason="the target withdrew the offer")
    gone = await gql(GRAPH, **{"from": cast["seeker"], "to": cast["target"]})
    assert gone["networkStats"]["graphRevision"] > after["networkStats"]["graphRevision"]
    assert gone["introductionPaths"] == []


async def _application(gql: GraphQLClient, person: str) -> str:
    org = await create_organization(gql, "之江实验室")
    position = await gql.mutate(
        """mutation($o: ID!) { createPosition(input: {organization: $o, title: "研究员"}) {
          position { id } errors { code } } }""",
        o=org,
    )
    application = await gql.mutate(
        """mutation($p: ID!, $pos: ID!) { createApplication(input: {person: $p, position: $pos}) {
          application { id } errors { code } } }""",
        p=person,
        pos=position["position"]["id"],
    )
    return str(application["application"]["id"])


async def _project(gql: GraphQLClient) -> str:
    data = await gql.mutate(
        """mutation { createProject(input: {name: "AI视觉联合实验室", kind: COOPERATION}) {
          project { id } errors { code } } }"""
    )
    return str(data["project"]["id"])


async def _agreement(gql: GraphQLClient) -> str:
    data = await gql.mutate(
        """mutation { createAgreement(input: {title: "合作协议", kind: COOPERATION}) {
          agreement { id } errors { code } } }"""
    )
    return str(data["agreement"]["id"])
