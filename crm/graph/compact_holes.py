"""Burt's constraint and effective size on the compact graph, with NumPy over whole rows.

The same definitions as crm.graph.connectors.StructuralHoles (networkx's, for weighted
undirected graphs): with p(u, w) = w(u, w) / Σ_x w(u, x) and m(u, w) = w(u, w) / max_x
w(u, x),

    constraint(v)     = Σ_n∈N(v) (p(v, n) + Σ_w∈N(v) p(v, w)·p(w, n))²
    effective_size(v) = Σ_u∈N(v) (1 − Σ_w∈N(v) p(v, w)·m(u, w))

Both sums over w only see pairs of v's neighbours that are tied to each other, so the
work is the pairs of neighbours of each node (Σ degree², ~3·10⁷ for the 20,000 people
ranked at 1M people): each pair is looked up at once in the sorted edge keys of the CSR
arrays, a chunk of nodes at a time, instead of a dictionary lookup per pair in Python
(which took 14 µs a pair and did not finish at 1M people). A hub's own total and
strongest tie come from its row, so a 5,000-member organisation costs its degree once,
not once per pair.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from crm.graph.compact import CompactGraph, Floats, Int64s

__all__ = ["PAIRS_PER_CHUNK", "structural_holes"]

#: pairs of neighbours looked up at once (memory: ~60 bytes a pair)
PAIRS_PER_CHUNK: Final = 4_000_000


def structural_holes(graph: CompactGraph, nodes: Int64s) -> tuple[Floats, Floats]:
    """Constraint and effective size of `nodes` (node indices), NaN for every other node
    and for a node without neighbours."""
    n = graph.node_count
    indptr = np.asarray(graph.indptr, dtype=np.int64)
    strength = np.asarray(graph.strength, dtype=np.float64)
    degree = np.diff(indptr)
    owner = np.repeat(np.arange(n, dtype=np.int64), degree)
    total = np.bincount(owner, weights=strength, minlength=n).astype(np.float64)
    strongest = np.zeros(n)
    np.maximum.at(strongest, owner, strength)
    # CSR rows are sorted by neighbour: the keys source·n + target are ascending
    keys = owner * n + np.asarray(graph.neighbors, dtype=np.int64)
    del owner
    constraint, size = np.full(n, np.nan), np.full(n, np.nan)
    nodes = np.asarray(nodes, dtype=np.int64)
    nodes = nodes[degree[nodes] > 0]
    pairs = np.cumsum(degree[nodes] ** 2)
    start = 0
    while start < len(nodes):
        stop = int(np.searchsorted(pairs, (pairs[start - 1] if start else 0) + PAIRS_PER_CHUNK))
        stop = max(stop, start + 1)
        chunk = nodes[start:stop]
        c, e = _chunk(graph, indptr, strength, keys, total, strongest, chunk)
        constraint[chunk], size[chunk] = c, e
        start = stop
    return constraint, size


def _chunk(
    graph: CompactGraph,
    indptr: Int64s,
    strength: Floats,
    keys: Int64s,
    total: Floats,
    strongest: Floats,
    chunk: Int64s,
) -> tuple[Floats, Floats]:
    n = graph.node_count
    neighbors = graph.neighbors
    first, degree = indptr[chunk], indptr[chunk + 1] - indptr[chunk]
    # every edge (v, x) of the chunk's rows: its CSR position and its node's place in chunk
    edge_owner = np.repeat(np.arange(len(chunk)), degree)
    edge_at = _ranges(first, degree)
    share = strength[edge_at] / total[chunk][edge_owner]  # p(v, x)
    # every ordered pair (w, x) of one node's neighbours: positions of both edges
    w_edge = np.repeat(np.arange(len(edge_at)), degree[edge_owner])
    x_edge = _ranges((np.cumsum(degree) - degree)[edge_owner], degree[edge_owner])
    w, x = neighbors[edge_at[w_edge]].astype(np.int64), neighbors[edge_at[x_edge]]
    wanted = w * n + x
    found = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    tied = keys[found] == wanted
    w_edge, x_edge, w, tie = w_edge[tied], x_edge[tied], w[tied], strength[found[tied]]
    del wanted, found
    x_of = neighbors[edge_at[x_edge]]
    # Σ_w p(v, w)·p(w, x) and Σ_w p(v, w)·m(x, w), per edge (v, x)
    indirect = np.bincount(x_edge, weights=share[w_edge] * tie / total[w], minlength=len(edge_at))
    redundant = np.bincount(
        x_edge, weights=share[w_edge] * tie / strongest[x_of], minlength=len(edge_at)
    )
    places = len(chunk)
    constraint = np.bincount(edge_owner, weights=(share + indirect) ** 2, minlength=places)
    has_tie = strongest[neighbors[edge_at]] > 0
    effective = np.where(has_tie, 1.0 - redundant, 1.0)
    size = np.bincount(edge_owner, weights=effective, minlength=places)
    return constraint.astype(np.float64), size.astype(np.float64)


def _ranges(starts: Int64s, lengths: Int64s) -> Int64s:
    """The concatenation of range(start, start + length) for each pair."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    block = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + (np.arange(total, dtype=np.int64) - block)
