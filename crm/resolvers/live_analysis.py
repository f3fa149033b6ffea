"""Introduction paths and ego networks on the machine's compact graph (`CRM_GRAPH_ENGINE=
compact`): the national-scale path, where a networkx graph per worker would not fit."""

from __future__ import annotations

from collections.abc import Collection

from crm.graph.ego import EgoNetwork
from crm.graph.live import LiveGraph
from crm.graph.live_paths import live_ego_network, live_paths
from crm.network.evidence import paths_with_evidence
from crm.network.live_cache import LiveGraphCache
from crm.resolvers.analysis_result import LabelledPath, NodeRef
from crm.resolvers.context import Context

__all__ = ["live_ego", "live_paths_between"]


def _live(context: Context) -> LiveGraphCache:
    if context.live_graph is None:
        raise RuntimeError("the request context has no compact graph")
    return context.live_graph


def _ref(graph: LiveGraph, key: str) -> NodeRef:
    i = graph.index(key)
    if i is None:
        return NodeRef(key, key.partition(":")[0], key)
    return NodeRef(key, graph.type_name(i), graph.label(i))


async def live_paths_between(
    context: Context,
    start: str,
    end: str,
    *,
    first: int,
    max_hops: int,
    avoid: Collection[str],
) -> list[LabelledPath]:
    cache = _live(context)
    graph = await cache.current(context.session_factory)
    found = await cache.run(
        live_paths, graph, start, end, first=first, max_hops=max_hops, avoid=avoid
    )
    snapshot = cache.snapshot
    assert snapshot is not None
    async with context.db() as session:
        paths = await paths_with_evidence(session, graph, found, today=snapshot.today)
    return [LabelledPath(p, {k: _ref(graph, k) for k in p.nodes}) for p in paths]


async def live_ego(context: Context, key: str, *, radius: int, max_nodes: int) -> EgoNetwork:
    cache = _live(context)
    graph = await cache.current(context.session_factory)
    return await cache.run(live_ego_network, graph, key, radius=radius, max_nodes=max_nodes)
