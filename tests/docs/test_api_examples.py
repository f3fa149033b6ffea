"""Every example query of docs/api.md runs against the demo data and does what it says."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from crm.app import create_app
from crm.seed.keys import CONFERENCE_NAME
from crm.settings import Settings
from tests.accounts import admin_headers
from tests.conftest import DatabaseFactory
from tests.seed.conftest import SeededDemos

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
EXAMPLE = re.compile(
    r"<!-- example: (?P<name>[\w-]+) -->\s*```graphql\n(?P<query>.*?)```"
    r"(?:\s*```json\n(?P<variables>.*?)```)?",
    re.DOTALL,
)


@dataclass(frozen=True)
class Example:
    name: str
    query: str
    variables: dict[str, Any]


def examples() -> list[Example]:
    found = [
        Example(m["name"], m["query"], json.loads(m["variables"]) if m["variables"] else {})
        for m in EXAMPLE.finditer(DOC.read_text(encoding="utf-8"))
    ]
    assert len(found) >= 10, "docs/api.md should hold at least ten examples"
    return found


class Client:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def __call__(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@pytest.fixture(scope="session")
async def docs_demos(databases: DatabaseFactory) -> AsyncIterator[SeededDemos]:
    # Its own databases: these examples write, and other tests count the demo data.
    demos = SeededDemos(databases, analysed=True)
    yield demos
    await demos.close()


@pytest.fixture
async def client(backend: str, docs_demos: SeededDemos) -> AsyncIterator[Client]:
    demo = await docs_demos.get(backend)
    app = create_app(Settings(database_url=str(demo.engine.url.render_as_string(False))))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as http:
            yield Client(http)


async def placeholders(client: Client) -> dict[str, Any]:
    """The IDs the examples refer to, looked up through the API as a client would."""
    conference = await client(
        "query($n: String!) { events(filter: {nameContains: $n, kind: [CONFERENCE]}) "
        "{ edges { node { id } } } }",
        {"n": CONFERENCE_NAME},
    )
    talents = await client(
        "{ people(first: 60, filter: {honour: [TALENT_WALL]}) { edges { node { id version } } } }"
    )
    contacted = await client(
        "{ people(first: 50, orderBy: [{field: LAST_CONTACTED_AT, direction: DESC}]) "
        "{ edges { node { id version owner { id } lastContactedAt } } } }"
    )
    park = await client(
        '{ projects(filter: {nameContains: "Zhongguancun Park"}) '
        "{ edges { node { id version } } } }"
    )
    (project,) = [e["node"] for e in park["projects"]["edges"]]
    made = await client(
        "{ introductions(first: 1, filter: {status: [MADE]}) { edges { node { id version } } } }"
    )
    (introduction,) = [e["node"] for e in made["introductions"]["edges"]]
    wall = await client('{ lists(filter: {nameContains: "人才墙"}) { edges { node { id } } } }')
    (talent_wall,) = [e["node"]["id"] for e in wall["lists"]["edges"]]
    people = [e["node"]["id"] for e in talents["people"]["edges"]]
    versions = [e["node"]["version"] for e in talents["people"]["edges"]]
    owned = [
        e["node"]
        for e in contacted["people"]["edges"]
        if e["node"]["owner"] and e["node"]["lastContactedAt"]
    ]
    return {
        "CONFERENCE": conference["events"]["edges"][0]["node"]["id"],
        "TALENT": people[0],
        "OTHER_TALENT": people[-1],
        "TALENT_VERSION": versions[0],
        "OTHER_TALENT_VERSION": versions[-1],
        "PARK_PROJECT": project["id"],
        "PARK_PROJECT_VERSION": project["version"],
        "MADE_INTRODUCTION": introduction["id"],
        "MADE_INTRODUCTION_VERSION": introduction["version"],
        # a liaison officer (a User), the owner of someone recently contacted
        "LIAISON": owned[0]["owner"]["id"],
        "TALENT_WALL_LIST": talent_wall,
    }


def substitute(value: Any, known: dict[str, Any]) -> Any:
    if isinstance(value, str) and value.startswith("$"):
        return known[value[1:]]
    if isinstance(value, list):
        return [substitute(v, known) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, known) for k, v in value.items()}
    return value


def payload(data: dict[str, Any]) -> dict[str, Any]:
    (only,) = data.values()
    result: dict[str, Any] = only
    return result


def _members(d: dict[str, Any]) -> None:
    orgs = [e["node"] for e in d["organizations"]["edges"]]
    assert orgs
    assert any(o["members"]["totalCount"] > 0 for o in orgs)


def _profile(d: dict[str, Any]) -> None:
    person = d["node"]
    assert person["name"]
    assert "TALENT_WALL" in person["honours"]
    assert person["affiliations"]["edges"], "a talent-wall talent has a degree affiliation"


def _talent_wall_list(d: dict[str, Any]) -> None:
    (wall,) = [e["node"] for e in d["lists"]["edges"]]
    assert wall["kind"] == "PERSON"
    assert wall["members"]["totalCount"] == 132
    assert wall["owner"]["username"] == "admin"
    shares = {s["user"]["username"]: s["canEdit"] for s in wall["shares"]}
    assert shares == {"liaison.fuzhou": True, "liaison.beijing": True, "analyst": False}


def _people_on_a_list(d: dict[str, Any]) -> None:
    page = d["people"]
    assert page["totalCount"] >= len(page["edges"]) > 0
    for person in (e["node"] for e in page["edges"]):
        assert person["country"] == "GB"
        assert "TALENT_WALL" in person["honours"]


def _meeting(d: dict[str, Any]) -> None:
    assert payload(d)["errors"] == []
    assert payload(d)["interaction"]["participants"]["totalCount"] == 2


def _relationship(d: dict[str, Any]) -> None:
    assert payload(d)["errors"] == []
    assert payload(d)["relationship"]["kind"] == "FRIEND"


def _project(d: dict[str, Any]) -> None:
    result = payload(d)
    assert result["errors"] == []
    assert result["project"]["stage"] == "PRELIMINARY_INTENTION"
    newest = result["project"]["stageHistory"]["edges"][0]["node"]
    assert newest["reason"] == "terms agreed in principle"


def _introduction(d: dict[str, Any]) -> None:
    result = payload(d)
    assert result["errors"] == []
    assert result["introduction"]["status"] == "OUTCOME"
    made, outcome = (e["node"] for e in result["introduction"]["history"]["edges"])
    assert (made["fromStatus"], made["toStatus"]) == (None, "MADE")  # the seeded history
    assert (outcome["fromStatus"], outcome["toStatus"]) == ("MADE", "OUTCOME")
    assert outcome["reason"] == "offer accepted after the talent session"


def _follow_ups(d: dict[str, Any]) -> None:
    page = d["followUpsDue"]
    items = [e["node"] for e in page["edges"]]
    assert page["totalCount"] > len(items) == 10  # the demo's liaison has many due
    dues = [item["dueAt"] for item in items]
    assert dues == sorted(dues, key=datetime.fromisoformat)  # most overdue first
    last = datetime.fromisoformat("2026-12-06T23:59:59+08:00")
    assert all(datetime.fromisoformat(due) <= last for due in dues)
    assert len({item["owner"]["displayName"] for item in items}) == 1  # one liaison's
    for item in items:
        contacted = item["lastContactedAt"]
        assert contacted is not None  # the demo's cadences all come with contacts
        cadence = timedelta(days=item["contactCadenceDays"])
        assert datetime.fromisoformat(contacted) + cadence == datetime.fromisoformat(item["dueAt"])
        assert item["daysOverdue"] >= 0


def _page(d: dict[str, Any]) -> None:
    page = d["organizations"]
    assert page["totalCount"] > len(page["edges"]) > 0
    assert page["pageInfo"]["hasNextPage"]


def _nodes(d: dict[str, Any]) -> None:
    person, event = d["nodes"]
    assert person["name"]
    assert event["startsOn"] == "2023-12-21"


def _conflict(d: dict[str, Any]) -> None:
    result = payload(d)
    assert result["person"] is None
    (error,) = result["errors"]
    assert error["code"] == "CONFLICT"
    assert error["currentVersion"] >= 1


def _academicians(d: dict[str, Any]) -> None:
    assert d["people"]["totalCount"] == 47


def _conference(d: dict[str, Any]) -> None:
    event = d["node"]
    assert event["attendees"]["totalCount"] == 1023
    sessions = [e["node"] for e in event["sessions"]["edges"]]
    assert {s["kind"] for s in sessions} >= {"SESSION", "ONLINE_CAMPAIGN"}
    # the 9 signed agreements and 17 intentions were made at the sessions
    agreements = event["agreements"]["totalCount"]
    agreements += sum(s["agreements"]["totalCount"] for s in sessions)
    assert agreements >= 26


def _report(d: dict[str, Any]) -> None:
    report = d["eventReport"]
    assert report["guests"]["total"] == 1023
    assert report["guests"]["academicians"] == 47
    assert report["projects"]["projectLeads"] == 85
    assert (report["agreements"]["signed"], report["agreements"]["preliminaryIntentions"]) == (
        9,
        17,
    )
    assert report["employment"]["employersOffering"] == 1000
    assert report["recruitment"]["talentsWithPreliminaryIntentions"] == 1480


def _agreements(d: dict[str, Any]) -> None:
    page = d["agreements"]
    assert page["totalCount"] == 26  # 9 signed and 17 preliminary intentions
    total = sum(Decimal(e["node"]["amount"]) for e in page["edges"])
    assert Decimal("7.019e9") <= total < Decimal("7.020e9")


def _positions(d: dict[str, Any]) -> None:
    assert d["positions"]["totalCount"] > 500


def _stats(d: dict[str, Any]) -> None:
    counts = {c["type"]: c["count"] for c in d["networkStats"]["nodeCounts"]}
    assert counts["person"] > 1_000
    graph = d["networkStats"]["graph"]
    assert graph["nodes"] > counts["person"]
    assert graph["largestComponent"] > graph["nodes"] // 2
    assert d["networkStats"]["analysis"]["computedAt"] is not None


def _paths(d: dict[str, Any]) -> None:
    paths = d["introductionPaths"]
    assert 1 <= len(paths) <= 3
    assert [p["strength"] for p in paths] == sorted((p["strength"] for p in paths), reverse=True)
    assert all(len(p["hops"]) <= 4 and all(h["evidence"] for h in p["hops"]) for p in paths)


def _connectors(d: dict[str, Any]) -> None:
    items = d["connectors"]["items"]
    assert len(items) == 5
    assert d["connectors"]["analysis"]["computedAt"] is not None  # earlier examples write
    assert items[0]["betweenness"] >= items[-1]["betweenness"] > 0
    assert d["singlePointsOfFailure"]["cutPoints"]


def _influencers(d: dict[str, Any]) -> None:
    items = d["influencers"]["items"]
    assert len(items) == 5
    assert all(i["person"]["country"] == "US" for i in items)


def _communities(d: dict[str, Any]) -> None:
    found = d["communities"]
    assert found["totalCount"] > 3
    sizes = [c["size"] for c in found["items"]]
    assert sizes == sorted(sizes, reverse=True)
    assert all(c["leadingMembers"] for c in found["items"])
    # the largest communities of the demo network reach the rest through someone
    assert all(c["brokers"] for c in found["items"])
    for community in found["items"]:
        scores = [b["betweenness"] for b in community["brokers"]]
        assert scores == sorted(scores, reverse=True)
        assert any(len(b["bridgedCommunities"]) > 1 for b in community["brokers"])


def _suggestions(d: dict[str, Any]) -> None:
    assert d["suggestedIntroductions"]
    assert all(s["reason"] for s in d["suggestedIntroductions"])
    ego = d["egoNetwork"]
    assert ego["nodes"][0]["distance"] == 0
    assert len(ego["nodes"]) > 1
    assert ego["edges"]


def _by_pagerank(d: dict[str, Any]) -> None:
    assert len(d["people"]["edges"]) == 5


def _pipeline(d: dict[str, Any]) -> None:
    stages = {s["stage"]: s for s in d["projectPipeline"]["stages"]}
    assert next(iter(stages)) == "LEAD"
    assert len(stages) == 8
    assert stages["SIGNED"]["projects"] == 9
    (signed,) = stages["SIGNED"]["signedAmounts"]
    assert signed["currency"] == "CNY"
    assert Decimal(signed["amount"]) > 0
    assert d["projectPipeline"]["projects"] == sum(s["projects"] for s in stages.values())


def _funnel(d: dict[str, Any]) -> None:
    funnel = d["applicationFunnel"]
    first = funnel["stages"][0]
    assert first["stage"] == "SUBMITTED"
    assert first["reached"] == funnel["applications"] > 0
    reached = [s["reached"] for s in funnel["stages"][:5]]
    assert reached == sorted(reached, reverse=True)


def _funds(d: dict[str, Any]) -> None:
    (fund,) = d["fundCommitments"]["funds"]
    assert Decimal(fund["target"]["amount"]) == 10**10
    assert 0 < fund["shareInPlace"] < 1
    assert fund["investmentAgreements"] == 1


def _dashboard(d: dict[str, Any]) -> None:
    board = d["dashboard"]
    people = board["totals"]["people"]
    assert people > 1_000
    by_country = board["peopleByCountry"]
    assert len(by_country["items"]) == 5
    # every person counts once: under a top country, the others, or unknown
    counted = sum(i["count"] for i in by_country["items"])
    assert counted + by_country["others"] + by_country["unknown"] == people
    # the months the demo's records cover (2023–2024), not the twelve up to today
    months = [m["month"] for m in board["activity"]]
    # (the examples that write, run before, add this month)
    assert months[0] == "2023-01"
    assert months[-1] >= "2024-12"
    assert sum(m["newPeople"] for m in board["activity"]) == people  # added in 2023
    assert sum(m["interactions"] for m in board["activity"]) == board["totals"]["interactions"]


def _search_acronym(d: dict[str, Any]) -> None:
    top = d["search"][0]
    assert top["match"] == "EXACT"
    assert top["record"] == {"__typename": "Organization", "name": "中华全国归国华侨联合会"}


def _search_surname(d: dict[str, Any]) -> None:
    hits = d["search"]
    assert len(hits) == 5
    # Tan is the Hokkien and Teochew spelling of 陈.
    assert all(h["record"]["name"][0] in "陈陳" for h in hits)
    assert all(h["match"] == "EXACT" for h in hits)


def _search_whole_name(d: dict[str, Any]) -> None:
    top = d["search"][0]
    # 陈顺建 (on file as "Chen Shunjian") in Hokkien: 顺 sūn "Soon", 建 kiàn "Kian".
    assert top["record"]["name"] == "陈顺建"
    assert (top["match"], top["keyKind"]) == ("EXACT", "FULL")
    assert "陈 sun-kian (Hokkien" in top["matched"]


def _duplicates(d: dict[str, Any]) -> None:
    pairs = d["duplicateCandidates"]
    assert pairs
    scores = [p["score"] for p in pairs]
    assert scores == sorted(scores, reverse=True)
    assert min(scores) >= 0.75
    assert all(p["reasons"] for p in pairs)


def _merge_preview(d: dict[str, Any]) -> None:
    result = payload(d)
    assert result["errors"] == []
    assert result["summary"]["preview"] is True
    assert result["summary"]["links"], "a talent-wall talent has links to move"


def _export(d: dict[str, Any]) -> None:
    result = d["exportPersonData"]
    assert result["errors"] == []
    data = result["data"]
    assert data["person"]["name"]
    assert data["affiliations"], "a talent-wall talent has a degree affiliation"
    assert {"relationships", "introductions", "interactions", "consents"} <= set(data)


CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "alumni-association-members": _members,
    "person-profile": _profile,
    "talent-wall-list": _talent_wall_list,
    "people-on-a-list": _people_on_a_list,
    "log-a-meeting": _meeting,
    "introduction-paths": _paths,
    "connectors": _connectors,
    "influencers": _influencers,
    "communities": _communities,
    "suggestions-and-ego-network": _suggestions,
    "people-by-pagerank": _by_pagerank,
    "record-a-relationship": _relationship,
    "move-a-project": _project,
    "move-an-introduction": _introduction,
    "follow-ups-due": _follow_ups,
    "page-through-associations": _page,
    "fetch-by-ids": _nodes,
    "stale-update-conflict": _conflict,
    "academicians-at-the-conference": _academicians,
    "conference-at-a-glance": _conference,
    "event-report": _report,
    "cooperation-agreements": _agreements,
    "flexible-positions": _positions,
    "network-stats": _stats,
    "project-pipeline": _pipeline,
    "application-funnel": _funnel,
    "fund-commitments": _funds,
    "dashboard": _dashboard,
    "search-by-acronym": _search_acronym,
    "search-by-dialect-surname": _search_surname,
    "search-by-whole-name-in-hokkien": _search_whole_name,
    "duplicate-candidates": _duplicates,
    "merge-preview": _merge_preview,
    "export-person-data": _export,
}


def test_every_example_has_a_check() -> None:
    assert {e.name for e in examples()} == set(CHECKS)


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.name)
async def test_example(client: Client, example: Example) -> None:
    known = await placeholders(client)
    data = await client(example.query, substitute(example.variables, known))
    CHECKS[example.name](data)
    if example.name == "page-through-associations":
        first = data["organizations"]
        after = first["pageInfo"]["endCursor"]
        second = (await client(example.query, {"after": after}))["organizations"]
        ids = {e["node"]["id"] for e in first["edges"]}
        assert ids.isdisjoint(e["node"]["id"] for e in second["edges"])
