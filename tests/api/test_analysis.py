"""The analysis contract through GraphQL, on a barbell network: two tight groups of
friends joined by one person, who is the top connector and a single point of failure."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import AffiliationRole, RelationshipKind
from crm.network.analyze import analyze
from tests import factories
from tests.api.conftest import GraphQLClient


def gid(type_name: str, key: int | None) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


@dataclass
class Barbell:
    a: list[str]
    b: list[str]
    bridge: str
    y: str
    club: str
    labels: dict[str, str]


@pytest.fixture
async def barbell(gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]) -> Barbell:
    """Groups A (a0–a3) and B (b0–b3) of friends; X is a friend of a0 and b0; a3 and
    b3 belong to the same small club, so they are two hops apart by that too; Y hangs
    on X alone, and Z on Y: X is the only way to them."""
    async with session_factory() as session, session.begin():
        people = {
            name: await factories.person(session, name=name, country=country, expertise=[field])
            for name, country, field in [
                *((f"a{i}", "GB", "physics") for i in range(4)),
                *((f"b{i}", "US", "finance") for i in range(4)),
                ("X", "SG", "law"),
                ("Y", "SG", "law"),
                ("Z", "SG", "law"),
            ]
        }
        club = await factories.organization(session, name="剑桥华人俱乐部")

        def friends(x: str, y: str) -> models.Relationship:
            p, q = sorted((people[x].id or 0, people[y].id or 0))
            return models.Relationship(
                person_a_id=p, person_b_id=q, kind=RelationshipKind.FRIEND, strength=0.8
            )

        for group in ("a", "b"):
            for i in range(4):
                for j in range(i + 1, 4):
                    session.add(friends(f"{group}{i}", f"{group}{j}"))
        session.add(friends("X", "a0"))
        session.add(friends("X", "b0"))
        session.add(friends("X", "Y"))
        session.add(friends("Y", "Z"))
        for name in ("a3", "b3"):
            session.add(
                models.Affiliation(
                    person_id=people[name].id, organization_id=club.id, role=AffiliationRole.MEMBER
                )
            )
    ids = {name: gid("Person", p.id) for name, p in people.items()}
    return Barbell(
        a=[ids[f"a{i}"] for i in range(4)],
        b=[ids[f"b{i}"] for i in range(4)],
        bridge=ids["X"],
        y=ids["Y"],
        club=gid("Organization", club.id),
        labels={v: k for k, v in ids.items()},
    )


@pytest.fixture
async def analysed(barbell: Barbell, session_factory: async_sessionmaker[AsyncSession]) -> Barbell:
    await analyze(session_factory)
    return barbell


async def _bad_input(gql: GraphQLClient, query: str, **variables: Any) -> str:
    body = await gql.execute(query, **variables)
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    message: str = error["message"]
    return message


PATHS = """
query ($from: ID!, $to: ID!, $first: Int, $maxHops: Int, $avoid: [ID!]) {
  introductionPaths(from: $from, to: $to, first: $first, maxHops: $maxHops, avoid: $avoid) {
    strength cost
    hops { from { id label type } to { id label type node { id } } kind strength evidence }
  }
}"""


async def test_paths_cross_the_bridge_best_first_with_evidence(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    paths = (await gql(PATHS, **{"from": barbell.a[1], "to": barbell.b[1], "first": 3}))[
        "introductionPaths"
    ]
    assert paths
    best = paths[0]
    assert [barbell.labels.get(h["to"]["id"]) for h in best["hops"]] == ["a0", "X", "b0", "b1"]
    assert all(h["kind"] == "relationship" for h in best["hops"])
    assert best["hops"][0]["evidence"]
    assert best["hops"][0]["to"]["node"]["id"] == barbell.a[0]
    costs = [p["cost"] for p in paths]
    assert costs == sorted(costs)
    assert len({tuple(h["to"]["id"] for h in p["hops"]) for p in paths}) == len(paths)


async def test_paths_respect_avoid_and_max_hops_and_are_empty_when_none(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    via_club = (
        await gql(PATHS, **{"from": barbell.a[1], "to": barbell.b[1], "avoid": [barbell.bridge]})
    )["introductionPaths"]
    for path in via_club:
        assert barbell.bridge not in {h["to"]["id"] for h in path["hops"]}
        assert any(h["to"]["id"] == barbell.club for h in path["hops"])
    blocked = await gql(
        PATHS,
        **{"from": barbell.a[1], "to": barbell.b[1], "avoid": [barbell.bridge, barbell.club]},
    )
    assert blocked["introductionPaths"] == []
    short = await gql(PATHS, **{"from": barbell.a[1], "to": barbell.b[1], "maxHops": 2})
    assert short["introductionPaths"] == []
    unknown = await gql(PATHS, **{"from": barbell.a[1], "to": gid("Person", 999_999)})
    assert unknown["introductionPaths"] == []


async def test_a_path_to_an_organisation_reaches_it_through_a_member(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    paths = (await gql(PATHS, **{"from": barbell.a[0], "to": barbell.club}))["introductionPaths"]
    assert paths
    last = paths[0]["hops"][-1]
    assert last["to"]["type"] == "ORGANIZATION"
    assert last["kind"] == "affiliation"


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"first": 0}, "`first` must be between 1 and 10"),
        ({"maxHops": 7}, "`maxHops` must be between 1 and 6"),
        ({"to": "T3JnYW5pemF0aW9uOg=="}, "invalid ID"),
    ],
)
async def test_bad_path_arguments_are_clear_errors(
    gql: GraphQLClient, barbell: Barbell, variables: dict[str, Any], expected: str
) -> None:
    arguments = {"from": barbell.a[0], "to": barbell.b[0], **variables}
    assert expected in await _bad_input(gql, PATHS, **arguments)


async def test_a_path_from_an_organisation_is_refused(gql: GraphQLClient, barbell: Barbell) -> None:
    message = await _bad_input(gql, PATHS, **{"from": barbell.club, "to": barbell.b[0]})
    assert "`from` takes IDs of Person" in message


RANKINGS = """
query ($filter: NetworkFilter) {
  connectors(first: 3, filter: $filter) {
    analysis { computedAt metricsRevision currentRevision stale }
    items { rank betweenness constraint effectiveSize community bridgedCommunities person { id } }
  }
  influencers(metric: BETWEENNESS, first: 3, filter: $filter) {
    metric items { rank score person { id } }
  }
  singlePointsOfFailure {
    cutPoints { person { id } cutOff communities }
    bridges { from { id } to { id } cutOff }
  }
}"""


async def test_rankings_are_empty_and_say_so_before_any_analysis(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    data = await gql(RANKINGS)
    assert data["connectors"]["items"] == []
    assert data["connectors"]["analysis"]["computedAt"] is None
    assert data["connectors"]["analysis"]["stale"] is True
    assert data["influencers"]["items"] == []


async def test_the_bridge_is_the_top_connector_and_a_single_point_of_failure(
    gql: GraphQLClient, analysed: Barbell
) -> None:
    data = await gql(RANKINGS)
    connectors = data["connectors"]
    assert connectors["analysis"]["computedAt"] is not None
    assert connectors["analysis"]["stale"] is False
    top = connectors["items"][0]
    assert top["person"]["id"] == analysed.bridge
    assert top["rank"] == 1
    assert top["betweenness"] > connectors["items"][1]["betweenness"]
    assert len(top["bridgedCommunities"]) == 3  # group A, group B, and X's own with Y, Z
    assert top["constraint"] < 1
    assert data["influencers"]["items"][0]["person"]["id"] == analysed.bridge
    cut = data["singlePointsOfFailure"]["cutPoints"][0]
    assert cut["person"]["id"] == analysed.bridge
    assert cut["cutOff"] == 2  # Y and Z
    bridges = data["singlePointsOfFailure"]["bridges"]
    assert [(b["from"]["id"], b["cutOff"]) for b in bridges] == [(analysed.bridge, 2)]


async def test_rankings_filter_by_country_field_organisation_and_community(
    gql: GraphQLClient, analysed: Barbell
) -> None:
    in_gb = await gql(RANKINGS, filter={"country": ["gb"]})
    assert {i["person"]["id"] for i in in_gb["influencers"]["items"]} <= set(analysed.a)
    finance = await gql(RANKINGS, filter={"field": ["finance"]})
    assert {i["person"]["id"] for i in finance["connectors"]["items"]} <= set(analysed.b)
    members = await gql(RANKINGS, filter={"memberOf": [analysed.club]})
    assert {i["person"]["id"] for i in members["influencers"]["items"]} == {
        analysed.a[3],
        analysed.b[3],
    }
    communities = (await gql("{ communities { items { id leadingMembers { id } } } }"))[
        "communities"
    ]["items"]
    of_b = next(
        c["id"] for c in communities if analysed.b[1] in {m["id"] for m in c["leadingMembers"]}
    )
    in_community = await gql(RANKINGS, filter={"community": [of_b]})
    assert analysed.b[1] in {i["person"]["id"] for i in in_community["influencers"]["items"]}
    assert not {i["person"]["id"] for i in in_community["influencers"]["items"]} & set(analysed.a)


async def test_communities_separate_the_two_groups_and_describe_them(
    gql: GraphQLClient, analysed: Barbell
) -> None:
    data = (
        await gql(
            """{ communities { totalCount analysis { stale }
                 items { id size leadingMembers { id } fields { value count }
                   countries { value count } dominantOrganizations { node { id } count } } } }"""
        )
    )["communities"]
    assert data["totalCount"] == 3
    groups = [{m["id"] for m in c["leadingMembers"]} for c in data["items"]]
    assert any(set(analysed.a[:3]) <= g for g in groups)
    assert any(set(analysed.b[:3]) <= g for g in groups)
    assert not any(set(analysed.a[:3]) & g and set(analysed.b[:3]) & g for g in groups)
    fields = {c["fields"][0]["value"] for c in data["items"]}
    assert fields == {"physics", "finance", "law"}


async def test_each_community_names_its_brokers_strongest_first(
    gql: GraphQLClient, analysed: Barbell
) -> None:
    data = await gql(
        """{ communities { items { id leadingMembers { id }
               brokers { person { id type } betweenness bridgedCommunities } } }
             connectors(first: 20) { items { betweenness community person { id } } } }"""
    )
    betweenness = {c["person"]["id"]: c["betweenness"] for c in data["connectors"]["items"]}
    community_of = {c["person"]["id"]: c["community"] for c in data["connectors"]["items"]}
    for community in data["communities"]["items"]:
        brokers = community["brokers"]
        scores = [b["betweenness"] for b in brokers]
        assert scores == sorted(scores, reverse=True)
        assert all(s > 0 for s in scores)  # nobody on no path is a broker
        for broker in brokers:
            assert broker["person"]["type"] == "PERSON"
            assert community_of[broker["person"]["id"]] == community["id"]
            assert broker["betweenness"] == betweenness[broker["person"]["id"]]
            assert community["id"] in broker["bridgedCommunities"]
        # everyone in it with a betweenness above zero, up to five
        expected = sorted(
            (s, p) for p, s in betweenness.items() if community_of[p] == community["id"] and s > 0
        )
        assert len(brokers) == min(5, len(expected))
    by_member = {m["id"]: c for c in data["communities"]["items"] for m in c["leadingMembers"]} | {
        b["person"]["id"]: c for c in data["communities"]["items"] for b in c["brokers"]
    }
    bridge = by_member[analysed.bridge]["brokers"][0]
    assert bridge["person"]["id"] == analysed.bridge
    assert len(bridge["bridgedCommunities"]) == 3  # group A, group B, and its own with Y, Z
    # in group A, a0 (a friend of the bridge) is the one on paths out of it
    assert by_member[analysed.a[1]]["brokers"][0]["person"]["id"] == analysed.a[0]


async def test_metrics_order_and_filter_people_and_turn_stale_after_a_change(
    gql: GraphQLClient, analysed: Barbell
) -> None:
    ordered = await gql(
        """{ people(first: 2, orderBy: [{field: BETWEENNESS, direction: DESC}]) {
             edges { node { id } } } }"""
    )
    assert ordered["people"]["edges"][0]["node"]["id"] == analysed.bridge
    central = await gql(
        """{ people(filter: {metric: [{metric: BETWEENNESS, atLeast: 0.5}]}) {
             edges { node { id } } } }"""
    )
    assert [e["node"]["id"] for e in central["people"]["edges"]] == [analysed.bridge]
    await gql.mutate(
        """mutation { createPerson(input: {name: "新人"}) { person { id } errors { message } } }"""
    )
    run = (await gql("{ networkStats { analysis { stale metricsRevision currentRevision } } }"))[
        "networkStats"
    ]["analysis"]
    assert run["stale"] is True
    assert run["currentRevision"] > run["metricsRevision"]


async def test_suggested_introductions_are_two_hops_away_with_a_reason(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    data = await gql(
        """query ($p: ID!) { suggestedIntroductions(person: $p) {
             person { id } score commonContacts { id } shared { id } reason } }""",
        p=barbell.a[0],
    )
    suggested = {s["person"]["id"]: s for s in data["suggestedIntroductions"]}
    assert suggested[barbell.b[0]]["commonContacts"] == [{"id": barbell.bridge}]
    assert "1 contact in common" in suggested[barbell.b[0]]["reason"]
    assert not set(suggested) & {*barbell.a, barbell.bridge}


async def test_the_ego_network_has_what_a_drawing_needs(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    data = await gql(
        """query ($id: ID!) { egoNetwork(id: $id, radius: 1) {
             center truncated nodes { node { id label type } distance size }
             edges { source target kind strength } } }""",
        id=barbell.bridge,
    )
    ego = data["egoNetwork"]
    assert ego["center"] == barbell.bridge
    assert {n["node"]["id"]: n["distance"] for n in ego["nodes"]} == {
        barbell.bridge: 0,
        barbell.a[0]: 1,
        barbell.b[0]: 1,
        barbell.y: 1,
    }
    assert len(ego["edges"]) == 3
    assert all(e["kind"] == "relationship" and 0 < e["strength"] <= 1 for e in ego["edges"])
    assert ego["truncated"] is False
    limited = await gql(
        "query ($id: ID!) { egoNetwork(id: $id, radius: 2, maxNodes: 3) { truncated } }",
        id=barbell.bridge,
    )
    assert limited["egoNetwork"]["truncated"] is True


async def test_the_ego_network_carries_the_stored_metrics_once_analysed(
    gql: GraphQLClient, barbell: Barbell, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    query = """query ($id: ID!) { egoNetwork(id: $id, radius: 2) {
        nodes { node { id type } pagerank betweenness community } } }"""
    before = (await gql(query, id=barbell.bridge))["egoNetwork"]["nodes"]
    assert all(
        n["pagerank"] is None and n["betweenness"] is None and n["community"] is None
        for n in before
    )
    await analyze(session_factory)
    nodes = {
        n["node"]["id"]: n for n in (await gql(query, id=barbell.bridge))["egoNetwork"]["nodes"]
    }
    ranked = (
        await gql(
            "{ influencers(metric: PAGERANK, first: 20) {"
            " items { score community person { id } } } }"
        )
    )["influencers"]["items"]
    for item in ranked:
        drawn = nodes.get(item["person"]["id"])
        if drawn is not None:
            assert drawn["pagerank"] == pytest.approx(item["score"])
            assert drawn["community"] == item["community"]
    # the bridge brokers most; the two groups it joins are different communities
    people = [n for n in nodes.values() if n["node"]["type"] == "PERSON"]
    assert max(people, key=lambda n: n["betweenness"])["node"]["id"] == barbell.bridge
    assert nodes[barbell.a[0]]["community"] != nodes[barbell.b[0]]["community"]


async def test_network_stats_describe_the_analysis_graph(
    gql: GraphQLClient, barbell: Barbell
) -> None:
    stats = (
        await gql(
            """{ networkStats { graphRevision graph { nodes edges components largestComponent
                 density nodesByType { type count } edgesByKind { type count } } } }"""
        )
    )["networkStats"]
    graph = stats["graph"]
    assert graph["nodes"] == 12
    assert graph["edges"] == 6 + 6 + 2 + 2 + 2
    assert graph["components"] == 1
    assert graph["largestComponent"] == 12
    assert {c["type"]: c["count"] for c in graph["nodesByType"]} == {
        "Organization": 1,
        "Person": 11,
    }
