"""The analysis contract: introduction paths, connectors, influencers, communities,
suggested introductions, ego networks and network statistics.

Interactive answers (paths, suggestions, ego networks) are computed on the cached
graph (crm/network/cache.py) on its thread. Whole-network rankings (connectors,
influencers, communities) read the metrics `crm analyze` stored, and say when they
were computed and whether the network changed since; the single points of failure
and the statistics are computed on the current graph once per revision.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import networkx as nx
from sqlalchemy import ColumnElement

from crm.db.queries import metrics as mq
from crm.db.queries import person as pq
from crm.db.queries.conditions import any_of
from crm.db.revision import current_revision
from crm.errors import bad_input
from crm.graph.communities import Community
from crm.graph.connectors import bridged_communities, single_points_of_failure
from crm.graph.ego import EgoNetwork, NetworkStats, ego_network, network_stats
from crm.graph.metrics import communities_of
from crm.graph.paths import introduction_paths
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.graph.suggest import Suggestion, suggested_introductions
from crm.network.analyze import node_ref
from crm.network.cache import CachedGraph, GraphCache
from crm.reference.expertise import field_keys
from crm.resolvers.analysis_result import LabelledPath, NodeRef
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, keys_of
from crm.resolvers.listing import Filter
from crm.resolvers.live_analysis import live_ego, live_paths_between
from crm.resolvers.pipeline import countries_of

NODE_TYPES: Final = (PERSON, ORGANIZATION, EVENT, PROJECT)
MAX_PATHS: Final = 10
MAX_HOPS: Final = 6
MAX_RADIUS: Final = 3
MAX_EGO_NODES: Final = 1000


def _between(field: str, value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise bad_input(f"`{field}` must be between {low} and {high}, not {value}")
    return value


def node_key(field: str, gid: RecordId, *types: str) -> str:
    """The graph key ("Person:12") of a global ID of one of `types`."""
    (key,) = keys_of(field, [gid], *types)
    return f"{gid.type_name}:{key}"


def cache_of(context: Context) -> GraphCache:
    if context.graph_cache is None:
        raise RuntimeError("the request context has no graph cache")
    return context.graph_cache


async def current_graph(context: Context) -> tuple[GraphCache, CachedGraph]:
    cache = cache_of(context)
    return cache, await cache.current(context.session_factory)


def _ref(graph: nx.Graph, key: str) -> NodeRef:
    data = graph.nodes[key] if key in graph else {}
    return NodeRef(key, str(data.get("type", key.partition(":")[0])), str(data.get("label", key)))


# -- interactive answers on the graph --------------------------------------------------


async def paths_between(
    context: Context,
    source: RecordId,
    target: RecordId,
    *,
    first: int,
    max_hops: int,
    avoid: Sequence[RecordId],
) -> list[LabelledPath]:
    _between("first", first, 1, MAX_PATHS)
    _between("maxHops", max_hops, 1, MAX_HOPS)
    start = node_key("from", source, PERSON)
    end = node_key("to", target, PERSON, ORGANIZATION)
    avoided = {node_key("avoid", gid, *NODE_TYPES) for gid in avoid}
    if context.live_graph is not None:  # national scale: the machine's compact graph
        return await live_paths_between(
            context, start, end, first=first, max_hops=max_hops, avoid=avoided
        )
    cache, cached = await current_graph(context)
    graph = cached.graph

    def run() -> list[LabelledPath]:
        found = introduction_paths(graph, start, end, first=first, max_hops=max_hops, avoid=avoided)
        return [LabelledPath(p, {k: _ref(graph, k) for k in p.nodes}) for p in found]

    return await cache.run(run)


@dataclass(frozen=True, slots=True)
class LabelledSuggestion:
    suggestion: Suggestion
    refs: dict[str, NodeRef]


async def suggestions_for(
    context: Context, person: RecordId, *, first: int
) -> list[LabelledSuggestion]:
    _between("first", first, 1, 100)
    key = node_key("person", person, PERSON)
    cache, cached = await current_graph(context)
    graph = cached.graph

    def run() -> list[LabelledSuggestion]:
        found = suggested_introductions(graph, key, first=first)
        return [
            LabelledSuggestion(
                s, {k: _ref(graph, k) for k in (s.key, *s.common_contacts, *s.shared)}
            )
            for s in found
        ]

    return await cache.run(run)


async def ego_of(context: Context, center: RecordId, *, radius: int, max_nodes: int) -> EgoNetwork:
    _between("radius", radius, 1, MAX_RADIUS)
    _between("maxNodes", max_nodes, 1, MAX_EGO_NODES)
    key = node_key("id", center, *NODE_TYPES)
    if context.live_graph is not None:
        return await live_ego(context, key, radius=radius, max_nodes=max_nodes)
    cache, cached = await current_graph(context)
    return await cache.run(ego_network, cached.graph, key, radius=radius, max_nodes=max_nodes)


#: the stored metrics a drawing of the network sizes and colours its nodes by
DRAWN_METRICS: Final = ("pagerank", "betweenness", "community")


async def drawn_metrics(context: Context, keys: Sequence[str]) -> dict[str, dict[str, float]]:
    """Node key → its stored PageRank, betweenness and community (as last analysed);
    nodes never analysed are left out. One query per node type present."""
    by_type: dict[str, list[int]] = {}
    for key in keys:
        node_type, node_id = node_ref(key)
        by_type.setdefault(node_type, []).append(node_id)
    found: dict[str, dict[str, float]] = {}
    async with context.db() as session:
        for node_type, ids in by_type.items():
            values = await mq.values_of(session, node_type, ids, DRAWN_METRICS)
            for node_id, named in values.items():
                found[f"{node_type.capitalize()}:{node_id}"] = named
    return found


# -- stored metrics ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnalysisRun:
    """When the rankings were computed, and whether the network changed since."""

    computed_at: datetime | None
    metrics_revision: int | None
    current_revision: int
    #: a background run is queued or running
    updating: bool = False

    @property
    def stale(self) -> bool:
        return self.metrics_revision != self.current_revision


async def analysis_run(context: Context) -> AnalysisRun:
    async with context.db() as session:
        run = await mq.latest_run(session)
        revision = await current_revision(session)
        updating = await mq.run_pending(session)
    return AnalysisRun(
        computed_at=run.computed_at if run else None,
        metrics_revision=run.graph_revision if run else None,
        current_revision=revision,
        updating=updating,
    )


def filter_conditions(f: Filter | None) -> list[ColumnElement[bool]]:
    """SQL conditions on people for a ranking's filter."""
    if f is None:
        return []
    parts: list[ColumnElement[bool]] = []
    if f.get("country"):
        parts.append(any_of(pq.person.c.country, countries_of("country", f["country"])))
    if f.get("field"):
        parts.append(pq.has_any("expertise", field_keys(f["field"])))
    if f.get("member_of"):
        parts.append(pq.member_of(keys_of("memberOf", f["member_of"], ORGANIZATION)))
    if f.get("community"):
        parts.append(mq.in_community(f["community"]))
    return parts


@dataclass(frozen=True, slots=True)
class Ranked:
    person_id: int
    score: float
    community: int | None


async def ranking(
    context: Context, metric: str, *, first: int, filter_: Filter | None
) -> tuple[AnalysisRun, list[Ranked]]:
    """The people with the highest stored `metric`, filtered."""
    _between("first", first, 1, context.settings.max_page_size)
    conditions = filter_conditions(filter_)
    run = await analysis_run(context)
    async with context.db() as session:
        top = await mq.top_people(session, metric, first=first, conditions=conditions)
        extra = await mq.values_of(session, "person", [i for i, _ in top], ["community"])
    items = [Ranked(i, v, community_of(extra.get(i, {}))) for i, v in top]
    return run, items


def community_of(values: Mapping[str, float]) -> int | None:
    """The community number among a node's stored metrics (stored as a float), if any."""
    value = values.get("community")
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class ConnectorItem:
    person_id: int
    betweenness: float
    constraint: float | None
    effective_size: float | None
    community: int | None
    bridged_communities: tuple[int, ...]


async def _community_index(context: Context, run: AnalysisRun) -> dict[str, int]:
    """Node key → stored community, read once per analysis run."""
    cache = cache_of(context)
    kept: dict[str, int] | None = cache.memo_value("community index", run.computed_at)
    if kept is not None:
        return kept
    async with context.db() as session:
        rows = await mq.all_values(session, "community")
    index = {f"{t.capitalize()}:{i}": int(v) for t, i, v in rows}
    cache.remember("community index", run.computed_at, index)
    return index


async def connectors(
    context: Context, *, first: int, filter_: Filter | None
) -> tuple[AnalysisRun, list[ConnectorItem]]:
    """People by stored betweenness, with constraint, effective size and the communities
    among their contacts in the current graph."""
    run, top = await ranking(context, "betweenness", first=first, filter_=filter_)
    async with context.db() as session:
        extra = await mq.values_of(
            session, "person", [r.person_id for r in top], ["constraint", "effective_size"]
        )
    index = await _community_index(context, run)
    cache, cached = await current_graph(context)
    graph = cached.graph

    def bridged() -> list[tuple[int, ...]]:
        return [
            bridged_communities(graph, key, index) if key in graph else ()
            for key in (f"{PERSON}:{r.person_id}" for r in top)
        ]

    around = await cache.run(bridged)
    items = [
        ConnectorItem(
            person_id=r.person_id,
            betweenness=r.score,
            constraint=extra.get(r.person_id, {}).get("constraint"),
            effective_size=extra.get(r.person_id, {}).get("effective_size"),
            community=r.community,
            bridged_communities=b,
        )
        for r, b in zip(top, around, strict=True)
    ]
    return run, items


async def _with_communities(
    context: Context, first: int
) -> tuple[AnalysisRun, dict[str, int], GraphCache, CachedGraph]:
    """What the community answers start from: `first` checked, the stored analysis run,
    its community of each node, and the current graph."""
    _between("first", first, 1, context.settings.max_page_size)
    run = await analysis_run(context)
    index = await _community_index(context, run)
    cache, cached = await current_graph(context)
    return run, index, cache, cached


@dataclass(frozen=True, slots=True)
class DescribedCommunities:
    communities: list[Community]
    refs: dict[str, NodeRef]


async def communities(context: Context, *, first: int) -> tuple[AnalysisRun, DescribedCommunities]:
    """The stored communities, described on the current graph (largest first); `first`
    is how many the caller will show (checked here)."""
    run, index, cache, cached = await _with_communities(context, first)
    graph = cached.graph

    def describe() -> DescribedCommunities:
        found = communities_of(graph, {k: float(v) for k, v in index.items()})
        keys = {k for c in found for k in c.leading_members}
        keys |= {k for c in found for k, _ in c.dominant_organizations}
        return DescribedCommunities(found, {k: _ref(graph, k) for k in keys})

    described = await cache.memoized("communities", (run.computed_at, cached.revision), describe)
    return run, described


@dataclass(frozen=True, slots=True)
class BrokerItem:
    person: NodeRef
    betweenness: float
    bridged_communities: tuple[int, ...]


#: brokers named per community
BROKERS_PER_COMMUNITY: Final = 5


async def _brokers_by_community(
    context: Context, run: AnalysisRun
) -> dict[int, list[tuple[int, float]]]:
    """Community → its people with the highest stored betweenness above zero (id, value),
    at most BROKERS_PER_COMMUNITY, ties by id; read once per analysis run, as the
    community index is (a read of one metric plans the same whatever the statistics)."""
    cache = cache_of(context)
    kept: dict[int, list[tuple[int, float]]] | None = cache.memo_value(
        "community brokers", run.computed_at
    )
    if kept is not None:
        return kept
    index = await _community_index(context, run)
    async with context.db() as session:
        rows = await mq.all_values(session, "betweenness")
    members: dict[int, list[tuple[int, float]]] = {}
    for node_type, node_id, value in rows:
        community = index.get(f"{PERSON}:{node_id}") if node_type == "person" else None
        if community is not None and value > 0:
            members.setdefault(community, []).append((node_id, value))
    top = {
        community: heapq.nsmallest(BROKERS_PER_COMMUNITY, people, key=lambda p: (-p[1], p[0]))
        for community, people in members.items()
    }
    cache.remember("community brokers", run.computed_at, top)
    return top


async def community_brokers(
    context: Context, run: AnalysisRun, communities: Sequence[int]
) -> dict[int, list[BrokerItem]]:
    """The brokers of these communities (their people with the highest stored
    betweenness), with the communities among their contacts in the current graph."""
    top = await _brokers_by_community(context, run)
    index = await _community_index(context, run)
    cache, cached = await current_graph(context)
    graph = cached.graph
    wanted = [c for c in communities if c in top]

    def describe() -> dict[int, list[BrokerItem]]:
        found: dict[int, list[BrokerItem]] = {}
        for community in wanted:
            for person_id, score in top[community]:
                key = f"{PERSON}:{person_id}"
                around = bridged_communities(graph, key, index) if key in graph else ()
                found.setdefault(community, []).append(BrokerItem(_ref(graph, key), score, around))
        return found

    return await cache.run(describe)


@dataclass(frozen=True, slots=True)
class FailurePoints:
    cut_points: list[tuple[NodeRef, int, tuple[int, ...]]]
    bridges: list[tuple[NodeRef, NodeRef, int, tuple[int, ...]]]


async def single_points(context: Context, *, first: int) -> tuple[AnalysisRun, FailurePoints]:
    """Articulation points (people) and bridges of the current graph, most cut off first."""
    run, index, cache, cached = await _with_communities(context, first)
    graph = cached.graph

    def find() -> FailurePoints:
        groups: dict[int, set[str]] = {}
        for key, community in index.items():
            groups.setdefault(community, set()).add(key)
        described = [Community(i, len(m), frozenset(m), (), (), (), ()) for i, m in groups.items()]
        points, bridges = single_points_of_failure(graph, described)
        return FailurePoints(
            [(_ref(graph, p.key), p.cut_off, p.communities) for p in points],
            [
                (_ref(graph, b.source), _ref(graph, b.target), b.cut_off, b.communities)
                for b in bridges
            ],
        )

    found = await cache.memoized("failure points", (run.computed_at, cached.revision), find)
    return run, FailurePoints(found.cut_points[:first], found.bridges[:first])


async def statistics(context: Context) -> tuple[AnalysisRun, NetworkStats]:
    """Counts, components and density of the current graph (once per revision)."""
    run = await analysis_run(context)
    cache, cached = await current_graph(context)
    stats = await cache.memoized("stats", cached.revision, lambda: network_stats(cached.graph))
    return run, stats
