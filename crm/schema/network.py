"""GraphQL types describing the network as a whole."""

from __future__ import annotations

import strawberry

from crm.resolvers import analysis
from crm.resolvers.network import NetworkCounts
from crm.schema.analysis_run import AnalysisRun
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.values import from_attributes


@strawberry.type(description="How many records of one type the network holds.")
class TypeCount:
    type: str = described("The record type (Person) or link kind (affiliation).")
    count: int = described("How many there are.")


@strawberry.type(description="The network as the analysis sees it, at the current revision.")
class GraphStats:
    nodes: int = described("People, organisations, events and projects in the graph.")
    edges: int = described("Tied pairs (several facts on a pair: one edge).")
    components: int = described("Connected components.")
    largest_component: int = described("Nodes in the largest component.")
    density: float = described("Edges as a share of all possible pairs (0–1).")
    nodes_by_type: list[TypeCount] = described("Nodes per record type.")
    edges_by_kind: list[TypeCount] = described("Edges by the kind of their strongest fact.")
    ties_by_kind: list[TypeCount] = described("The facts behind the edges.")


def _counts(values: dict[str, int]) -> list[TypeCount]:
    return [TypeCount(type=t, count=c) for t, c in sorted(values.items())]


@strawberry.type(description="Counts of the network's nodes and links and its revision.")
class NetworkStats:
    graph_revision: int = described("Increases with every committed change to a node or link.")
    node_counts: list[TypeCount] = described("Records per node type.")
    link_counts: list[TypeCount] = described(
        "Links per kind (affiliation, relationship, attendance, …)."
    )

    @classmethod
    def from_counts(cls, counts: NetworkCounts) -> NetworkStats:
        return cls(
            graph_revision=counts.graph_revision,
            node_counts=[TypeCount(type=t, count=c) for t, c in counts.nodes.items()],
            link_counts=[TypeCount(type=t, count=c) for t, c in counts.links.items()],
        )

    @strawberry.field(
        description="Nodes, edges, components and density of the analysis graph (people "
        "who withdrew consent left out)."
    )
    async def graph(self, info: Info) -> GraphStats:
        _, stats = await analysis.statistics(info.context)
        return from_attributes(
            GraphStats,
            stats,
            nodes_by_type=_counts(stats.nodes_by_type),
            edges_by_kind=_counts(stats.edges_by_kind),
            ties_by_kind=_counts(stats.ties_by_kind),
        )

    @strawberry.field(description="When the metrics were computed and whether they are current.")
    async def analysis(self, info: Info) -> AnalysisRun:
        return AnalysisRun.of(await analysis.analysis_run(info.context))
