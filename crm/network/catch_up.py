"""Brings a mapped compact graph up to date with the change log, pair by pair.

A change can alter only some edges (docs/analysis.md, "Building and updating"): the
pairs of the changed links, before and after; the members of a hub whose size moved;
the alumni pairs of an organisation whose cohorts changed; every edge of a removed
node. Those pairs are re-read from the database (every link between their ends, the
hubs' sizes, the pairs' cohort ties) and weighed by the same builder as a rebuild, so
the result is the graph a rebuild would give (a property test checks it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_columns as q
from crm.graph.columns import TYPE_CODE, Alumnus, NetworkColumns
from crm.graph.compact import CompactGraph, node_key
from crm.graph.compact_build import build_compact, node_indices, organization_cohorts
from crm.graph.live import Edge, LiveGraph
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.graph.strength import weighed_size
from crm.network.columns_source import ROW_TABLES, RowIndex, add_link_rows, load_columns

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
    }


@dataclass
class PairIndex:
    """Which pairs each link row produced: the snapshot's arrays, then rows changed since."""

    arrays: dict[str, np.ndarray]
    later: dict[tuple[int, int], list[Pair]] = field(default_factory=dict)

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
    cohort_orgs: set[int] = field(default_factory=set)
    #: people whose alumni studies may have changed (old or new ends)
    alumni: set[int] = field(default_factory=set)

    def touch(self, live: LiveGraph, u: int, v: int) -> None:
        self.dirty.add(_pair(u, v))
        for end in (u, v):
            kind = live.type_name(end)
            if kind in _HUB_TABLES:
                self.hubs.add(end)
            if kind == ORGANIZATION:
                self.cohort_orgs.add(int(live.key(end).partition(":")[2]))


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
    cohorts = await _cohorts(session, live, work, today)
    await _reweigh(session, live, work.dirty, cohorts, today=today, exclude=exclude)
    return len(work.dirty)


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
            for u, v in index.pairs(table, row):
                work.touch(live, u, v)
                if table == "affiliation":
                    work.alumni.update((u, v))
        columns, rows = NetworkColumns(), RowIndex()
        add_link_rows(columns, rows, table, await q.rows_of(session, table, ids))
        now: dict[int, list[Pair]] = {row: [] for row in ids}
        for k, row in enumerate(rows.row):
            a = live.index(node_key(columns.a_type[k], columns.a_id[k]))
            b = live.index(node_key(columns.b_type[k], columns.b_id[k]))
            if a is None or b is None or a == b:
                continue
            now[row].append(_pair(a, b))
            work.touch(live, a, b)
            if table == "affiliation":
                work.alumni.update((a, b))
        for row, pairs in now.items():
            index.later[code, row] = pairs


async def _hub_sizes(
    session: AsyncSession, live: LiveGraph, work: _Work, exclude: frozenset[str]
) -> None:
    """Recount the members of touched hubs; a weighed size that moved re-weighs them all."""
    by_table: dict[str, set[int]] = defaultdict(set)
    for hub in work.hubs:
        by_table[_HUB_TABLES[live.type_name(hub)]].add(int(live.key(hub).partition(":")[2]))
    members = await q.hub_members(session, by_table)
    for hub in work.hubs:
        if hub in live.removed:
            continue
        present = [m for m in members.get(live.key(hub), ()) if m not in exclude and m in live]
        size = max(len(present), 1)
        if weighed_size(size) != weighed_size(max(live.size(hub), 1)):
            work.dirty.update(_pair(hub, v) for v in live.neighbors(hub))
        live.sizes[hub] = size


async def _cohorts(
    session: AsyncSession, live: LiveGraph, work: _Work, today: date
) -> dict[int, dict[tuple[int, int], float]]:
    """The cohort ties of organisations whose alumni changed (person ids → strength); the
    alumni pairs whose tie may have appeared, changed or gone are marked dirty."""
    ties: dict[int, dict[tuple[int, int], float]] = {}
    if not work.cohort_orgs:
        return ties
    alumni = _alumni(await q.alumni_of(session, work.cohort_orgs), live)
    for org in work.cohort_orgs:
        if live.index(f"{ORGANIZATION}:{org}") is None:
            ties[org] = {}
            continue
        ties[org] = organization_cohorts(org, alumni.get(org, []), today=today)
        group = {live.index(f"{PERSON}:{s.person}") for s in alumni.get(org, [])}
        group |= {p for p in work.alumni if live.type_name(p) == PERSON}
        group.discard(None)
        for p in group:
            assert p is not None
            for v in live.neighbors(p):
                if v in group and live.has_kind(p, v, "cohort"):
                    work.dirty.add(_pair(p, v))
        for a, b in ties[org]:
            first, second = live.index(f"{PERSON}:{a}"), live.index(f"{PERSON}:{b}")
            if first is not None and second is not None:
                work.dirty.add(_pair(first, second))
    return ties


def _alumni(rows: Iterable[tuple[object, ...]], live: LiveGraph) -> dict[int, list[Alumnus]]:
    found: dict[int, list[Alumnus]] = defaultdict(list)
    for r in rows:
        person, org = int(r[1]), int(r[2])  # type: ignore[call-overload]
        if f"{PERSON}:{person}" in live:
            found[org].append(Alumnus(person, org, r[4], r[5], str(r[6] or "")))  # type: ignore[arg-type]
    return found


async def _reweigh(
    session: AsyncSession,
    live: LiveGraph,
    dirty: set[Pair],
    known: dict[int, dict[tuple[int, int], float]],
    *,
    today: date,
    exclude: frozenset[str],
) -> None:
    """Recompute every dirty pair from the database: its links, its hubs' sizes, its
    cohort ties (from every organisation both studied at)."""
    dirty = {p for p in dirty if p[0] not in live.removed and p[1] not in live.removed}
    among: dict[str, set[int]] = defaultdict(set)
    people: set[int] = set()
    for pair in dirty:
        for end in pair:
            type_name, _, raw = live.key(end).partition(":")
            among[_table_of(type_name)].add(int(raw))
            if type_name == PERSON:
                people.add(int(raw))
    columns, _ = await load_columns(session, among)
    for k in range(len(columns.node_id)):
        i = live.index(node_key(columns.node_type[k], columns.node_id[k]))
        if i is not None and live.type_name(i) != PERSON:
            columns.node_declared[k] = live.size(i)
    columns.cohorts = await _pair_cohorts(session, live, dirty, people, known, today)
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


async def _pair_cohorts(
    session: AsyncSession,
    live: LiveGraph,
    dirty: set[Pair],
    people: set[int],
    known: dict[int, dict[tuple[int, int], float]],
    today: date,
) -> list[tuple[int, int, float]]:
    """The cohort strength of each dirty pair of people: the strongest over every
    organisation both studied at."""
    studied = await q.alumni_orgs_of(session, people) if people else {}
    wanted: dict[tuple[int, int], set[int]] = {}
    for u, v in dirty:
        if live.type_name(u) != PERSON or live.type_name(v) != PERSON:
            continue
        a, b = (int(live.key(x).partition(":")[2]) for x in (u, v))
        common = studied.get(a, set()) & studied.get(b, set())
        if common:
            wanted[a, b] = common
    missing = {org for orgs in wanted.values() for org in orgs} - known.keys()
    if missing:
        alumni = _alumni(await q.alumni_of(session, missing), live)
        for org in missing:
            present = live.index(f"{ORGANIZATION}:{org}") is not None
            known[org] = (
                organization_cohorts(org, alumni.get(org, []), today=today) if present else {}
            )
    out = []
    for (a, b), orgs in wanted.items():
        pair = (a, b) if f"{PERSON}:{a}" <= f"{PERSON}:{b}" else (b, a)
        best = max((known[org].get(pair, 0.0) for org in orgs), default=0.0)
        if best > 0.0:
            out.append((a, b, best))
    return out
