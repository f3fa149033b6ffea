"""Builds the weighted network from node and link records, and keeps it up to date.

The graph is a function of its records: `apply_changes` gives exactly the graph a
rebuild from the changed records would give (tests pin it), while touching only the
edges the changes can affect.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import networkx as nx

from crm.graph.cohort import Study, by_field, group_ties
from crm.graph.records import (
    HUB_KIND,
    ORGANIZATION,
    LinkRecord,
    NodeRecord,
    fact_date,
    hub_end,
    key_type,
)
from crm.graph.state import NetworkState, Pair
from crm.graph.strength import Hub, Tie, cost_of, edge_strength, edge_ties, weighed_size

__all__ = ["apply_changes", "build_graph"]

_HUB_TYPES = frozenset(HUB_KIND.values())


def _pair(link: LinkRecord) -> Pair:
    a, b = link.source, link.target
    return (a, b) if a <= b else (b, a)


def build_graph(
    nodes: Iterable[NodeRecord],
    links: Iterable[LinkRecord],
    *,
    today: date,
    exclude: Collection[str] = (),
) -> nx.Graph:
    """The undirected network of `nodes`, with one edge per linked pair.

    Links between the same pair merge into one edge (`strength`, `cost`, `kind` of the
    strongest tie, `ties` for evidence; see crm.graph.strength). Nodes keep `type`,
    `label`, `attrs`, and hubs their effective `size`. Keys in `exclude` (people who
    withdrew consent) are left out with their links; links whose ends are missing wait
    in the graph's records until the node arrives.
    """
    with _collector_paused():
        state = NetworkState(today=today, exclude=frozenset(exclude))
        for node in nodes:
            state.nodes[node.key] = node
        for link in links:
            state.add_link(link)
        graph = nx.Graph(state=state)
        _rebuild(graph, state)
    return graph


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while millions of objects are created.

    They are all reachable, so every collection is wasted work, and it was a third of
    the build time of a 1M-edge graph. It restarts (if it was on) at the end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def apply_changes(
    graph: nx.Graph,
    upserts_nodes: Iterable[NodeRecord] = (),
    upserts_links: Iterable[LinkRecord] = (),
    removed_nodes: Iterable[str] = (),
    removed_links: Iterable[str] = (),
    *,
    today: date,
) -> None:
    """Update `graph` in place as if it had been rebuilt from the changed records.

    Applied in this order: links removed (by `LinkRecord.identity`), nodes removed
    (with all their links, as the database cascades), nodes upserted (by key), links
    upserted (by identity). A different `today` moves every recency factor, so it
    recomputes every edge.
    """
    state: NetworkState = graph.graph["state"]
    touched: set[str] = set()
    changed: list[LinkRecord] = []
    for identity in removed_links:
        if (old := state.drop_link(identity)) is not None:
            changed.append(old)
    for key in removed_nodes:
        touched.add(key)
        state.nodes.pop(key, None)
        for identity in list(state.node_links.get(key, ())):
            if (old := state.drop_link(identity)) is not None:
                changed.append(old)
    for node in upserts_nodes:
        touched.add(node.key)
        state.nodes[node.key] = node
    for link in upserts_links:
        if (old := state.drop_link(link.identity)) is not None:
            changed.append(old)
        state.add_link(link)
        changed.append(link)
    if today != state.today:
        state.today = today
        with _collector_paused():
            _rebuild(graph, state)
        return
    _refresh(graph, state, touched, changed)


def _node_data(node: NodeRecord) -> dict[str, Any]:
    return {"type": node.type, "label": node.label, "attrs": node.attrs}


def _rebuild(graph: nx.Graph, state: NetworkState) -> None:
    graph.clear()
    graph.graph["state"] = state
    graph.add_nodes_from(
        (key, _node_data(node)) for key, node in state.nodes.items() if state.present(key)
    )
    present = {key for key in state.nodes if key not in state.exclude}
    members: dict[str, set[str]] = defaultdict(set)
    by_pair: dict[Pair, list[LinkRecord]] = {}
    for link in state.links.values():
        a, b = link.source, link.target
        if a == b or a not in present or b not in present:
            continue
        pair = (a, b) if a <= b else (b, a)
        bucket = by_pair.get(pair)
        if bucket is None:
            by_pair[pair] = [link]
        else:
            bucket.append(link)
        if link.kind in HUB_KIND:
            end = hub_end(link)
            members[end].add(a if end == b else b)
    state.hubs = {}
    for key, data in graph.nodes(data=True):
        if key_type(key) in _HUB_TYPES:
            hub = _hub(state.nodes[key], len(members.get(key, ())))
            state.hubs[key] = hub
            data["size"] = hub.members
    state.cohort_pairs, state.cohort_ties = {}, {}
    state.cohort_studies, state.cohort_groups = {}, {}
    for key in state.hubs:
        if key_type(key) == ORGANIZATION:
            _update_cohorts(state, key)
    edges = []
    for pair in by_pair.keys() | state.cohort_ties.keys():
        data = _edge_data(state, pair, by_pair.get(pair, []))
        if data is not None:
            edges.append((*pair, data))
    graph.add_edges_from(edges)


def _refresh(
    graph: nx.Graph, state: NetworkState, touched: set[str], changed: list[LinkRecord]
) -> None:
    for key in touched:
        if state.present(key):
            graph.add_node(key, **_node_data(state.nodes[key]))
        elif key in graph:
            graph.remove_node(key)
    dirty: set[Pair] = {_pair(link) for link in changed}
    hubs = {key for key in touched if key_type(key) in _HUB_TYPES}
    hubs.update(hub_end(link) for link in changed if link.kind in HUB_KIND)
    for key in touched:
        for link in state.links_of(key):
            dirty.add(_pair(link))
            if link.kind in HUB_KIND:
                hubs.add(hub_end(link))
    for key in hubs:
        old = state.hubs.pop(key, None)
        if state.present(key):
            hub = _hub(state.nodes[key], _member_count(state, key))
            state.hubs[key] = hub
            graph.nodes[key]["size"] = hub.members
            if hub != old:
                dirty.update(_pair(link) for link in state.links_of(key))
        if key_type(key) == ORGANIZATION:
            dirty |= _update_cohorts(state, key)
    for pair in dirty:
        _set_edge(graph, state, pair)


def _hub(node: NodeRecord, observed: int) -> Hub:
    declared = node.attrs.get("member_count", node.attrs.get("attendee_count"))
    size = max(observed, declared if isinstance(declared, int) else 0, 1)
    return Hub(size=weighed_size(size), on=fact_date(node.attrs, "starts_on"), members=size)


def _member_count(state: NetworkState, hub: str) -> int:
    members = set()
    for link in state.links_of(hub):
        if link.kind in HUB_KIND and hub_end(link) == hub:
            other = link.target if hub == link.source else link.source
            if other != hub and state.present(other):
                members.add(other)
    return len(members)


def _update_cohorts(state: NetworkState, organization: str) -> set[Pair]:
    """Recompute the organisation's cohort ties; the pairs whose ties changed.

    Nothing to do when its alumni's studies are the same as last time (a new member,
    officer or employee, or a change elsewhere). Otherwise only the field groups whose
    studies changed are recomputed, and only the pairs whose tie appeared, went or
    changed need their edge recomputed: a new alumnus of a large university touches
    one of its cohorts, not all of them.
    """
    groups = by_field(_studies(state, organization))
    before = state.cohort_studies.get(organization)
    if before == groups:
        return set()
    state.cohort_studies[organization] = groups
    ties_by_group = state.cohort_groups.setdefault(organization, {})
    affected: set[Pair] = set()
    for key in ties_by_group.keys() - groups.keys():
        affected.update(ties_by_group.pop(key))
    for key, group in groups.items():
        if before is None or before.get(key) != group:
            affected.update(ties_by_group.get(key, ()))
            ties_by_group[key] = group_ties(organization, key, group, today=state.today)
            affected.update(ties_by_group[key])
    if not ties_by_group:
        del state.cohort_groups[organization]
    order = sorted(ties_by_group)
    pairs = state.cohort_pairs.setdefault(organization, set())
    changed = set()
    for pair in affected:
        # the strongest tie of the pair over the groups, the first group winning ties
        tie: Tie | None = None
        for key in order:
            candidate = ties_by_group[key].get(pair)
            if candidate is not None and (tie is None or tie.strength < candidate.strength):
                tie = candidate
        by_org = state.cohort_ties.get(pair, {})
        if by_org.get(organization) == tie:
            continue
        changed.add(pair)
        if tie is None:
            del by_org[organization]
            pairs.discard(pair)
            if not by_org:
                del state.cohort_ties[pair]
        else:
            state.cohort_ties.setdefault(pair, by_org)[organization] = tie
            pairs.add(pair)
    if not pairs:
        del state.cohort_pairs[organization]
    return changed


def _studies(state: NetworkState, organization: str) -> tuple[Study, ...]:
    """The alumni affiliations of the organisation (present people only), sorted."""
    studies = []
    if state.present(organization):
        for link in state.links_of(organization):
            person = link.source if link.target == organization else link.target
            starts_on = fact_date(link.facts, "starts_on")
            if (
                link.kind == "affiliation"
                and link.facts.get("role") == "alumnus"
                and starts_on is not None
                and person != organization
                and state.present(person)
            ):
                subject = str(link.facts.get("field_of_study") or "")
                studies.append(Study(person, starts_on, fact_date(link.facts, "ends_on"), subject))
    studies.sort(key=lambda s: (s.person, s.starts_on, s.until, s.field))
    return tuple(studies)


def _links_between(state: NetworkState, a: str, b: str) -> list[LinkRecord]:
    ids_a, ids_b = state.node_links.get(a, set()), state.node_links.get(b, set())
    smaller, other = (ids_a, b) if len(ids_a) <= len(ids_b) else (ids_b, a)
    result = []
    for identity in smaller:
        link = state.links[identity]
        if other in (link.source, link.target) and link.source != link.target:
            result.append(link)
    return result


def _set_edge(graph: nx.Graph, state: NetworkState, pair: Pair) -> None:
    a, b = pair
    if a == b or not (state.present(a) and state.present(b)):
        return
    data = _edge_data(state, pair, _links_between(state, a, b))
    if data is not None:
        graph.add_edge(a, b, **data)
    elif graph.has_edge(a, b):
        graph.remove_edge(a, b)


def _edge_data(state: NetworkState, pair: Pair, links: list[LinkRecord]) -> dict[str, Any] | None:
    """The attributes of the edge between the pair, or None when no fact ties them."""
    ties = edge_ties(links, hubs=state.hubs, today=state.today)
    cohort = state.cohort_ties.get(pair)
    if cohort:
        ties.extend(cohort[org] for org in sorted(cohort))
        ties.sort(key=lambda tie: (-tie.strength, tie.kind, tie.link.identity))
    if not ties:
        return None
    strength = edge_strength(ties)
    return {
        "strength": strength,
        "cost": cost_of(strength),
        "kind": ties[0].kind,
        "ties": tuple(ties),
    }
