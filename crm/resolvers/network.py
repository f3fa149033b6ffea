"""Network-wide facts: how many nodes and links, at which graph revision."""

from __future__ import annotations

from dataclasses import dataclass

from crm.db.queries import network
from crm.resolvers.context import Context


@dataclass(frozen=True)
class NetworkCounts:
    graph_revision: int
    nodes: dict[str, int]
    links: dict[str, int]


async def network_counts(context: Context) -> NetworkCounts:
    async with context.db() as session:
        nodes = await network.table_counts(session, table_models=network.NODE_MODELS)
        links = await network.table_counts(session, table_models=network.LINK_MODELS)
        revision = await network.graph_revision(session)
    return NetworkCounts(graph_revision=revision, nodes=nodes, links=links)
