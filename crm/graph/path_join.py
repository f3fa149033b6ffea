"""The cheapest loop-free paths of at most four hops, by joining halves from both ends.

A path of at most four hops meets in the middle: it is a half of one or two hops from
the source and a half of at most two hops from the target, joined on a node. Both
halves are gathered from the CSR rows with NumPy (a hub's thousands of members are one
slice, not a Python loop), every path is split in exactly one way (forward/backward
hops (1, 0), (1, 1), (2, 1) or (2, 2)), and only the meeting nodes both sides reach
are joined, cheapest bound first. Exact: it returns the paths Yen's search
(crm.graph.simple_paths) returns, in cost order (equal costs by node order); tests
compare both with the networkx reference on random graphs.

Why a join is enough for the top k: at one meeting node the 2-hop halves of a side
differ in their middle node, so a backward half conflicts (repeats a node) with at
most one forward half. A path using a side's i-th cheapest half there is preceded by
at least i − 1 valid paths that are no dearer, so the k best use only each side's
k + 1 cheapest halves per meeting node.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt

from crm.graph.compact import KIND_BIT, NODE_TYPES
from crm.graph.live import LiveGraph
from crm.graph.records import ORGANIZATION, PERSON

__all__ = ["JOIN_MAX_HOPS", "joined_paths"]

#: the longest paths the join finds (longer bounds use the hop-bounded Yen search)
JOIN_MAX_HOPS: Final = 4

_PERSON, _ORGANIZATION = NODE_TYPES.index(PERSON), NODE_TYPES.index(ORGANIZATION)
_AFFILIATION: Final = KIND_BIT["affiliation"]
#: paths kept beyond `first`, and the cost difference still counted as a tie: the
#: join adds a path's costs in another order than the reference (last digits differ),
#: so near ties are settled on the costs added from the source
_SLACK: Final = 2
_TOLERANCE: Final = 1e-9

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Halves:
    """Half paths from one end: the node they reach, their cost, and their middle node
    (-1 for a one-hop half)."""

    end: Ints
    cost: Floats
    middle: Ints

    def where(self, keep: npt.NDArray[np.bool_]) -> _Halves:
        return _Halves(self.end[keep], self.cost[keep], self.middle[keep])


def joined_paths(
    graph: LiveGraph,
    source: int,
    target: int,
    *,
    first: int,
    max_hops: int,
    avoid: set[int],
) -> list[tuple[float, list[int]]]:
    """The `first` cheapest loop-free source–target paths of at most `max_hops` (≤ 4)
    edges as (cost, node indices), with the rules of crm.graph.paths: `avoid` never on
    a path (except as an end), an organisation target entered only by an affiliation
    of a person."""
    if not 1 <= max_hops <= JOIN_MAX_HOPS:
        raise ValueError(f"max_hops must be 1 to {JOIN_MAX_HOPS}, not {max_hops}")
    ends = np.array([source, target], dtype=np.int64)
    barred = np.array(sorted(avoid - {source, target}), dtype=np.int64)
    into = _into_target(graph, target, barred)
    if len(into.end) == 0:
        return []
    found: list[tuple[float, list[int]]] = []
    if np.any(into.end == source):
        found.append((0.0, [-1, -1]))
    if max_hops >= 2:
        back1 = into.where(into.end != source)
        neighbours, costs = _row(graph, source)
        forward1 = _Halves(neighbours, costs, np.full(len(neighbours), -1, dtype=np.int64))
        forward1 = forward1.where(_allowed(forward1.end, ends, barred))
        found += _join(forward1, back1, first)
        if max_hops >= 3 and len(forward1.end) and len(back1.end):
            forward2 = _extend(graph, forward1, ends, barred)
            found += _join(forward2, back1, first)
            if max_hops >= 4:
                found += _join(forward2, _extend(graph, back1, ends, barred), first)
    # the cost as the reference adds it (from the source, hop by hop), so equal paths
    # cost exactly the same whichever engine found them
    paths = []
    for _, nodes in found:
        path = [source, *nodes[1:-1], target]
        paths.append((_cost(graph, path), path))
    paths.sort()
    return paths[:first]


def _cost(graph: LiveGraph, path: list[int]) -> float:
    cost = 0.0
    for u, v in pairwise(path):
        edge = graph.edge(u, v)
        assert edge is not None
        cost += edge.cost
    return cost


def _into_target(graph: LiveGraph, target: int, barred: Ints) -> _Halves:
    """The last hops: the target's neighbours a path may come from, with the costs."""
    neighbours, costs = _row(graph, target)
    keep = ~np.isin(neighbours, barred)
    if graph.type_code(target) == _ORGANIZATION:
        kinds, types = _kinds_and_types(graph, target, neighbours)
        keep &= (types == _PERSON) & (kinds & _AFFILIATION != 0)
    return _Halves(neighbours[keep], costs[keep], np.full(int(keep.sum()), -1, dtype=np.int64))


def _allowed(nodes: Ints, ends: Ints, barred: Ints) -> npt.NDArray[np.bool_]:
    """Which nodes may be inside a path (not an end, not avoided)."""
    return ~np.isin(nodes, ends) & ~np.isin(nodes, barred)


def _extend(graph: LiveGraph, halves: _Halves, ends: Ints, barred: Ints) -> _Halves:
    """Two-hop halves: each one-hop half's node becomes the middle, its neighbours the end."""
    origin, neighbours, fields = graph.gather(halves.end)
    extended = _Halves(neighbours, halves.cost[origin] + fields["cost"], halves.end[origin])
    return extended.where(_allowed(neighbours, ends, barred))


def _join(forward: _Halves, backward: _Halves, first: int) -> list[tuple[float, list[int]]]:
    """The `first` (+ _SLACK) cheapest loop-free joins of forward and backward halves on
    a node, as (cost, [source placeholder, middle nodes…, target placeholder])."""
    if not len(forward.end) or not len(backward.end):
        return []
    forward = forward.where(np.isin(forward.end, backward.end))
    backward = backward.where(np.isin(backward.end, forward.end))
    if not len(forward.end):
        return []
    f_order = np.lexsort((forward.middle, forward.cost, forward.end))
    b_order = np.lexsort((backward.middle, backward.cost, backward.end))
    f_end, b_end = forward.end[f_order], backward.end[b_order]
    meeting, f_start = np.unique(f_end, return_index=True)
    b_start = np.searchsorted(b_end, meeting)
    f_stop = np.append(f_start[1:], len(f_end))
    b_stop = np.append(b_start[1:], len(b_end))
    f_cost, b_cost = forward.cost[f_order], backward.cost[b_order]
    f_middle, b_middle = forward.middle[f_order], backward.middle[b_order]
    bound = f_cost[f_start] + b_cost[b_start]
    found: list[tuple[float, list[int]]] = []
    width = first + 1
    keep = first + _SLACK
    for at in np.argsort(bound, kind="stable").tolist():
        if len(found) >= keep and bound[at] > found[keep - 1][0] + _TOLERANCE:
            break
        node = int(meeting[at])
        fs, bs = int(f_start[at]), int(b_start[at])
        for i in range(fs, min(int(f_stop[at]), fs + width)):
            a = int(f_middle[i])
            for j in range(bs, min(int(b_stop[at]), bs + width)):
                b = int(b_middle[j])
                if a >= 0 and a == b:
                    continue  # the same node on both sides: a loop
                nodes = [-1, *([a] if a >= 0 else []), node, *([b] if b >= 0 else []), -1]
                found.append((float(f_cost[i] + b_cost[j]), nodes))
        found.sort(key=lambda item: (item[0], item[1]))
        del found[keep:]
    return found


def _row(graph: LiveGraph, node: int) -> tuple[Ints, Floats]:
    """A node's neighbours and the costs of the edges to them."""
    neighbours, costs = graph.steps(node) if _changed(graph, node) else _base_row(graph, node)
    return np.asarray(neighbours, dtype=np.int64), np.asarray(costs, dtype=np.float64)


def _base_row(graph: LiveGraph, node: int) -> tuple[Ints, Floats]:
    neighbours, costs = graph.base_steps(node)
    return neighbours, np.asarray(costs)


def _changed(graph: LiveGraph, node: int) -> bool:
    return node in graph.rows or node >= graph.base.node_count


def _kinds_and_types(graph: LiveGraph, node: int, neighbours: Ints) -> tuple[Ints, Ints]:
    """The kinds bits of a node's edges (in `neighbours` order) and the neighbours' types."""
    if _changed(graph, node):
        row = graph.row(node)
        kinds = np.array([row[int(v)].kinds for v in neighbours], dtype=np.int64)
    else:
        g = graph.base
        kinds = g.kinds[int(g.indptr[node]) : int(g.indptr[node + 1])].astype(np.int64)
    g = graph.base
    known = neighbours < g.node_count
    types = np.zeros(len(neighbours), dtype=np.int64)
    types[known] = g.types[neighbours[known]]
    for i in np.flatnonzero(~known).tolist():
        types[i] = graph.type_code(int(neighbours[i]))
    return kinds, types
