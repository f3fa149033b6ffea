"""The analysis contract: introduction paths, connectors, influencers, communities,
single points of failure, suggested introductions and ego networks."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import analysis
from crm.resolvers.analysis_result import LabelledPath, NodeRef
from crm.schema.enums import METRIC_MEANINGS
from crm.schema.info import Info
from crm.schema.inputs import optional, plain
from crm.schema.node import reference
from crm.schema.values import from_attributes


@strawberry.enum(description="The kinds of node of the network.")
class NetworkNodeType(Enum):
    PERSON = strawberry.enum_value("Person", description="A person.")
    ORGANIZATION = strawberry.enum_value("Organization", description="An organisation.")
    EVENT = strawberry.enum_value("Event", description="An event.")
    PROJECT = strawberry.enum_value("Project", description="A project.")


@strawberry.type(description="A node of the network as a result names it.")
class NetworkNode:
    id: relay.GlobalID = strawberry.field(description="The record's global ID.")
    type: NetworkNodeType = strawberry.field(description="Which record type the node is.")
    label: str = strawberry.field(description="The name as written.")

    @strawberry.field(description="The record itself (null if it was deleted meanwhile).")
    async def node(self, info: Info) -> relay.Node | None:
        return await self.id.resolve_node(info)

    @classmethod
    def of(cls, ref: NodeRef) -> NetworkNode:
        type_name, _, key = ref.key.partition(":")
        return cls(
            id=relay.GlobalID(type_name, key), type=NetworkNodeType(type_name), label=ref.label
        )


@strawberry.type(description="One step of an introduction path.")
class PathHop:
    from_: NetworkNode = strawberry.field(name="from", description="The node the hop starts at.")
    to: NetworkNode = strawberry.field(description="The node the hop leads to.")
    kind: str = strawberry.field(
        description="The kind of the strongest fact behind the tie (relationship, "
        "affiliation, introduction, cohort, attendance, …)."
    )
    strength: float = strawberry.field(description="0–1: how likely the tie carries it.")
    evidence: str = strawberry.field(description="Why the tie exists, in a sentence.")


@strawberry.type(description="A chain of ties from the seeker to the target, best first.")
class IntroductionPath:
    strength: float = strawberry.field(description="The product of the hops' strengths.")
    cost: float = strawberry.field(description="What the search minimised: Σ −ln(strength) + 0.1.")
    hops: list[PathHop] = strawberry.field(
        description="The ties in order, from the seeker to the target."
    )

    @classmethod
    def of(cls, found: LabelledPath) -> IntroductionPath:
        refs = {k: NetworkNode.of(r) for k, r in found.refs.items()}
        return cls(
            strength=found.path.strength,
            cost=found.path.cost,
            hops=[
                PathHop(
                    from_=refs[h.source],
                    to=refs[h.target],
                    kind=h.kind,
                    strength=h.strength,
                    evidence=h.evidence,
                )
                for h in found.path.hops
            ],
        )


@strawberry.type(description="When the rankings were computed, and whether the network changed.")
class AnalysisRun:
    computed_at: datetime | None = strawberry.field(
        description="When the metrics were last computed, by the background worker or "
        "`crm analyze` (null: never; the rankings are empty)."
    )
    metrics_revision: int | None = strawberry.field(
        description="The graph revision the metrics were computed from."
    )
    current_revision: int = strawberry.field(
        description="The graph revision now; it moves with every change to a link."
    )
    stale: bool = strawberry.field(
        description="The network changed since the metrics were computed."
    )
    updating: bool = strawberry.field(
        description="A background analysis is queued or running: fresher rankings are "
        "on their way (`analysisProgress` follows it)."
    )

    @strawberry.field(description="Seconds since the metrics were computed (null: never).")
    def age_seconds(self) -> float | None:
        if self.computed_at is None:
            return None
        return max(0.0, (datetime.now(UTC) - self.computed_at).total_seconds())

    @classmethod
    def of(cls, run: analysis.AnalysisRun) -> AnalysisRun:
        return from_attributes(cls, run)


@strawberry.input(description="Which people a ranking considers; fields combine with AND.")
class NetworkFilter:
    country: list[str] | None = optional("Country of residence, any of (ISO codes).")
    field: list[str] | None = optional("Expertise, any of.")
    member_of: list[relay.GlobalID] | None = optional("Affiliated with any of these organisations.")
    community: list[int] | None = optional("In any of these communities (as last computed).")


@strawberry.type(description="A broker: someone whose contacts are not tied to each other.")
class Connector:
    rank: int = strawberry.field(description="1 for the strongest broker, then 2, 3, …")
    person_id: strawberry.Private[int]
    betweenness: float = strawberry.field(
        description="Share of shortest paths through them (sampled on large networks)."
    )
    constraint: float | None = strawberry.field(
        description="Burt's constraint: low means their contacts are not tied to each other."
    )
    effective_size: float | None = strawberry.field(description="Non-redundant contacts.")
    community: int | None = strawberry.field(
        description="The community the person is in (as last computed)."
    )
    bridged_communities: list[int] = strawberry.field(
        description="Communities among their contacts, most contacts first."
    )

    person = reference("Person", "person_id", description="The person.")


@strawberry.type(description="Connectors, strongest broker first, and the analysis they come from.")
class ConnectorRanking:
    analysis: AnalysisRun = strawberry.field(
        description="When the ranking was computed and whether the network changed since."
    )
    items: list[Connector] = strawberry.field(description="The people, in rank order.")


@strawberry.enum(description="The centralities people can be ranked by.")
class InfluenceMetric(Enum):
    PAGERANK = strawberry.enum_value("pagerank", description=METRIC_MEANINGS["PAGERANK"])
    EIGENVECTOR = strawberry.enum_value("eigenvector", description=METRIC_MEANINGS["EIGENVECTOR"])
    DEGREE = strawberry.enum_value("degree", description=METRIC_MEANINGS["DEGREE"])
    BETWEENNESS = strawberry.enum_value("betweenness", description=METRIC_MEANINGS["BETWEENNESS"])


@strawberry.type(description="A person ranked by a centrality metric.")
class Influencer:
    rank: int = strawberry.field(description="1 for the highest score, then 2, 3, …")
    person_id: strawberry.Private[int]
    score: float = strawberry.field(
        description="The metric's value for the person (see InfluenceMetric)."
    )
    community: int | None = strawberry.field(
        description="The community the person is in (as last computed)."
    )

    person = reference("Person", "person_id", description="The person.")


@strawberry.type(
    description="People ranked by one metric, highest first, and the analysis behind it."
)
class InfluencerRanking:
    metric: InfluenceMetric = strawberry.field(description="The metric ranked by.")
    analysis: AnalysisRun = strawberry.field(
        description="When the ranking was computed and whether the network changed since."
    )
    items: list[Influencer] = strawberry.field(description="The people, in rank order.")


@strawberry.type(description="A node and how many of a group's members it counts.")
class NodeCount:
    node: NetworkNode = strawberry.field(description="The node, e.g. an organisation.")
    count: int = strawberry.field(description="How many members of the group are tied to it.")


@strawberry.type(description="A value (a field of expertise, a country) and how often it occurs.")
class ValueCount:
    value: str = strawberry.field(description="The value as stored, e.g. CN or semiconductors.")
    count: int = strawberry.field(description="How many members have it.")


@strawberry.type(description="A member of a community who lies on paths between others.")
class Broker:
    person: NetworkNode = strawberry.field(description="The person.")
    betweenness: float = strawberry.field(
        description="Share of shortest paths through them (sampled on large networks)."
    )
    bridged_communities: list[int] = strawberry.field(
        description="Communities among their contacts, most contacts first (their own included)."
    )


@strawberry.type(description="A group more tightly tied among themselves than to the rest.")
class Community:
    id: int = strawberry.field(
        description="The community's number in the last analysis; it may change when the "
        "analysis runs again."
    )
    size: int = strawberry.field(description="Nodes of every type in it.")
    leading_members: list[NetworkNode] = strawberry.field(
        description="Its people with the strongest ties inside it."
    )
    dominant_organizations: list[NodeCount] = strawberry.field(
        description="The organisations most of its people belong to, with how many."
    )
    fields: list[ValueCount] = strawberry.field(description="Most common expertise.")
    countries: list[ValueCount] = strawberry.field(description="Most common countries.")
    brokers: list[Broker] = strawberry.field(
        description="Its people with the highest betweenness (as last computed), at most "
        "five, strongest first: who ties it to the rest of the network."
    )


@strawberry.type(description="The communities of the last analysis, largest first.")
class CommunityList:
    analysis: AnalysisRun = strawberry.field(
        description="When the communities were computed and whether the network changed since."
    )
    total_count: int = strawberry.field(description="How many communities there are in all.")
    items: list[Community] = strawberry.field(description="The first communities, largest first.")


@strawberry.type(description="A person whose loss would cut part of the network off.")
class CutPoint:
    person: NetworkNode = strawberry.field(description="The person.")
    cut_off: int = strawberry.field(description="Nodes cut off from the rest without them.")
    communities: list[int] = strawberry.field(
        description="The communities the cut-off part belongs to."
    )


@strawberry.type(description="A tie whose loss would cut part of the network off.")
class Bridge:
    from_: NetworkNode = strawberry.field(
        name="from", description="The side that stays connected to the rest."
    )
    to: NetworkNode = strawberry.field(description="The side that would be cut off.")
    cut_off: int = strawberry.field(description="Nodes cut off from the rest without the tie.")
    communities: list[int] = strawberry.field(
        description="The communities the cut-off part belongs to."
    )


@strawberry.type(description="People and ties the network hangs on, most cut off first.")
class SinglePointsOfFailure:
    analysis: AnalysisRun = strawberry.field(
        description="The state of the stored analysis (these are computed on the current network)."
    )
    cut_points: list[CutPoint] = strawberry.field(
        description="People whose loss would split the network."
    )
    bridges: list[Bridge] = strawberry.field(description="Ties whose loss would split the network.")


@strawberry.type(description="Someone worth meeting, and why.")
class SuggestedIntroduction:
    person: NetworkNode = strawberry.field(description="The person worth meeting.")
    score: float = strawberry.field(description="Weighted Adamic–Adar over common neighbours.")
    common_contacts: list[NetworkNode] = strawberry.field(description="People both know.")
    shared: list[NetworkNode] = strawberry.field(
        description="Organisations, events and projects both belong to."
    )
    reason: str = strawberry.field(
        description="Why, in a sentence (common contacts, shared organisations)."
    )


@strawberry.type(description="A node of an ego network and how far it is from the centre.")
class EgoNode:
    node: NetworkNode = strawberry.field(description="The node.")
    distance: int = strawberry.field(description="Hops from the centre.")
    size: int | None = strawberry.field(description="Members of an organisation, event, project.")
    pagerank: float | None = strawberry.field(
        description="Its PageRank as last analysed (null: not analysed yet), to size it by."
    )
    betweenness: float | None = strawberry.field(
        description="Its betweenness as last analysed (null: not analysed yet): brokerage."
    )
    community: int | None = strawberry.field(
        description="Its community as last analysed (null: not analysed yet), to colour it by."
    )


@strawberry.type(description="A tie between two nodes of an ego network.")
class EgoEdge:
    source: relay.GlobalID = strawberry.field(description="The ID of one end.")
    target: relay.GlobalID = strawberry.field(description="The ID of the other end.")
    kind: str = strawberry.field(
        description="The kind of the strongest fact behind the tie (relationship, "
        "affiliation, attendance, …)."
    )
    strength: float = strawberry.field(description="0 (weak) to 1 (strong).")


@strawberry.type(description="A node, its neighbourhood and every tie among them, to draw.")
class EgoNetwork:
    center: relay.GlobalID = strawberry.field(description="The ID of the node at the centre.")
    nodes: list[EgoNode] = strawberry.field(
        description="The centre and its neighbours, nearest first."
    )
    edges: list[EgoEdge] = strawberry.field(description="Every tie among the nodes.")
    truncated: bool = strawberry.field(description="Some nodes were left out (maxNodes).")


#: the size and the people of a ranking
Top = Annotated[
    int, strawberry.argument(description="How many, from 1 to the server's page maximum.")
]
Among = Annotated[
    NetworkFilter | None,
    strawberry.argument(description="Only people meeting these conditions; none: everyone."),
]


def _whole(value: float | None) -> int | None:
    return None if value is None else int(value)


def _gid(key: str) -> relay.GlobalID:
    type_name, _, node_id = key.partition(":")
    return relay.GlobalID(type_name, node_id)


@strawberry.type
class AnalysisQuery:
    @strawberry.field(
        description="The best distinct chains of ties from a person to a person or an "
        "organisation, each hop with its evidence; empty when none is within maxHops."
    )
    async def introduction_paths(
        self,
        info: Info,
        from_: Annotated[
            relay.GlobalID,
            strawberry.argument(name="from", description="The ID of the seeker (a person)."),
        ],
        to: Annotated[
            relay.GlobalID, strawberry.argument(description="The ID of a person or organisation.")
        ],
        first: Annotated[
            int, strawberry.argument(description=f"Paths, 1 to {analysis.MAX_PATHS}.")
        ] = 3,
        max_hops: Annotated[
            int,
            strawberry.argument(description=f"The longest path in ties, 1 to {analysis.MAX_HOPS}."),
        ] = 4,
        avoid: Annotated[
            list[relay.GlobalID] | None,
            strawberry.argument(description="IDs of nodes no path may pass through."),
        ] = None,
    ) -> list[IntroductionPath]:
        found = await analysis.paths_between(
            info.context,
            plain(from_),
            plain(to),
            first=first,
            max_hops=max_hops,
            avoid=plain(avoid or []),
        )
        return [IntroductionPath.of(p) for p in found]

    @strawberry.field(description="People ranked by brokerage (from the last analysis).")
    async def connectors(
        self, info: Info, first: Top = 20, filter: Among = None
    ) -> ConnectorRanking:
        run, items = await analysis.connectors(info.context, first=first, filter_=plain(filter))
        return ConnectorRanking(
            analysis=AnalysisRun.of(run),
            items=[
                Connector(
                    rank=i,
                    person_id=c.person_id,
                    betweenness=c.betweenness,
                    constraint=c.constraint,
                    effective_size=c.effective_size,
                    community=c.community,
                    bridged_communities=list(c.bridged_communities),
                )
                for i, c in enumerate(items, start=1)
            ],
        )

    @strawberry.field(description="People ranked by a centrality (from the last analysis).")
    async def influencers(
        self,
        info: Info,
        metric: Annotated[
            InfluenceMetric, strawberry.argument(description="The metric to rank by.")
        ] = InfluenceMetric.PAGERANK,
        first: Top = 20,
        filter: Among = None,
    ) -> InfluencerRanking:
        run, items = await analysis.ranking(
            info.context, str(metric.value), first=first, filter_=plain(filter)
        )
        return InfluencerRanking(
            metric=metric,
            analysis=AnalysisRun.of(run),
            items=[
                Influencer(rank=i, person_id=r.person_id, score=r.score, community=r.community)
                for i, r in enumerate(items, start=1)
            ],
        )

    @strawberry.field(description="Louvain communities of the last analysis, largest first.")
    async def communities(self, info: Info, first: Top = 20) -> CommunityList:
        run, described = await analysis.communities(info.context, first=first)
        shown = described.communities[:first]
        brokers = await analysis.community_brokers(info.context, run, [c.id for c in shown])
        refs = {k: NetworkNode.of(r) for k, r in described.refs.items()}
        items = [
            Community(
                id=c.id,
                size=c.size,
                leading_members=[refs[k] for k in c.leading_members],
                dominant_organizations=[
                    NodeCount(node=refs[k], count=n) for k, n in c.dominant_organizations
                ],
                fields=[ValueCount(value=v, count=n) for v, n in c.fields],
                countries=[ValueCount(value=v, count=n) for v, n in c.countries],
                brokers=[
                    Broker(
                        person=NetworkNode.of(b.person),
                        betweenness=b.betweenness,
                        bridged_communities=list(b.bridged_communities),
                    )
                    for b in brokers.get(c.id, [])
                ],
            )
            for c in shown
        ]
        total = len(described.communities)
        return CommunityList(analysis=AnalysisRun.of(run), total_count=total, items=items)

    @strawberry.field(
        description="People and ties whose loss would cut part of the network off, "
        "on the current network."
    )
    async def single_points_of_failure(self, info: Info, first: Top = 20) -> SinglePointsOfFailure:
        run, found = await analysis.single_points(info.context, first=first)
        return SinglePointsOfFailure(
            analysis=AnalysisRun.of(run),
            cut_points=[
                CutPoint(person=NetworkNode.of(r), cut_off=n, communities=list(c))
                for r, n, c in found.cut_points
            ],
            bridges=[
                Bridge(
                    from_=NetworkNode.of(a), to=NetworkNode.of(b), cut_off=n, communities=list(c)
                )
                for a, b, n, c in found.bridges
            ],
        )

    @strawberry.field(description="People two hops away worth meeting, with the reason.")
    async def suggested_introductions(
        self,
        info: Info,
        person: Annotated[
            relay.GlobalID, strawberry.argument(description="The ID of the person to advise.")
        ],
        first: Annotated[int, strawberry.argument(description="How many, 1 to 100.")] = 10,
    ) -> list[SuggestedIntroduction]:
        found = await analysis.suggestions_for(info.context, plain(person), first=first)
        out = []
        for item in found:
            s, refs = item.suggestion, item.refs
            out.append(
                SuggestedIntroduction(
                    person=NetworkNode.of(refs[s.key]),
                    score=s.score,
                    common_contacts=[NetworkNode.of(refs[k]) for k in s.common_contacts],
                    shared=[NetworkNode.of(refs[k]) for k in s.shared],
                    reason=s.reason,
                )
            )
        return out

    @strawberry.field(description="A node and its neighbours up to `radius` hops, to draw.")
    async def ego_network(
        self,
        info: Info,
        id: Annotated[
            relay.GlobalID,
            strawberry.argument(
                description="The ID of the centre: a person, organisation, event or project."
            ),
        ],
        radius: Annotated[
            int,
            strawberry.argument(description=f"Hops from the centre, 1 to {analysis.MAX_RADIUS}."),
        ] = 1,
        max_nodes: Annotated[
            int,
            strawberry.argument(
                description=f"At most this many nodes, 1 to {analysis.MAX_EGO_NODES}, "
                "nearest first."
            ),
        ] = 200,
    ) -> EgoNetwork:
        ego = await analysis.ego_of(info.context, plain(id), radius=radius, max_nodes=max_nodes)
        metrics = await analysis.drawn_metrics(info.context, [n.key for n in ego.nodes])
        return EgoNetwork(
            center=id,
            nodes=[
                EgoNode(
                    node=NetworkNode.of(NodeRef(n.key, n.type, n.label)),
                    distance=n.distance,
                    size=n.size,
                    pagerank=metrics.get(n.key, {}).get("pagerank"),
                    betweenness=metrics.get(n.key, {}).get("betweenness"),
                    community=_whole(metrics.get(n.key, {}).get("community")),
                )
                for n in ego.nodes
            ],
            edges=[
                EgoEdge(
                    source=_gid(e.source), target=_gid(e.target), kind=e.kind, strength=e.strength
                )
                for e in ego.edges
            ],
            truncated=ego.truncated,
        )
