"""Loop-free paths of at most h hops in increasing cost order (Yen over a hop-bounded search).

networkx's `shortest_simple_paths` orders all simple paths by cost but cannot bound
their length: when cheap long paths abound it may enumerate thousands before the
first short one. Here the search itself respects the bound, so the k-th path
returned is the k-th cheapest path within it, and nothing longer is ever built.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from typing import Generic, Protocol, TypeVar

__all__ = ["HopBound", "Steps", "hop_limited_simple_paths"]

#: a node: a key ("Person:12") in networkx graphs, an index in compact ones
N = TypeVar("N", str, int)


class Steps(Protocol, Generic[N]):
    """The edges a path may use, each with a cost > 0."""

    def __call__(self, node: N) -> Sequence[tuple[N, float]]:
        """Every (neighbour, cost) a path may step to from `node`."""

    def toward(self, node: N, others: Sequence[N]) -> Sequence[tuple[N, float]]:
        """The (neighbour, cost) steps from `node` to those of `others` it may step to."""

    def degree(self, node: N) -> int:
        """How many neighbours `node` has (an upper bound on `len(self(node))`)."""


class HopBound(Protocol, Generic[N]):
    """Lower bounds on the hops and on the cost from each node to the target."""

    def __call__(self, node: N) -> int: ...

    def cost(self, node: N) -> float:
        """A lower bound on the cost of any path from `node` to the target."""

    def within(self, hops: int) -> Sequence[N] | None:
        """All nodes whose bound is at most `hops`, or None when not listed."""

    def only_through(self, node: N) -> N | None:
        """The one neighbour of `node` whose bound is one less than its (exact) bound,
        when there is exactly one; None otherwise."""


def hop_limited_simple_paths(
    steps: Steps[N],
    source: N,
    target: N,
    *,
    max_hops: int,
    bound: HopBound[N],
) -> Iterator[tuple[float, list[N]]]:
    """Yield (cost, path) for the loop-free source–target paths of at most `max_hops`
    edges, cheapest first (equal costs in a deterministic order).

    A path's cost is the sum of its edge costs, added from the source. `bound` must
    hold in the graph without the source.
    """
    best = _cheapest(steps, source, target, max_hops, frozenset(), frozenset(), bound, 0.0)
    if best is None:
        return
    found: list[tuple[list[N], list[float]]] = [best]
    yield best[1][-1], best[0]
    candidates: list[tuple[float, tuple[N, ...], list[float]]] = []
    seen: set[tuple[N, ...]] = {tuple(best[0])}
    while True:
        previous, costs = found[-1]
        for i in range(len(previous) - 1):
            root = previous[: i + 1]
            banned_next = frozenset(
                p[i + 1] for p, _ in found if len(p) > i + 1 and p[: i + 1] == root
            )
            banned = frozenset(root[:-1])
            spur = _cheapest(
                steps, root[-1], target, max_hops - i, banned, banned_next, bound, costs[i]
            )
            if spur is not None:
                path = tuple(root[:-1] + spur[0])
                if path not in seen:
                    seen.add(path)
                    total = costs[:i] + spur[1]
                    heapq.heappush(candidates, (total[-1], path, total))
        if not candidates:
            return
        cost, chosen, total = heapq.heappop(candidates)
        found.append((list(chosen), total))
        yield cost, list(chosen)


def _cheapest(
    steps: Steps[N],
    source: N,
    target: N,
    budget: int,
    banned: frozenset[N],
    banned_first: frozenset[N],
    bound: HopBound[N],
    start_cost: float,
) -> tuple[list[N], list[float]] | None:
    """The cheapest path of at most `budget` hops avoiding `banned`, with the running
    cost at each of its nodes (starting from `start_cost`).

    A* over (node, hops) labels, ordered by running cost plus `bound.cost` (admissible,
    and the same for every label of a node). A label is dropped when an earlier one
    reached its node in no more hops, since that one also cost no more; so labels
    only form simple paths (a loop costs more and takes more hops). A node with h hops
    left steps only to nodes whose bound is below h (and not to those whose only way
    closer is back through it): when few nodes are that close to the target, those
    are tried instead of all the node's neighbours (a hub's thousands).
    """
    # label: (node, running cost, parent label index)
    labels: list[tuple[N, float, int]] = [(source, start_cost, -1)]
    heap: list[tuple[float, int, int]] = [(start_cost + bound.cost(source), 0, 0)]
    settled: dict[N, int] = {}
    while heap:
        _, hops, index = heapq.heappop(heap)
        node, cost = labels[index][0], labels[index][1]
        if settled.get(node, budget + 1) <= hops:
            continue
        settled[node] = hops
        if node == target:
            path, running = [], []
            while index >= 0:
                path.append(labels[index][0])
                running.append(labels[index][1])
                index = labels[index][2]
            return path[::-1], running[::-1]
        left = budget - hops - 1
        if left < 0:
            continue
        close = bound.within(left)
        if close is not None and len(close) < steps.degree(node):
            options = steps.toward(node, close)
        else:
            options = steps(node)
        for other, edge_cost in options:
            if other in banned or (hops == 0 and other in banned_first):
                continue
            hops_left = bound(other)
            if hops_left > left or settled.get(other, budget + 1) <= hops + 1:
                continue
            if hops_left == left and bound.only_through(other) == node:
                continue  # its only way closer is back through `node`
            reached = cost + edge_cost
            labels.append((other, reached, index))
            heapq.heappush(heap, (reached + bound.cost(other), hops + 1, len(labels) - 1))
    return None
