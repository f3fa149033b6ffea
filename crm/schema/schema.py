"""Builds the GraphQL schema from the per-domain types."""

from __future__ import annotations

import strawberry

from crm.resolvers.context import Info
from crm.resolvers.network import network_counts
from crm.schema.network import NetworkStats


@strawberry.type
class Query:
    @strawberry.field(description="Counts of nodes and links and the current graph revision.")
    async def network_stats(self, info: Info) -> NetworkStats:
        return NetworkStats.from_counts(await network_counts(info))


schema = strawberry.Schema(query=Query)
