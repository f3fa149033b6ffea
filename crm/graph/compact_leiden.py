"""Leiden communities of a large compact graph: networkit's ParallelLeiden on its arrays.

igraph's `community_leiden` (crm.graph.engine.leiden) is the engine below
NETWORKIT_EDGES. Above, it costs too much: on the 1M-people graph (11.7M edges) its two
iterations took 85 s of CPU, two thirds of it in its node moves, 3.6× networkit's
ParallelLeiden at the same modularity (0.416); one iteration still 2.2× and less modular
(0.379). Neither the node order nor its random numbers change that (docs/benchmarks.md).
networkit gets the graph from the CSR arrays, each edge once (the upper triangle),
without a copy per edge in Python: 1.9 s at 1M, against 10 s for igraph's copy.

One thread, seeded: the same graph and seed give the same partition. With more threads
networkit's moves race and the partition changes from run to run (for less CPU in all
on this machine: 24 s with one thread at 1M, 27 s with two).
"""

from __future__ import annotations

import threading
from typing import Any, Final

import numpy as np
from scipy.sparse import csr_matrix

from crm.graph.compact import CompactGraph, Int64s

__all__ = ["NETWORKIT_EDGES", "leiden_labels"]

#: from this many edges the communities are networkit's ParallelLeiden, igraph's below
NETWORKIT_EDGES: Final = 2_000_000

# networkit's thread count and random generators are process-wide: one run at a time
_LOCK = threading.Lock()


def leiden_labels(graph: CompactGraph, *, seed: int) -> Int64s:
    """Each node's community by node index (networkit's subset ids, not consecutive):
    ParallelLeiden on modularity (resolution 1) over the strengths, one thread, seeded."""
    import networkit as nk  # 0.8 s to import: only the runs on a large graph need it

    if graph.node_count == 0:
        return np.zeros(0, dtype=np.int64)
    network = _networkit_graph(nk, graph)
    with _LOCK:
        threads = nk.getMaxNumberOfThreads()
        nk.setNumberOfThreads(1)
        try:
            nk.engineering.setSeed(seed, False)
            partition = nk.community.ParallelLeiden(network).run().getPartition()
        finally:
            nk.setNumberOfThreads(threads)
    return np.asarray(partition.getVector(), dtype=np.int64)


def _networkit_graph(nk: Any, graph: CompactGraph) -> Any:
    """The weighted undirected networkit graph (node i = node i): the CSR rows cut to
    their neighbours above the row, so each edge is read once."""
    n = graph.node_count
    indptr = np.asarray(graph.indptr, dtype=np.int64)
    neighbors = np.asarray(graph.neighbors)
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    upper = neighbors > rows
    kept = np.concatenate(([0], np.cumsum(upper, dtype=np.int64)))[indptr]
    matrix = csr_matrix(
        (np.asarray(graph.strength, dtype=np.float64)[upper], neighbors[upper], kept),
        shape=(n, n),
    )
    return nk.GraphFromCsr(matrix, directed=False, weighted=True)
