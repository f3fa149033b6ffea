"""PageRank on the compact graph: a power iteration over its CSR arrays with SciPy.

networkx's definition (damping 0.85, weights `strength`, uniform teleport, a node
without ties hands its mass to every node alike), iterated until the L1 change is
below TOLERANCE. The arrays are the matrix already (CSR, symmetric), so nothing is
copied per edge; each step is one sparse product. igraph's PRPACK solved the linear
system exactly and cost 2.3× networkit's iteration on 1M edges; an iteration to 1e-10
agrees with networkx's to 1e-6 and ranks the top 100 alike (tests/graph).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from scipy.sparse import csr_array

from crm.graph.compact import CompactGraph, Floats

__all__ = ["DAMPING", "TOLERANCE", "pagerank"]

DAMPING: Final = 0.85
#: stop when Σ |x − x_previous| is below this (networkx's default stops at N·10⁻⁶)
TOLERANCE: Final = 1e-10
MAX_ITERATIONS: Final = 1000


def pagerank(graph: CompactGraph) -> Floats:
    """PageRank by node index (sums to 1)."""
    n = graph.node_count
    if n == 0:
        return np.zeros(0)
    matrix = csr_array(
        (
            np.asarray(graph.strength, dtype=np.float64),
            np.asarray(graph.neighbors),
            np.asarray(graph.indptr),
        ),
        shape=(n, n),
    )
    total = matrix.sum(axis=1)
    sinks = total == 0.0
    inverse = np.divide(1.0, total, out=np.zeros(n), where=~sinks)
    x = np.full(n, 1.0 / n)
    for _ in range(MAX_ITERATIONS):
        # symmetric: the transpose's product is the matrix's own
        following = DAMPING * (matrix @ (x * inverse))
        following += (DAMPING * x[sinks].sum() + 1.0 - DAMPING) / n
        change = np.abs(following - x).sum()
        x = following
        if change < TOLERANCE:
            break
    return x
