"""Communities of the network (Louvain), each described by who and what dominates it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from crm.graph import engine
from crm.graph.records import ORGANIZATION, PERSON, PROJECT

__all__ = ["Community", "community_index", "describe_communities", "detect_communities"]

Tally = tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Community:
    """A group of nodes more tightly tied among themselves than to the rest.

    `leading_members` are its people with the largest strength of ties inside it;
    `dominant_organizations` the organisations most of its people belong to, with how
    many; `fields` and `countries` the most common expertise and countries of residence.
    """

    id: int
    size: int
    members: frozenset[str]
    leading_members: tuple[str, ...]
    dominant_organizations: Tally
    fields: Tally
    countries: Tally


def detect_communities(
    graph: nx.Graph,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    weight: str | None = "strength",
    top: int = 5,
) -> list[Community]:
    """Louvain communities (modularity on tie strengths, fixed seed), largest first.

    Ids follow that order; `top` bounds each descriptive list. Nodes without a type
    (a bare benchmark graph) count as people.
    """
    if graph.number_of_nodes() == 0:
        return []
    groups = engine.louvain(
        engine.compile_graph(graph), seed=seed, resolution=resolution, weight=weight
    )
    ordered = sorted((sorted(map(str, g)) for g in groups), key=lambda g: (-len(g), g[0]))
    return describe_communities(graph, dict(enumerate(ordered)), weight=weight, top=top)


def describe_communities(
    graph: nx.Graph,
    groups: Mapping[int, Sequence[str]],
    *,
    weight: str | None = "strength",
    top: int = 5,
) -> list[Community]:
    """Describe each group (id → member keys) as a `Community`, largest first."""
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [_describe(graph, index, sorted(group), weight, top) for index, group in ordered]


def community_index(communities: Iterable[Community]) -> dict[str, int]:
    """Node key → the id of its community."""
    return {key: c.id for c in communities for key in c.members}


def _type(data: Mapping[str, object]) -> str:
    return str(data.get("type", PERSON))


def _describe(
    graph: nx.Graph, index: int, group: Sequence[str], weight: str | None, top: int
) -> Community:
    members = frozenset(group)
    nodes, adj = graph.nodes, graph.adj
    people = [key for key in group if _type(nodes[key]) == PERSON] or list(group)
    inside = {
        key: sum(
            float(data.get(weight, 1.0)) if weight else 1.0
            for other, data in adj[key].items()
            if other in members
        )
        for key in people
    }
    leaders = sorted(people, key=lambda key: (-inside[key], key))[:top]
    organizations: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for key in group:
        data = nodes[key]
        attrs: Mapping[str, object] = data.get("attrs", {})
        kind = _type(data)
        if kind == PERSON:
            organizations.update(o for o in adj[key] if _type(nodes[o]) == ORGANIZATION)
            fields.update(_strings(attrs.get("expertise")))
            if attrs.get("country"):
                countries[str(attrs["country"])] += 1
        elif kind == PROJECT:
            fields.update(_strings(attrs.get("field")))
    return Community(
        id=index,
        size=len(group),
        members=members,
        leading_members=tuple(leaders),
        dominant_organizations=_top(organizations, top),
        fields=_top(fields, top),
        countries=_top(countries, top),
    )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, Iterable):
        return [str(v) for v in value if v]
    return []


def _top(counter: Counter[str], top: int) -> Tally:
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:top])
