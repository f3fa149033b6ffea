"""Introduction paths: the best chains of ties from one person to another, with evidence."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise
from typing import Any, Final, Generic, TypeVar

import networkx as nx

from crm.graph.evidence import hop_evidence
from crm.graph.records import ORGANIZATION, PERSON
from crm.graph.simple_paths import hop_limited_simple_paths
from crm.graph.strength import HOP_COST

__all__ = ["SCAN_BUDGET", "Hop", "Path", "introduction_paths"]

#: a node as a graph names it: a networkx key (str), a live graph index (int)
N = TypeVar("N", bound=Hashable)

#: how many neighbour visits the breadth-first hop bound may spend (see HopBound)
SCAN_BUDGET: Final = 50_000


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a path: the strongest fact's kind, the edge's strength, the evidence."""

    source: str
    target: str
    kind: str
    strength: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Path:
    """A loop-free chain of ties; `strength` is the product of its hops' strengths."""

    cost: float
    strength: float
    hops: list[Hop]

    @property
    def nodes(self) -> list[str]:
        return [self.hops[0].source, *(hop.target for hop in self.hops)] if self.hops else []


def introduction_paths(
    graph: nx.Graph,
    source: str,
    target: str,
    *,
    first: int = 3,
    max_hops: int = 4,
    avoid: Collection[str] = (),
    visible: Callable[[str], bool] | None = None,
) -> list[Path]:
    """The `first` cheapest loop-free paths of at most `max_hops` edges, best first.

    Nodes in `avoid`, and nodes for which `visible(key)` is false, are never on a path
    (`avoid` does not apply to the ends; an invisible end means no path). When the
    target is an organisation the path reaches it through one of its members (an
    affiliation). A path through an organisation or event counts both of its edges as
    hops. No path (unknown ends, source == target, nothing within `max_hops`) gives [].
    """
    if first <= 0 or max_hops <= 0 or source == target:
        return []
    if source not in graph or target not in graph:
        return []
    if visible is not None and not (visible(source) and visible(target)):
        return []
    steps = _Steps(graph, source, target, set(avoid), visible)
    if not steps(target):
        return []
    adj = graph._adj
    bound = HopBound(adj.__getitem__, lambda u: len(adj[u]), steps, source, target, max_hops)
    found = hop_limited_simple_paths(steps, source, target, max_hops=max_hops, bound=bound)
    state = graph.graph.get("state")
    today: date = state.today if state is not None else date.today()
    return [_path(graph, cost, nodes, today) for cost, nodes in islice(found, first)]


class _Steps:
    """The steps a path may take, with their costs, remembered for one query (a hub
    with thousands of members is listed once).

    Nodes in `avoid` or not `visible` are left out, and an organisation target is
    entered only from its members.
    """

    def __init__(
        self,
        graph: nx.Graph,
        source: str,
        target: str,
        avoid: set[str],
        visible: Callable[[str], bool] | None,
    ) -> None:
        # the plain dict-of-dicts under graph.adj: its views cost more than the search
        self._adj: dict[str, dict[str, dict[str, Any]]] = graph._adj
        self._nodes = graph.nodes
        self._target = target
        self._avoid, self._visible = avoid, visible
        self._target_is_org = self._nodes[target].get("type") == ORGANIZATION
        self._allowed: dict[str, bool] = {source: True, target: True}
        self._lists: dict[str, list[tuple[str, float]]] = {}

    def __call__(self, node: str) -> list[tuple[str, float]]:
        steps = self._lists.get(node)
        if steps is None:
            items = self._adj[node].items()
            if self._avoid or self._visible is not None:
                steps = [(v, data["cost"]) for v, data in items if self._ok(v)]
            else:
                steps = [(v, data["cost"]) for v, data in items]
            if self._target_is_org:
                steps = [(v, c) for v, c in steps if self._enters_target(node, v)]
            self._lists[node] = steps
        return steps

    def toward(self, node: str, others: Sequence[str]) -> list[tuple[str, float]]:
        row = self._adj[node]
        return [
            (v, row[v]["cost"])
            for v in [v for v in others if v in row]
            if self._ok(v) and (not self._target_is_org or self._enters_target(node, v))
        ]

    def degree(self, node: str) -> int:
        return len(self._adj[node])

    def _ok(self, key: str) -> bool:
        allowed = self._allowed.get(key)
        if allowed is None:
            visible = self._visible
            allowed = key not in self._avoid and (visible is None or visible(key))
            self._allowed[key] = allowed
        return allowed

    def _enters_target(self, node: str, other: str) -> bool:
        """False for a step into (or out of) the organisation target from a non-member."""
        target = self._target
        if target not in (node, other):
            return True
        member = other if node == target else node
        ties = self._adj[member][target]["ties"]
        is_person = self._nodes[member].get("type") == PERSON
        return is_person and any(t.kind == "affiliation" for t in ties)


class HopBound(Generic[N]):
    """A lower bound on each node's hops to the target.

    Breadth-first from the target over the whole graph (paths take no fewer hops than
    that, so it is a lower bound), max_hops − 2 levels deep: a path may step from the
    source to any neighbour anyway, so deeper levels prune little and cost much.
    Levels beyond the first stop when they would visit more than SCAN_BUDGET
    neighbours. Exact within the levels done; "one more than the last level" beyond.

    It also remembers, for a node with a single neighbour one level closer, that
    neighbour: a path that reached the node from it has no way left to get closer
    (thousands of members whose only way to the target is back through their hub).

    Nodes are whatever the graph names them by (networkx keys, the live graph's
    indices): `neighbours` and `degree` read the graph, `steps` gives a node's steps
    with their costs.
    """

    def __init__(
        self,
        neighbours: Callable[[N], Iterable[N]],
        degree: Callable[[N], int],
        steps: Callable[[N], Iterable[tuple[N, float]]],
        source: N,
        target: N,
        max_hops: int,
    ) -> None:
        # every path ends with one of the target's edges, and every edge costs at
        # least HOP_COST: the cost bound of A*
        self._last: dict[N, float] = dict(steps(target))
        self._cheapest_last = min(self._last.values(), default=math.inf)
        self._target: N = target
        self._distance: dict[N, int] = {target: 0}
        self._through: dict[N, N | None] = {}
        #: the nodes at most i hops away, in breadth-first order
        self._within: list[list[N]] = [[target]]
        frontier = [target]
        while frontier and len(self._within) <= max(1, max_hops - 2):
            if len(self._within) > 1 and sum(degree(u) for u in frontier) > SCAN_BUDGET:
                break
            level = len(self._within)
            following = []
            distance, through = self._distance, self._through
            for u in frontier:
                if u == source:
                    continue
                for v in neighbours(u):
                    seen = distance.get(v)
                    if seen is None:
                        distance[v] = level
                        through[v] = u
                        following.append(v)
                    elif seen == level:
                        through[v] = None
            self._within.append(self._within[-1] + following)
            frontier = following
        self._beyond = len(self._within)

    def __call__(self, node: N) -> int:
        return self._distance.get(node, self._beyond)

    def cost(self, node: N) -> float:
        if node == self._target:
            return 0.0
        more = self._cheapest_last + HOP_COST * (self(node) - 1)
        direct = self._last.get(node)
        return more if direct is None else min(direct, self._cheapest_last + HOP_COST)

    def only_through(self, node: N) -> N | None:
        return self._through.get(node)

    def within(self, hops: int) -> list[N] | None:
        return self._within[hops] if hops < len(self._within) else None


def _path(graph: nx.Graph, cost: float, nodes: list[str], today: date) -> Path:
    hops = []
    strength = 1.0
    for i, (u, v) in enumerate(pairwise(nodes)):
        edge = graph.adj[u][v]
        strength *= edge["strength"]
        evidence = hop_evidence(graph, nodes, i, today)
        hops.append(Hop(u, v, str(edge["kind"]), float(edge["strength"]), evidence))
    return Path(cost=cost, strength=strength, hops=hops)
