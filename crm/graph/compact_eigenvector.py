"""Eigenvector centrality on the compact graph: SciPy's ARPACK on the CSR arrays.

The definition of crm.graph.engine.eigenvector (weights `strength`): per connected
component the unit principal eigenvector, made non-negative, times the component's
leading eigenvalue over the largest one, so a node of a small separate group cannot
outrank the hubs of the main network. igraph computed the same with ARPACK too, but on
a subgraph copy of each component (the main one holds nearly every edge): at 1M people
63 s of CPU against 16 s here for the same values (docs/benchmarks.md).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import eigsh

from crm.graph.compact import CompactGraph, Floats

__all__ = ["eigenvector"]

#: components up to this many nodes are solved densely (ARPACK wants more rows)
DENSE_LIMIT: Final = 64


def _leading(matrix: csr_array) -> tuple[float, Floats]:
    """The largest eigenvalue of a connected component's matrix and its unit vector,
    pointing the positive way."""
    if matrix.shape[0] <= DENSE_LIMIT:
        values, vectors = np.linalg.eigh(matrix.toarray())
        value, vector = float(values[-1]), vectors[:, -1]
    else:
        # from the weighted degrees, as igraph starts: near the answer on such graphs
        start = np.asarray(matrix.sum(axis=1), dtype=np.float64).ravel()
        values, vectors = eigsh(matrix, k=1, which="LA", v0=start, tol=0.0)
        value, vector = float(values[0]), vectors[:, 0]
    vector = vector / (np.linalg.norm(vector) or 1.0)
    return value, -vector if vector.sum() < 0 else vector


def eigenvector(graph: CompactGraph) -> Floats:
    """Eigenvector centrality by node index (0 for a node without ties)."""
    n = graph.node_count
    scores = np.zeros(n)
    if n == 0:
        return scores
    matrix = csr_array(
        (
            np.asarray(graph.strength, dtype=np.float64),
            np.asarray(graph.neighbors),
            np.asarray(graph.indptr),
        ),
        shape=(n, n),
    )
    count, label = connected_components(matrix, directed=False)
    order = np.argsort(label, kind="stable")
    bounds = np.searchsorted(label[order], np.arange(count + 1))
    found: list[tuple[float, np.ndarray, Floats]] = []
    for c in range(count):
        members = order[bounds[c] : bounds[c + 1]]
        if len(members) < 2:
            continue
        part = matrix if len(members) == n else matrix[members][:, members]
        value, vector = _leading(csr_array(part))
        found.append((value, members, vector))
    top = max((value for value, _, _ in found), default=0.0)
    for value, members, vector in found:
        scores[members] = np.maximum(vector, 0.0) * (value / top if top > 0 else 0.0)
    return scores
