"""A compact graph plus the changes committed since it was built: what queries read.

The compact arrays (usually a mapped snapshot) are read-only. Changes committed after
the snapshot are kept beside them, per node: a changed node's whole row of neighbours
as a dict, new nodes after the last index, removed nodes, new labels and hub sizes.
Reading a row of an unchanged node costs a slice of the arrays; a changed one, its
dict. crm.network.live_cache fills the changes from the database's change log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from crm.graph.compact import KIND_BIT, KINDS, NODE_TYPES, CompactGraph, node_key
from crm.graph.strength import HOP_COST, MIN_STRENGTH, cost_of

__all__ = ["Edge", "Gathered", "LiveGraph"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]


class Edge(NamedTuple):
    strength: float
    cost: float
    #: index into KINDS of the strongest tie
    kind: int
    #: a bit per kind of tie (KIND_BIT)
    kinds: int


class Gathered(NamedTuple):
    """Every edge of some nodes, as arrays: the position in the nodes asked for, the
    neighbour, and the asked-for fields of the edge ("cost", "strength", "kind")."""

    origin: Ints
    neighbors: Ints
    fields: dict[str, np.ndarray]


@dataclass
class LiveGraph:
    base: CompactGraph
    rows: dict[int, dict[int, Edge]] = field(default_factory=dict)
    #: nodes added after the snapshot: index → (type code, id)
    added: dict[int, tuple[int, int]] = field(default_factory=dict)
    added_index: dict[str, int] = field(default_factory=dict)
    removed: set[int] = field(default_factory=set)
    labels: dict[int, str] = field(default_factory=dict)
    sizes: dict[int, int] = field(default_factory=dict)
    #: True for each snapshot node whose row is in `rows` (what `gather` reads apart)
    _changed: npt.NDArray[np.bool_] | None = field(default=None, repr=False)
    #: hubs whose weighed size moved since the snapshot → (√(size factor now / then),
    #: their membership kind's bit): an edge of an unchanged row between such a hub and a
    #: person, of that kind alone, is read scaled unless either value would be clamped
    #: (the membership tie is √(role × recency × size factor): docs/analysis.md)
    scaled: dict[int, tuple[float, int]] = field(default_factory=dict)
    #: changed rows as arrays (neighbours, then each Edge field), built when gathered
    _arrays: dict[int, tuple[np.ndarray, ...]] = field(default_factory=dict, repr=False)

    # -- nodes -----------------------------------------------------------------------

    @property
    def node_count(self) -> int:
        """Indices in use (removed nodes keep theirs)."""
        return self.base.node_count + len(self.added)

    def index(self, key: str) -> int | None:
        found = self.added_index.get(key)
        if found is None:
            found = self.base.index(key)
        return None if found is None or found in self.removed else found

    def indices(self, type_code: int, ids: Iterable[int]) -> Ints:
        """The node index of each (type_code, id) at once, -1 where there is none."""
        if isinstance(ids, np.ndarray):
            wanted = ids.astype(np.int64, copy=False)
        else:
            wanted = np.fromiter(ids, dtype=np.int64)
        g = self.base
        needles = np.array([type_code, type_code + 1], dtype=g.types.dtype)
        start, stop = (int(x) for x in np.searchsorted(g.types, needles))
        out = np.full(len(wanted), -1, dtype=np.int64)
        if stop > start and len(wanted):
            at = np.minimum(np.searchsorted(g.ids[start:stop], wanted), stop - start - 1)
            found = g.ids[start:stop][at] == wanted
            out[found] = start + at[found]
        if self.added_index:
            for k in np.flatnonzero(out < 0).tolist():
                out[k] = self.added_index.get(node_key(type_code, int(wanted[k])), -1)
        if self.removed:
            removed = np.fromiter(self.removed, dtype=np.int64, count=len(self.removed))
            out[np.isin(out, removed)] = -1
        return out

    def type_codes(self, nodes: Ints) -> Ints:
        """The type code of each node index at once."""
        return self._of_nodes(nodes, self.base.types, 0)

    def ids_of(self, nodes: Ints) -> Ints:
        """The record id of each node index at once."""
        return self._of_nodes(nodes, self.base.ids, 1)

    def _of_nodes(self, nodes: Ints, column: np.ndarray, part: int) -> Ints:
        inside = nodes < self.base.node_count
        out = np.zeros(len(nodes), dtype=np.int64)
        out[inside] = column[nodes[inside]]
        for k in np.flatnonzero(~inside).tolist():
            out[k] = self.added[int(nodes[k])][part]
        return out

    def __contains__(self, key: str) -> bool:
        return self.index(key) is not None

    def key(self, i: int) -> str:
        if i in self.added:
            return node_key(*self.added[i])
        return self.base.key(i)

    def type_code(self, i: int) -> int:
        return self.added[i][0] if i in self.added else int(self.base.types[i])

    def type_name(self, i: int) -> str:
        return NODE_TYPES[self.type_code(i)]

    def label(self, i: int) -> str:
        label = self.labels.get(i)
        return label if label is not None else self.base.label(i)

    def size(self, i: int) -> int:
        size = self.sizes.get(i)
        if size is not None:
            return size
        return int(self.base.sizes[i]) if i < self.base.node_count else 0

    def add_node(self, type_code: int, node_id: int, label: str) -> int:
        key = node_key(type_code, node_id)
        i = self.index(key)
        if i is None:
            old = self.base.index(key)
            if old is not None:  # removed, then back
                self.removed.discard(old)
                i = old
            else:
                i = self.node_count
                self.added[i] = (type_code, node_id)
                self.added_index[key] = i
            self._set_row(i, {})
        self.labels[i] = label
        return i

    def remove_node(self, i: int) -> None:
        for v in list(self.row(i)):
            self.set_edge(i, v, None)
        self.removed.add(i)
        self.scaled.pop(i, None)
        self._set_row(i, {})

    def _set_row(self, i: int, row: dict[int, Edge]) -> dict[int, Edge]:
        self.rows[i] = row
        self._arrays.pop(i, None)
        if i < self.base.node_count:
            if self._changed is None:
                self._changed = np.zeros(self.base.node_count, dtype=bool)
            self._changed[i] = True
        return row

    # -- edges -----------------------------------------------------------------------

    def row(self, i: int) -> dict[int, Edge]:
        """Node i's neighbours and edges (a copy for an unchanged node)."""
        changed = self.rows.get(i)
        if changed is not None:
            return changed
        if i >= self.base.node_count:
            return {}
        neighbors, strength, cost = self._base_row(i)
        g = self.base
        start, stop = int(g.indptr[i]), int(g.indptr[i + 1])
        return dict(
            zip(
                neighbors.tolist(),
                map(
                    Edge,
                    strength.tolist(),
                    cost.tolist(),
                    g.kind[start:stop].tolist(),
                    g.kinds[start:stop].tolist(),
                ),
                strict=True,
            )
        )

    def _base_row(self, i: int) -> tuple[Ints, np.ndarray, np.ndarray]:
        """An unchanged row's neighbours, strengths and costs, scaled hubs applied."""
        g = self.base
        start, stop = int(g.indptr[i]), int(g.indptr[i + 1])
        neighbors = g.neighbors[start:stop].astype(np.int64)
        strength, cost = g.strength[start:stop], g.cost[start:stop]
        if self.scaled:
            positions = np.arange(start, stop, dtype=np.int64)
            owner = np.full(stop - start, i, dtype=np.int64)
            at, scaled, costs = self._scaling(owner, neighbors, positions)
            if len(at):
                strength, cost = strength.copy(), cost.copy()
                strength[at], cost[at] = scaled, costs
        return neighbors, strength, cost

    def base_steps(self, i: int) -> tuple[Ints, np.ndarray]:
        """An unchanged row's neighbours and costs as arrays (scaled hubs applied)."""
        neighbors, _, cost = self._base_row(i)
        return neighbors, cost

    def _scaling(self, owner: Ints, neighbor: Ints, positions: Ints) -> tuple[Ints, Floats, Floats]:
        """Which edges of unchanged rows (at CSR `positions`, from `owner` to `neighbor`)
        a scaled hub moves: their indices, new strengths and costs."""
        hubs = np.fromiter(self.scaled, dtype=np.int64, count=len(self.scaled))
        from_hub, to_hub = np.isin(owner, hubs), np.isin(neighbor, hubs)
        k = np.flatnonzero(from_hub | to_hub)
        hub = np.where(from_hub[k], owner[k], neighbor[k])
        other = np.where(from_hub[k], neighbor[k], owner[k])
        factors = [self.scaled[h] for h in hub.tolist()]
        ratio = np.array([f[0] for f in factors], dtype=np.float64)
        bit = np.array([f[1] for f in factors], dtype=np.int64)
        g = self.base
        old = g.strength[positions[k]]
        new = old * ratio
        person = g.types[other] == NODE_TYPES.index("Person")
        exact = (np.minimum(old, new) > MIN_STRENGTH) & (np.maximum(old, new) < 1.0)
        ok = (g.kinds[positions[k]].astype(np.int64) == bit) & person & exact
        return k[ok], new[ok], -np.log(new[ok]) + HOP_COST

    def neighbors(self, i: int) -> list[int]:
        changed = self.rows.get(i)
        if changed is not None:
            return list(changed)
        if i >= self.base.node_count:
            return []
        g = self.base
        neighbors: list[int] = g.neighbors[g.indptr[i] : g.indptr[i + 1]].tolist()
        return neighbors

    def steps(self, i: int) -> tuple[list[int], list[float]]:
        """Neighbours and the costs of the edges to them."""
        changed = self.rows.get(i)
        if changed is not None:
            return list(changed), [e.cost for e in changed.values()]
        if i >= self.base.node_count:
            return [], []
        neighbors, cost = self.base_steps(i)
        return neighbors.tolist(), cost.tolist()

    def gather(self, nodes: Ints, fields: tuple[str, ...] = ("cost",)) -> Gathered:
        """The edges of `nodes` as arrays: the unchanged rows in one gather from the
        compact arrays (a hub's thousands of members are a slice, not a loop)."""
        base = self.base
        plain = nodes < base.node_count
        if self._changed is not None:
            inside = np.flatnonzero(plain)
            plain[inside] = ~self._changed[nodes[inside]]
        at = np.flatnonzero(plain)
        starts = base.indptr[nodes[at]]
        lengths = base.indptr[nodes[at] + 1] - starts
        # each row's edges: its start, then one by one
        skip = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
        positions = skip + np.arange(int(lengths.sum()), dtype=np.int64)
        origin = [np.repeat(at, lengths)]
        neighbors = [base.neighbors[positions].astype(np.int64)]
        values = {name: [getattr(base, name)[positions]] for name in fields}
        if self.scaled:
            moved = self._scaling(nodes[origin[0]], neighbors[0], positions)
            for name, column in (("strength", moved[1]), ("cost", moved[2])):
                if name in values:
                    values[name][0][moved[0]] = column
        for i in np.flatnonzero(~plain).tolist():
            row = self._row_arrays(int(nodes[i]))
            origin.append(np.full(len(row[0]), i, dtype=np.int64))
            neighbors.append(row[0])
            for name in fields:
                values[name].append(row[1 + Edge._fields.index(name)])
        return Gathered(
            np.concatenate(origin),
            np.concatenate(neighbors),
            {name: np.concatenate(parts) for name, parts in values.items()},
        )

    def _row_arrays(self, i: int) -> tuple[np.ndarray, ...]:
        """A changed row as arrays, in the compact arrays' dtypes (kept until it changes)."""
        found = self._arrays.get(i)
        if found is None:
            row = self.row(i)
            g = self.base
            edges = list(row.values())
            found = (
                np.fromiter(row, dtype=np.int64, count=len(row)),
                np.array([e.strength for e in edges], dtype=g.strength.dtype),
                np.array([e.cost for e in edges], dtype=g.cost.dtype),
                np.array([e.kind for e in edges], dtype=g.kind.dtype),
                np.array([e.kinds for e in edges], dtype=g.kinds.dtype),
            )
            self._arrays[i] = found
        return found

    def degree(self, i: int) -> int:
        changed = self.rows.get(i)
        if changed is not None:
            return len(changed)
        return self.base.degree(i) if i < self.base.node_count else 0

    def edge(self, u: int, v: int) -> Edge | None:
        changed = self.rows.get(u)
        if changed is not None:
            return changed.get(v)
        if u >= self.base.node_count:
            return None
        at = self.base.edge_position(u, v)
        if at is None:
            return None
        g = self.base
        strength, cost = float(g.strength[at]), float(g.cost[at])
        if u in self.scaled or v in self.scaled:
            ends = np.array([u], dtype=np.int64), np.array([v], dtype=np.int64)
            moved = self._scaling(*ends, np.array([at], dtype=np.int64))
            if len(moved[0]):
                strength, cost = float(moved[1][0]), float(moved[2][0])
        return Edge(strength, cost, int(g.kind[at]), int(g.kinds[at]))

    def set_edge(self, u: int, v: int, edge: Edge | None) -> None:
        """Replace (or with None remove) the edge between u and v, both ways."""
        for a, b in ((u, v), (v, u)):
            row = self.rows.get(a)
            if row is None:
                row = self._set_row(a, self.row(a))
            else:
                self._arrays.pop(a, None)
            if edge is None:
                row.pop(b, None)
            else:
                row[b] = edge

    def scale_members(
        self, hub: int, members: Ints, strength: Floats, bit: int, total: float
    ) -> None:
        """Give the membership-only edges between a hub and these members these strengths:
        in the changed rows now, in unchanged rows as they are read (each the snapshot's
        strength × `total`, the hub's ratio since the snapshot)."""
        kind = KINDS.index(next(k for k, b in KIND_BIT.items() if b == bit))
        edges = {
            m: Edge(s, cost_of(s), kind, bit)
            for m, s in zip(members.tolist(), strength.tolist(), strict=True)
            if hub in self.rows or m in self.rows
        }
        for m, edge in edges.items():
            for a, b in ((hub, m), (m, hub)):
                row = self.rows.get(a)
                if row is not None:
                    row[b] = edge
                    self._arrays.pop(a, None)
        if hub < self.base.node_count:
            self.scaled[hub] = (total, bit)

    def has_kind(self, u: int, v: int, kind: str) -> bool:
        edge = self.edge(u, v)
        return edge is not None and bool(edge.kinds & KIND_BIT[kind])

    def kind_name(self, u: int, v: int) -> str:
        edge = self.edge(u, v)
        return KINDS[edge.kind] if edge is not None else ""

    def nodes(self) -> Iterable[int]:
        for i in range(self.node_count):
            if i not in self.removed:
                yield i

    @property
    def changed(self) -> bool:
        return bool(self.rows or self.added or self.removed or self.labels or self.sizes)
