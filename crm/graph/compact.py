"""The network as compact arrays (CSR): what a national-scale graph is held in.

A networkx graph costs about 1.5 KB per edge with its records (1.54 GB at 1M edges,
docs/benchmarks.md); these arrays cost 21 bytes per edge direction, and a snapshot
file of them is mapped read-only by every worker of a machine, so the pages are held
once (crm/graph/snapshot.py). Node i is `(types[i], ids[i])`, nodes ordered by type
(`NODE_TYPES` order) then id, so a key is found by binary search. Every edge is stored
in both directions: the neighbours of i are `neighbors[indptr[i]:indptr[i + 1]]`,
sorted, with the edge's `strength`, `cost`, `kind` (of its strongest tie) and `kinds`
(a bit per kind of tie behind it).

networkx stays the reference implementation: `crm.graph.build.build_graph` gives the
same strengths, costs and kinds (tests compare them edge by edge).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Final

import numpy as np
import numpy.typing as npt

from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT

__all__ = [
    "KINDS",
    "KIND_BIT",
    "NODE_TYPES",
    "CompactGraph",
    "node_key",
]

#: node types in index order
NODE_TYPES: Final = (PERSON, ORGANIZATION, EVENT, PROJECT)
#: the kinds of tie, in the order the reference model breaks ties between them (by name)
KINDS: Final = (
    "affiliation",
    "agreement_party",
    "attendance",
    "cohort",
    "interaction",
    "introduction",
    "parent",
    "participation",
    "relationship",
)
KIND_BIT: Final = {kind: 1 << i for i, kind in enumerate(KINDS)}

Int64s = npt.NDArray[np.int64]
Int32s = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]
Bytes = npt.NDArray[np.uint8]
Words = npt.NDArray[np.uint16]


def node_key(type_code: int, node_id: int) -> str:
    """ "Person:12" from (0, 12)."""
    return f"{NODE_TYPES[type_code]}:{node_id}"


@dataclass(frozen=True, eq=False)
class CompactGraph:
    """Nodes, labels, hub sizes and a CSR adjacency; the arrays may be memory-mapped."""

    #: node type code (index into NODE_TYPES), ascending
    types: Bytes
    #: database id of each node, ascending within a type
    ids: Int64s
    #: hub size (members of an organisation, event or project; 0 for people)
    sizes: Int64s
    #: UTF-8 labels: node i's is label_bytes[label_offsets[i]:label_offsets[i + 1]]
    label_bytes: Bytes
    label_offsets: Int64s
    indptr: Int64s
    neighbors: Int32s
    strength: Floats
    cost: Floats
    #: index into KINDS of the strongest tie
    kind: Bytes
    #: bit KIND_BIT[kind] set for every kind of tie behind the edge
    kinds: Words

    @property
    def node_count(self) -> int:
        return len(self.ids)

    @property
    def edge_count(self) -> int:
        return len(self.neighbors) // 2

    def arrays(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def index(self, key: str) -> int | None:
        """The node index of "Person:12", or None when the graph has no such node."""
        type_name, _, raw = key.partition(":")
        try:
            code, node_id = NODE_TYPES.index(type_name), int(raw)
        except ValueError:
            return None
        # the needles in the arrays' own types: numpy would otherwise cast the whole
        # array (a million nodes: 2 ms a lookup instead of microseconds)
        types, ids = self.types, self.ids
        start, stop = np.searchsorted(types, np.array([code, code + 1], dtype=types.dtype))
        at = int(start + np.searchsorted(ids[start:stop], ids.dtype.type(node_id)))
        if at < stop and int(self.ids[at]) == node_id:
            return at
        return None

    def key(self, i: int) -> str:
        return node_key(int(self.types[i]), int(self.ids[i]))

    def type_name(self, i: int) -> str:
        return NODE_TYPES[int(self.types[i])]

    def label(self, i: int) -> str:
        start, stop = self.label_offsets[i], self.label_offsets[i + 1]
        return bytes(self.label_bytes[start:stop]).decode()

    def degree(self, i: int) -> int:
        return int(self.indptr[i + 1] - self.indptr[i])

    def neighbors_of(self, i: int) -> Int32s:
        return self.neighbors[self.indptr[i] : self.indptr[i + 1]]

    def edge_position(self, u: int, v: int) -> int | None:
        """Where the edge u → v is in the edge arrays, or None."""
        start, stop = int(self.indptr[u]), int(self.indptr[u + 1])
        at = start + int(np.searchsorted(self.neighbors[start:stop], v))
        return at if at < stop and int(self.neighbors[at]) == v else None

    def edges(self) -> Iterator[tuple[int, int, int]]:
        """(u, v, position) for every edge once, u < v."""
        for u in range(self.node_count):
            start, stop = int(self.indptr[u]), int(self.indptr[u + 1])
            for offset, v in enumerate(self.neighbors[start:stop].tolist()):
                if u < v:
                    yield u, v, start + offset

    def edge_list(self) -> tuple[Int32s, Int32s, Int64s]:
        """Every edge once (u < v) as arrays: u, v, and the position of u → v."""
        sources = np.repeat(np.arange(self.node_count, dtype=np.int32), np.diff(self.indptr))
        forward = np.flatnonzero(sources < self.neighbors)
        return sources[forward], self.neighbors[forward], forward.astype(np.int64)
