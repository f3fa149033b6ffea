"""The pieces a graph falls into when one node or one edge is removed (Tarjan's DFS).

One iterative depth-first search gives each node its preorder position, subtree size
and low-link; a subtree is then a contiguous slice of the preorder, so the nodes cut
off by an articulation point or a bridge are listed without searching again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["DepthFirst", "depth_first"]


@dataclass(slots=True)
class DepthFirst:
    """Preorder, discovery index, low-link, subtree size, DFS parent and root per node."""

    order: list[str] = field(default_factory=list)
    disc: dict[str, int] = field(default_factory=dict)
    low: dict[str, int] = field(default_factory=dict)
    size: dict[str, int] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    root: dict[str, str] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)

    def subtree(self, node: str) -> list[str]:
        start = self.disc[node]
        return self.order[start : start + self.size[node]]

    def component_size(self, node: str) -> int:
        return self.size[self.root[node]]

    def node_pieces(self, node: str) -> list[tuple[int, Iterator[str]]]:
        """The pieces left when `node` is removed, as (size, their nodes lazily)."""
        separated = [c for c in self.children.get(node, ()) if self.low[c] >= self.disc[node]]
        pieces = [(self.size[c], iter(self.subtree(c))) for c in separated]
        rest = self.component_size(node) - 1 - sum(self.size[c] for c in separated)
        if rest > 0:
            pieces.append((rest, self._rest(node, separated)))
        return pieces

    def bridge_sides(
        self, child: str
    ) -> tuple[tuple[int, Iterator[str]], tuple[int, Iterator[str]]]:
        """The two sides of the tree edge parent(child)–child: child's side first."""
        inside = (self.size[child], iter(self.subtree(child)))
        outside = (self.component_size(child) - self.size[child], self._outside(child))
        return inside, outside

    def _outside(self, node: str) -> Iterator[str]:
        root = self.root[node]
        start, end = self.disc[root], self.disc[root] + self.size[root]
        yield from self.order[start : self.disc[node]]
        yield from self.order[self.disc[node] + self.size[node] : end]

    def _rest(self, node: str, separated: list[str]) -> Iterator[str]:
        yield from self._outside(node)
        cut = set(separated)
        for child in self.children.get(node, ()):
            if child not in cut:
                yield from self.subtree(child)


def depth_first(graph: nx.Graph) -> DepthFirst:
    """One depth-first search over every component, without recursion."""
    dfs = DepthFirst()
    adj = graph.adj
    for start in graph:
        if start in dfs.disc:
            continue
        dfs.parent[start] = None
        _discover(dfs, start, start)
        stack = [(start, iter(adj[start]))]
        while stack:
            node, neighbours = stack[-1]
            for other in neighbours:
                if other not in dfs.disc:
                    dfs.parent[other] = node
                    dfs.children.setdefault(node, []).append(other)
                    _discover(dfs, other, start)
                    stack.append((other, iter(adj[other])))
                    break
                if other != dfs.parent[node]:
                    dfs.low[node] = min(dfs.low[node], dfs.disc[other])
            else:
                stack.pop()
                dfs.size[node] = len(dfs.order) - dfs.disc[node]
                if stack:
                    up = stack[-1][0]
                    dfs.low[up] = min(dfs.low[up], dfs.low[node])
    return dfs


def _discover(dfs: DepthFirst, node: str, root: str) -> None:
    dfs.disc[node] = dfs.low[node] = len(dfs.order)
    dfs.order.append(node)
    dfs.root[node] = root
