"""A node's neighbourhood: people two hops away worth meeting, and the ego network
to draw (its nodes with their last-analysed metrics, and the ties among them)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import analysis
from crm.resolvers.analysis_result import NodeRef
from crm.schema.info import Info
from crm.schema.inputs import described, plain
from crm.schema.network_node import NetworkNode, global_id


@strawberry.type(description="Someone worth meeting, and why.")
class SuggestedIntroduction:
    person: NetworkNode = described("The person worth meeting.")
    score: float = described("Weighted Adamic–Adar over common neighbours.")
    common_contacts: list[NetworkNode] = described("People both know.")
    shared: list[NetworkNode] = described("Organisations, events and projects both belong to.")
    reason: str = described("Why, in a sentence (common contacts, shared organisations).")


@strawberry.type(description="A node of an ego network and how far it is from the centre.")
class EgoNode:
    node: NetworkNode = described("The node.")
    distance: int = described("Hops from the centre.")
    size: int | None = described("Members of an organisation, event, project.")
    pagerank: float | None = described(
        "Its PageRank as last analysed (null: not analysed yet), to size it by."
    )
    betweenness: float | None = described(
        "Its betweenness as last analysed (null: not analysed yet): brokerage."
    )
    community: int | None = described(
        "Its community as last analysed (null: not analysed yet), to colour it by."
    )


@strawberry.type(description="A tie between two nodes of an ego network.")
class EgoEdge:
    source: relay.GlobalID = described("The ID of one end.")
    target: relay.GlobalID = described("The ID of the other end.")
    kind: str = described(
        "The kind of the strongest fact behind the tie (relationship, affiliation, attendance, …)."
    )
    strength: float = described("0 (weak) to 1 (strong).")


@strawberry.type(description="A node, its neighbourhood and every tie among them, to draw.")
class EgoNetwork:
    center: relay.GlobalID = described("The ID of the node at the centre.")
    nodes: list[EgoNode] = described("The centre and its neighbours, nearest first.")
    edges: list[EgoEdge] = described("Every tie among the nodes.")
    truncated: bool = described("Some nodes were left out (maxNodes).")


@strawberry.type
class NeighbourhoodQuery:
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
                    community=analysis.community_of(metrics.get(n.key, {})),
                )
                for n in ego.nodes
            ],
            edges=[
                EgoEdge(
                    source=global_id(e.source),
                    target=global_id(e.target),
                    kind=e.kind,
                    strength=e.strength,
                )
                for e in ego.edges
            ],
            truncated=ego.truncated,
        )
