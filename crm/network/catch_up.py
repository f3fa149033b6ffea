"""Brings a mapped compact graph up to date with the change log, pair by pair.

A change can alter only some edges (docs/analysis.md, "Building and updating"): the
pairs of the changed links, before and after; the members of a hub whose weighed size
moved (members counted by the database); the people pairs whose cohort tie a changed
alumni study can move (crm.network.cohort_changes: its field group's overlapping
studies, or every cohort pair of the organisation when the study it was is unknown);
every edge of a removed node. Cohort-only people pairs and a moved hub's
membership-only edges are derived in memory (crm.network.memory_edges); the other
pairs are re-read from the database (every link between their ends, the hubs' sizes,
the pairs' cohort ties) and weighed by the same builder as a rebuild, so the result is
the graph a rebuild would give (a property test checks it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Final

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_columns as q
from crm.graph.columns import TYPE_CODE, Alumnus, NetworkColumns
from crm.graph.compact import CompactGraph, node_key
from crm.graph.compact_build import build_compact, node_indices
from crm.graph.live import Edge, LiveGraph
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.graph.strength import weighed_size
from crm.network.cohort_changes import CohortChanges, OrgAlumni, pair_cohorts, snapshot_study
from crm.network.columns_source import ROW_TABLES, RowIndex, add_link_rows, load_columns
from crm.network.memory_edges import cohort_edges, member_edge, rescale_members
from crm.network.org_studies import SnapshotStudies, study_arrays

__all__ = ["PairIndex", "catch_up", "pair_index_arrays"]

NODE_TABLES = {"person": PERSON, "organization": ORGANIZATION, "event": EVENT, "project": PROJECT}
_HUB_TABLES = {ORGANIZATION: "organization", EVENT: "event", PROJECT: "project"}
_ROW_SHIFT = 48
Pair = tuple[int, int]


def _pair(u: int, v: int) -> Pair:
    return (u, v) if u < v else (v, u)


def pair_index_arrays(
    columns: NetworkColumns, rows: RowIndex, graph: CompactGraph
) -> dict[str, np.ndarray]:
    """The pairs each link row produced, as snapshot arrays: `row_key` (table << 48 | id,
    sorted) and the node indices `row_a`, `row_b`."""
    a = node_indices(graph.types, graph.ids, columns.a_type, columns.a_id)
    b = node_indices(graph.types, graph.ids, columns.b_type, columns.b_id)
    table = np.frombuffer(rows.table, dtype=np.uint8).astype(np.int64)
    key = (table << _ROW_SHIFT) | np.frombuffer(rows.row, dtype=np.int64)
    keep = (a >= 0) & (b >= 0) & (a != b)
    order = np.argsort(key[keep], kind="stable")
    return {
        "row_key": key[keep][order],
        "row_a": a[keep][order].astype(np.int32),
        "row_b": b[keep][order].astype(np.int32),
        **study_arrays(columns.alumni),
    }


@dataclass
class PairIndex:
    """Which pairs each link row produced: the snapshot's arrays, then rows changed since."""

    arrays: dict[str, np.ndarray]
    later: dict[tuple[int, int], list[Pair]] = field(default_factory=dict)
    #: affiliation rows changed since: the alumni study each is (None: none)
    studies: dict[int, Alumnus | None] = field(default_factory=dict)
    #: organisations' studies now, as the last catch-ups left them
    alumni: OrgAlumni = field(default_factory=dict)

    @cached_property
    def snapshot_studies(self) -> SnapshotStudies | None:
        """The studies now from the snapshot's and the rows seen since (None: the
        snapshot kept none)."""
        if "study_row" not in self.arrays:
            return None
        return SnapshotStudies(self.arrays, self.studies)

    def study_before(self, row: int, pairs: list[Pair]) -> Alumnus | str | None:
        """The alumni study an affiliation row was: remembered for rows seen since the
        snapshot, none for rows that made no pair, else the snapshot's (UNKNOWN when
        the snapshot kept no studies)."""
        if row in self.studies:
            return self.studies[row]
        return snapshot_study(self.arrays, row) if pairs else None

    def pairs(self, table: str, row: int) -> list[Pair]:
        code = ROW_TABLES.index(table)
        changed = self.later.get((code, row))
        if changed is not None:
            return changed
        keys = self.arrays["row_key"]
        wanted = (code << _ROW_SHIFT) | row
        start, stop = np.searchsorted(keys, [wanted, wanted + 1])
        a, b = self.arrays["row_a"], self.arrays["row_b"]
        return [_pair(int(a[i]), int(b[i])) for i in range(int(start), int(stop))]


@dataclass
class _Work:
    dirty: set[Pair] = field(default_factory=set)
    hubs: set[int] = field(default_factory=set)
    cohorts: CohortChanges = field(default_factory=CohortChanges)
    #: hub edges rescaled in memory
    rescaled: int = 0
    #: how many times each pair was touched (by a row before or after, or a node)
    touched: Counter[Pair] = field(default_factory=Counter)
    #: pairs with no edge that a new affiliation ties: (role weight, end day)
    joined: dict[Pair, tuple[float, int]] = field(default_factory=dict)

    def touch(self, live: LiveGraph, u: int, v: int) -> None:
        self.dirty.add(_pair(u, v))
        self.touched[_pair(u, v)] += 1
        for end in (u, v):
            if live.type_name(end) in _HUB_TABLES:
                self.hubs.add(end)


async def catch_up(
    session: AsyncSession,
    live: LiveGraph,
    index: PairIndex,
    changes: Iterable[tuple[str, int]],
    *,
    today: date,
    exclude: frozenset[str],
) -> int:
    """Apply the changed rows (table, id) to `live`; how many pairs were re-weighed."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for entity, entity_id in changes:
        wanted[entity].add(entity_id)
    work = _Work()
    await _nodes(session, live, wanted, work, exclude)
    await _links(session, live, index, wanted, work)
    await _hub_sizes(session, live, work, exclude)
    alumni = index.alumni
    linked = set(work.dirty)
    source = index.snapshot_studies
    await work.cohorts.mark(session, live, index.studies, work.dirty, alumni, today, source)
    for pair, (base, day) in work.joined.items():  # a first tie, alone in the batch
        if work.touched[pair] == 1 and pair in work.dirty:
            member_edge(live, pair, base, day, today)
            work.dirty.discard(pair)
    await _reweigh(
        session, live, work.dirty, (linked, alumni, source), today=today, exclude=exclude
    )
    return len(work.dirty) + work.rescaled


async def _nodes(
    session: AsyncSession,
    live: LiveGraph,
    wanted: dict[str, set[int]],
    work: _Work,
    exclude: frozenset[str],
) -> None:
    for table, type_name in NODE_TABLES.items():
        ids = wanted.get(table)
        if not ids:
            continue
        found: dict[int, Any] = {r[0]: r for r in await q.rows_of(session, table, ids)}
        for node_id in sorted(ids):
            key = f"{type_name}:{node_id}"
            i = live.index(key)
            row = found.get(node_id)
            if row is None or key in exclude:
                if i is not None:
                    work.cohorts.removed(live, i)
                    for v in live.neighbors(i):
                        work.touch(live, i, v)
                    live.remove_node(i)
                continue
            i = live.add_node(TYPE_CODE[type_name], node_id, row[1])
            if table == "event":  # attendance ages with the event's date
                for v in live.neighbors(i):
                    work.touch(live, i, v)


async def _links(
    session: AsyncSession,
    live: LiveGraph,
    index: PairIndex,
    wanted: dict[str, set[int]],
    work: _Work,
) -> None:
    for table in ROW_TABLES:
        ids = wanted.get(table)
        if not ids:
            continue
        code = ROW_TABLES.index(table)
        for row in ids:
            before = index.pairs(table, row)
            for u, v in before:
                work.touch(live, u, v)
            if table == "affiliation":
                work.cohorts.row(live, row, index.study_before(row, before), before)
        columns, rows = NetworkColumns(), RowIndex()
        found = await q.rows_of(session, table, ids)
        add_link_rows(columns, rows, table, found)
        now: dict[int, list[Pair]] = {row: [] for row in ids}
        for k, row in enumerate(rows.row):
            a = live.index(node_key(columns.a_type[k], columns.a_id[k]))
            b = live.index(node_key(columns.b_type[k], columns.b_id[k]))
            if a is None or b is None or a == b:
                continue
            now[row].append(_pair(a, b))
            work.touch(live, a, b)
            if table == "affiliation" and live.edge(a, b) is None:
                work.joined[_pair(a, b)] = (columns.base[k], columns.day[k])
        if table == "affiliation":
            work.cohorts.read(live, found, [p for pairs in now.values() for p in pairs])
        for row, pairs in now.items():
            index.later[code, row] = pairs


async def _hub_sizes(
    session: AsyncSession, live: LiveGraph, work: _Work, exclude: frozenset[str]
) -> None:
    """Recount the members of touched hubs; a weighed size that moved rescales the
    edges to its members (crm.network.memory_edges) or re-weighs them."""
    by_table: dict[str, set[int]] = defaultdict(set)
    for hub in work.hubs:
        by_table[_HUB_TABLES[live.type_name(hub)]].add(int(live.key(hub).partition(":")[2]))
    people = [int(k.partition(":")[2]) for k in exclude if k.startswith(f"{PERSON}:")]
    counts = await q.hub_member_counts(session, by_table, excluded_people=people)
    for hub in work.hubs:
        if hub in live.removed:
            continue
        size, before = max(counts.get(live.key(hub), 0), 1), max(live.size(hub), 1)
        if weighed_size(size) != weighed_size(before):
            left = rescale_members(live, hub, before, size)
            work.rescaled += live.degree(hub) - len(left)
            work.dirty |= left
        live.sizes[hub] = size


async def _reweigh(
    session: AsyncSession,
    live: LiveGraph,
    dirty: set[Pair],
    known: tuple[set[Pair], OrgAlumni, SnapshotStudies | None],
    *,
    today: date,
    exclude: frozenset[str],
) -> None:
    """Recompute every dirty pair: its cohort ties (from every organisation both studied
    at); a people pair with no changed link (not in `linked`) and no tie but a cohort
    one from that alone, the others from the database: their links, their hubs' sizes.
    Pairs with a hub end are read apart: their links never include the people-only
    tables (a hub's members would otherwise bring every relationship among them)."""
    pairs = [p for p in dirty if p[0] not in live.removed and p[1] not in live.removed]
    ends = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    codes = live.type_codes(ends.ravel()).reshape(-1, 2)
    people = (codes == TYPE_CODE[PERSON]).all(axis=1)
    u, v = ends[people, 0], ends[people, 1]
    if len(u):
        a, b = live.ids_of(u), live.ids_of(v)
        linked, alumni, source = known
        value = await pair_cohorts(session, live, a, b, alumni, today, source)
        left = cohort_edges(live, u.tolist(), v.tolist(), value.tolist(), linked)
        tied = left & (value > 0.0)
        cohorts = list(zip(a[tied].tolist(), b[tied].tolist(), value[tied].tolist(), strict=True))
        if left.any():
            again = set(zip(u[left].tolist(), v[left].tolist(), strict=True))
            await _reweigh_pairs(session, live, again, cohorts, today=today, exclude=exclude)
    hubs = {(int(x), int(y)) for x, y in ends[~people].tolist()}
    if hubs:
        await _reweigh_pairs(
            session, live, hubs, [], today=today, exclude=exclude, skip=_PEOPLE_ONLY
        )


#: link tables whose both ends are people
_PEOPLE_ONLY: Final = ("relationship", "interaction")


async def _reweigh_pairs(
    session: AsyncSession,
    live: LiveGraph,
    dirty: set[Pair],
    cohorts: list[tuple[int, int, float]],
    *,
    today: date,
    exclude: frozenset[str],
    skip: tuple[str, ...] = (),
) -> None:
    among: dict[str, set[int]] = defaultdict(set)
    for pair in dirty:
        for end in pair:
            type_name, _, raw = live.key(end).partition(":")
            among[_table_of(type_name)].add(int(raw))
    columns, _ = await load_columns(session, among, skip=skip)
    person = TYPE_CODE[PERSON]
    for k in range(len(columns.node_id)):
        if columns.node_type[k] == person:
            continue
        i = live.index(node_key(columns.node_type[k], columns.node_id[k]))
        if i is not None:
            columns.node_declared[k] = live.size(i)
    columns.cohorts = cohorts
    columns.alumni = []
    mini = build_compact(columns, today=today, exclude=exclude)
    for u, v in dirty:
        mu, mv = mini.index(live.key(u)), mini.index(live.key(v))
        at = mini.edge_position(mu, mv) if mu is not None and mv is not None else None
        if at is None:
            live.set_edge(u, v, None)
        else:
            edge = Edge(
                float(mini.strength[at]),
                float(mini.cost[at]),
                int(mini.kind[at]),
                int(mini.kinds[at]),
            )
            live.set_edge(u, v, edge)


def _table_of(type_name: str) -> str:
    return {v: k for k, v in NODE_TABLES.items()}[type_name]
