"""The analysis contract: introduction paths, connectors, influencers, communities,
single points of failure, suggested introductions and ego networks."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import analysis
from crm.schema.info import Info
from crm.schema.inputs import plain
from crm.schema.node import reference


@strawberry.enum(description="The kinds of node of the network.")
class NetworkNodeType(Enum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    EVENT = "Event"
    PROJECT = "Project"


@strawberry.type(description="A node of the network as a result names it.")
class NetworkNode:
    id: relay.GlobalID
    type: NetworkNodeType
    label: str = strawberry.field(description="The name as written.")

    @strawberry.field(description="The record itself (null if it was deleted meanwhile).")
    async def node(self, info: Info) -> relay.Node | None:
        return await self.id.resolve_node(info)

    @classmethod
    def of(cls, ref: analysis.NodeRef) -> NetworkNode:
        type_name, _, key = ref.key.partition(":")
        return cls(
            id=relay.GlobalID(type_name, key), type=NetworkNodeType(type_name), label=ref.label
        )


@strawberry.type(description="One step of an introduction path.")
class PathHop:
    from_: NetworkNode = strawberry.field(name="from")
    to: NetworkNode
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
    hops: list[PathHop]

    @classmethod
    def of(cls, found: analysis.LabelledPath) -> IntroductionPath:
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
    current_revision: int
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
        return cls(
            computed_at=run.computed_at,
            metrics_revision=run.metrics_revision,
            current_revision=run.current_revision,
            stale=run.stale,
            updating=run.updating,
        )


@strawberry.input(description="Which people a ranking considers; fields combine with AND.")
class NetworkFilter:
    country: list[str] | None = strawberry.field(
        default=None, description="Country of residence, any of (ISO codes)."
    )
    field: list[str] | None = strawberry.field(default=None, description="Expertise, any of.")
    member_of: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Affiliated with any of these organisations."
    )
    community: list[int] | None = strawberry.field(
        default=None, description="In any of these communities (as last computed)."
    )


@strawberry.type(description="A broker: someone whose contacts are not tied to each other.")
class Connector:
    rank: int
    person_id: strawberry.Private[int]
    betweenness: float = strawberry.field(
        description="Share of shortest paths through them (sampled on large networks)."
    )
    constraint: float | None = strawberry.field(
        description="Burt's constraint: low means their contacts are not tied to each other."
    )
    effective_size: float | None = strawberry.field(description="Non-redundant contacts.")
    community: int | None
    bridged_communities: list[int] = strawberry.field(
        description="Communities among their contacts, most contacts first."
    )

    person = reference("Person", "person_id")


@strawberry.type
class ConnectorRanking:
    analysis: AnalysisRun
    items: list[Connector]


@strawberry.enum
class InfluenceMetric(Enum):
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"
    DEGREE = "degree"
    BETWEENNESS = "betweenness"


@strawberry.type
class Influencer:
    rank: int
    person_id: strawberry.Private[int]
    score: float
    community: int | None

    person = reference("Person", "person_id")


@strawberry.type
class InfluencerRanking:
    metric: InfluenceMetric
    analysis: AnalysisRun
    items: list[Influencer]


@strawberry.type
class NodeCount:
    node: NetworkNode
    count: int


@strawberry.type
class ValueCount:
    value: str
    count: int


@strawberry.type(description="A group more tightly tied among themselves than to the rest.")
class Community:
    id: int
    size: int = strawberry.field(description="Nodes of every type in it.")
    leading_members: list[NetworkNode] = strawberry.field(
        description="Its people with the strongest ties inside it."
    )
    dominant_organizations: list[NodeCount] = strawberry.field(
        description="The organisations most of its people belong to, with how many."
    )
    fields: list[ValueCount] = strawberry.field(description="Most common expertise.")
    countries: list[ValueCount] = strawberry.field(description="Most common countries.")


@strawberry.type
class CommunityList:
    analysis: AnalysisRun
    total_count: int
    items: list[Community]


@strawberry.type(description="A person whose loss would cut part of the network off.")
class CutPoint:
    person: NetworkNode
    cut_off: int = strawberry.field(description="Nodes cut off from the rest without them.")
    communities: list[int]


@strawberry.type(description="A tie whose loss would cut part of the network off.")
class Bridge:
    from_: NetworkNode = strawberry.field(name="from")
    to: NetworkNode = strawberry.field(description="The side that would be cut off.")
    cut_off: int
    communities: list[int]


@strawberry.type
class SinglePointsOfFailure:
    analysis: AnalysisRun
    cut_points: list[CutPoint]
    bridges: list[Bridge]


@strawberry.type(description="Someone worth meeting, and why.")
class SuggestedIntroduction:
    person: NetworkNode
    score: float = strawberry.field(description="Weighted Adamic–Adar over common neighbours.")
    common_contacts: list[NetworkNode]
    shared: list[NetworkNode] = strawberry.field(
        description="Organisations, events and projects both belong to."
    )
    reason: str


@strawberry.type
class EgoNode:
    node: NetworkNode
    distance: int = strawberry.field(description="Hops from the centre.")
    size: int | None = strawberry.field(description="Members of an organisation, event, project.")


@strawberry.type
class EgoEdge:
    source: relay.GlobalID
    target: relay.GlobalID
    kind: str
    strength: float


@strawberry.type(description="A node, its neighbourhood and every tie among them, to draw.")
class EgoNetwork:
    center: relay.GlobalID
    nodes: list[EgoNode]
    edges: list[EgoEdge]
    truncated: bool = strawberry.field(description="Some nodes were left out (maxNodes).")


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
        from_: Annotated[relay.GlobalID, strawberry.argument(name="from")],
        to: relay.GlobalID,
        first: int = 3,
        max_hops: int = 4,
        avoid: list[relay.GlobalID] | None = None,
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
        self, info: Info, first: int = 20, filter: NetworkFilter | None = None
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
        metric: InfluenceMetric = InfluenceMetric.PAGERANK,
        first: int = 20,
        filter: NetworkFilter | None = None,
    ) -> InfluencerRanking:
        run, items = await analysis.ranking(
            info.context, metric.value, first=first, filter_=plain(filter)
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
    async def communities(self, info: Info, first: int = 20) -> CommunityList:
        run, described = await analysis.communities(info.context, first=first)
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
            )
            for c in described.communities[:first]
        ]
        total = len(described.communities)
        return CommunityList(analysis=AnalysisRun.of(run), total_count=total, items=items)

    @strawberry.field(
        description="People and ties whose loss would cut part of the network off, "
        "on the current network."
    )
    async def single_points_of_failure(self, info: Info, first: int = 20) -> SinglePointsOfFailure:
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
        self, info: Info, person: relay.GlobalID, first: int = 10
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
        self, info: Info, id: relay.GlobalID, radius: int = 1, max_nodes: int = 200
    ) -> EgoNetwork:
        ego = await analysis.ego_of(info.context, plain(id), radius=radius, max_nodes=max_nodes)
        return EgoNetwork(
            center=id,
            nodes=[
                EgoNode(
                    node=NetworkNode.of(analysis.NodeRef(n.key, n.type, n.label)),
                    distance=n.distance,
                    size=n.size,
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
