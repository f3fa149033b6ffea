"""GraphQL types describing the network as a whole."""

from __future__ import annotations

import strawberry

from crm.resolvers.network import NetworkCounts


@strawberry.type(description="How many records of one type the network holds.")
class TypeCount:
    type: str
    count: int


@strawberry.type(description="Counts of the network's nodes and links and its revision.")
class NetworkStats:
    graph_revision: int = strawberry.field(
        description="Increases with every committed change to a node or link."
    )
    node_counts: list[TypeCount]
    link_counts: list[TypeCount]

    @classmethod
    def from_counts(cls, counts: NetworkCounts) -> NetworkStats:
        return cls(
            graph_revision=counts.graph_revision,
            node_counts=[TypeCount(type=t, count=c) for t, c in counts.nodes.items()],
            link_counts=[TypeCount(type=t, count=c) for t, c in counts.links.items()],
        )
