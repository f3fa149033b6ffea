"""Builds the compact graph from columns: the tie-strength model over whole arrays.

The same model as crm.graph.strength and crm.graph.build (docs/analysis.md), computed
with NumPy over every link at once instead of per pair in Python, so ten million
links are weighed in tens of seconds and a few GB instead of hours and tens of GB.
Cohort ties are derived by the reference code (crm.graph.cohort), per organisation.
Tests compare the result with `build_graph`, edge by edge.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from datetime import date

import numpy as np

from crm.graph.cohort import Study, by_field, group_ties
from crm.graph.columns import KIND_CODE, NO_DAY, TYPE_CODE, Alumnus, NetworkColumns
from crm.graph.compact import KINDS, CompactGraph, Floats, Int64s, node_key
from crm.graph.records import ORGANIZATION, PERSON
from crm.graph.strength import INTERACTION_CAP, MIN_STRENGTH, cost_of

__all__ = ["build_compact", "node_indices", "organization_cohorts", "recency_of", "weighed_sizes"]

_MEMBERSHIP = [KIND_CODE[k] for k in ("affiliation", "attendance", "participation")]


def recency_of(days: Int64s, today: int, *, floor: Floats | float, scale: float) -> Floats:
    """crm.graph.strength.recency over arrays of ordinal days (NO_DAY: undated, 1)."""
    age = np.maximum(0.0, (today - days) / 365.25)
    value = floor + (1.0 - np.asarray(floor)) * np.exp(-age / scale)
    return np.where(days == NO_DAY, 1.0, value)


def weighed_sizes(members: Int64s) -> Int64s:
    """crm.graph.strength.weighed_size over an array: two significant figures from 100."""
    out = members.copy()
    big = members >= 100
    if big.any():
        digits = np.floor(np.log10(members[big])).astype(np.int64) - 1
        scale = 10**digits
        out[big] = np.round(members[big] / scale).astype(np.int64) * scale
    return out


def build_compact(
    columns: NetworkColumns, *, today: date, exclude: Collection[str] = ()
) -> CompactGraph:
    """The compact graph of the columns, as `build_graph` would weigh it.

    Keys in `exclude` (people who withdrew consent) are left out with their links;
    links whose ends are missing are left out.
    """
    day = today.toordinal()
    types = np.frombuffer(columns.node_type, dtype=np.uint8)
    ids = np.frombuffer(columns.node_id, dtype=np.int64)
    keep = np.ones(len(ids), dtype=bool)
    if exclude:
        person = TYPE_CODE[PERSON]
        gone = np.array([int(k.partition(":")[2]) for k in exclude if k.startswith(PERSON)])
        keep &= ~((types == person) & np.isin(ids, gone))
    order = np.lexsort((ids, types))
    order = order[keep[order]]
    types, ids = types[order], ids[order]
    n = len(ids)
    a = node_indices(types, ids, columns.a_type, columns.a_id)
    b = node_indices(types, ids, columns.b_type, columns.b_id)
    kind = np.frombuffer(columns.kind, dtype=np.uint8)
    base = np.frombuffer(columns.base, dtype=np.float64)
    rows_day = np.frombuffer(columns.day, dtype=np.int64)
    floor = np.frombuffer(columns.floor, dtype=np.float64)
    present = (a >= 0) & (b >= 0) & (a != b)
    a, b, kind, base, floor = a[present], b[present], kind[present], base[present], floor[present]
    rows_day = rows_day[present]

    # hub sizes: distinct present members, at least the declared size and 1
    membership = np.isin(kind, _MEMBERSHIP)
    pairs = np.unique(b[membership].astype(np.int64) * n + a[membership])
    observed = np.bincount(pairs // n, minlength=n)
    declared = np.frombuffer(columns.node_declared, dtype=np.int64)[order]
    members = np.maximum(np.maximum(observed, declared), 1)
    hub_factor = 1.0 / np.log(math.e - 1.0 + weighed_sizes(members))
    node_day = np.frombuffer(columns.node_day, dtype=np.int64)[order]

    # cohort ties, derived per organisation by the reference code
    if columns.cohorts is None:
        ca, cb, cs = _cohorts(columns.alumni, types, ids, today)
    else:
        ca, cb, cs = _given_cohorts(columns.cohorts, types, ids)
    a = np.concatenate([a, ca])
    b = np.concatenate([b, cb])
    kind = np.concatenate([kind, np.full(len(ca), KIND_CODE["cohort"], dtype=np.uint8)])
    base = np.concatenate([base, cs])
    floor = np.concatenate([floor, np.zeros(len(ca))])
    rows_day = np.concatenate([rows_day, np.full(len(ca), NO_DAY, dtype=np.int64)])

    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    pair_keys, pair = np.unique(lo * n + hi, return_inverse=True)
    strength = _tie_strengths(kind, base, rows_day, floor, pair, len(pair_keys), b, day)
    strength = _membership_factors(strength, kind, b, hub_factor, node_day, day)
    edge_strength, edge_kind, edge_kinds = _combine(kind, strength, pair, len(pair_keys))
    edge = edge_strength > 0.0
    sizes = np.where(types == TYPE_CODE[PERSON], 0, members)
    return _assemble(
        types,
        ids,
        sizes,
        [columns.labels[i] for i in order.tolist()],
        pair_keys[edge] // n,
        pair_keys[edge] % n,
        edge_strength[edge],
        edge_kind[edge],
        edge_kinds[edge],
    )


def node_indices(types: np.ndarray, ids: np.ndarray, end_types: object, end_ids: object) -> Int64s:
    """Node index of each link end (type, id), or -1 when the node is not in the graph."""
    t = np.frombuffer(end_types, dtype=np.uint8)  # type: ignore[call-overload]
    i = np.frombuffer(end_ids, dtype=np.int64)  # type: ignore[call-overload]
    out = np.full(len(i), -1, dtype=np.int64)
    for code in range(int(types.max(initial=0)) + 1):
        start, stop = np.searchsorted(types, [code, code + 1])
        mine = np.flatnonzero(t == code)
        if stop == start or not len(mine):
            continue
        at = np.searchsorted(ids[start:stop], i[mine])
        at = np.minimum(at, stop - start - 1)
        found = ids[start:stop][at] == i[mine]
        out[mine[found]] = start + at[found]
    return out


def _cohorts(
    alumni: list[Alumnus], types: np.ndarray, ids: np.ndarray, today: date
) -> tuple[Int64s, Int64s, Floats]:
    """The cohort ties of every organisation: (a, b, strength), as crm.graph.build derives
    them (studies of present people at present organisations)."""
    by_org: dict[int, list[Alumnus]] = defaultdict(list)
    for study in alumni:
        by_org[study.organization].append(study)
    people = _lookup(types, ids, TYPE_CODE[PERSON])
    orgs = _lookup(types, ids, TYPE_CODE[ORGANIZATION])
    best: dict[tuple[int, int], float] = {}
    for organization, studies in by_org.items():
        if organization not in orgs:
            continue
        kept = [s for s in studies if s.person in people]
        for pair, value in organization_cohorts(organization, kept, today=today).items():
            best[pair] = max(best.get(pair, 0.0), value)
    a = np.fromiter((people[p] for p, _ in best), np.int64, len(best))
    b = np.fromiter((people[q] for _, q in best), np.int64, len(best))
    return a, b, np.fromiter(best.values(), np.float64, len(best))


def organization_cohorts(
    organization: int, alumni: list[Alumnus], *, today: date
) -> dict[tuple[int, int], float]:
    """The cohort ties among one organisation's alumni (person ids, the smaller key
    first as crm.graph.cohort orders them) and their strengths, by the reference code."""
    studies = [
        Study(f"{PERSON}:{s.person}", s.starts_on, s.ends_on, s.field)
        for s in alumni
        if s.organization == organization
    ]
    studies.sort(key=lambda s: (s.person, s.starts_on, s.until, s.field))
    org_key = node_key(TYPE_CODE[ORGANIZATION], organization)
    ties: dict[tuple[int, int], float] = {}
    for key, group in sorted(by_field(studies).items()):
        for (p, q), tie in group_ties(org_key, key, group, today=today).items():
            pair = (int(p.partition(":")[2]), int(q.partition(":")[2]))
            if pair not in ties or ties[pair] < tie.strength:
                ties[pair] = tie.strength
    return ties


def _given_cohorts(
    cohorts: list[tuple[int, int, float]], types: np.ndarray, ids: np.ndarray
) -> tuple[Int64s, Int64s, Floats]:
    people = _lookup(types, ids, TYPE_CODE[PERSON])
    kept = [(people[p], people[q], s) for p, q, s in cohorts if p in people and q in people]
    a = np.array([p for p, _, _ in kept], dtype=np.int64)
    b = np.array([q for _, q, _ in kept], dtype=np.int64)
    return a, b, np.array([s for _, _, s in kept], dtype=np.float64)


def _lookup(types: np.ndarray, ids: np.ndarray, code: int) -> dict[int, int]:
    start, stop = (int(x) for x in np.searchsorted(types, [code, code + 1]))
    return dict(zip(ids[start:stop].tolist(), range(start, stop), strict=True))


def _tie_strengths(
    kind: np.ndarray,
    base: Floats,
    day: Int64s,
    floor: Floats,
    pair: Int64s,
    pairs: int,
    hub: Int64s,
    today: int,
) -> Floats:
    """Each row's tie strength before hub factors (crm.graph.strength.tie_strength)."""
    code = KIND_CODE
    # the pair's latest contact: interactions and made introductions
    contact = np.full(pairs, NO_DAY, dtype=np.int64)
    touches = ((kind == code["interaction"]) | (kind == code["introduction"])) & (day != NO_DAY)
    np.maximum.at(contact, pair[touches], day[touches])
    seen = np.maximum(day, contact[pair])
    s = base.copy()
    for name, scale in (("relationship", 5.0), ("introduction", 3.0)):
        rows = kind == code[name]
        s[rows] = base[rows] * recency_of(seen[rows], today, floor=floor[rows], scale=scale)
    rows = kind == code["interaction"]
    age = np.where(day[rows] == NO_DAY, 0.0, np.maximum(0.0, (today - day[rows]) / 365.25))
    s[rows] = base[rows] * np.exp(-age / 2)
    rows = kind == code["agreement_party"]
    s[rows] = base[rows] * recency_of(day[rows], today, floor=0.5, scale=5.0)
    rows = kind == code["affiliation"]
    ended = np.where(day[rows] < today, day[rows], NO_DAY)
    s[rows] = base[rows] * recency_of(ended, today, floor=0.5, scale=10.0)
    return s


def _membership_factors(
    s: Floats, kind: np.ndarray, hub: Int64s, factor: Floats, node_day: Int64s, today: int
) -> Floats:
    """√(role × size factor × recency) for memberships (the rest as they are)."""
    code = KIND_CODE
    for name in ("affiliation", "attendance", "participation"):
        rows = kind == code[name]
        value = s[rows] * factor[hub[rows]]
        if name == "attendance":
            value = value * recency_of(node_day[hub[rows]], today, floor=0.5, scale=3.0)
        s[rows] = np.sqrt(value)
    return s


def _combine(
    kind: np.ndarray, s: Floats, pair: Int64s, pairs: int
) -> tuple[Floats, np.ndarray, np.ndarray]:
    """Per pair: the strongest tie of each kind (interactions add up, capped), noisy-or
    across kinds; the kind of the strongest tie; a bit per kind present."""
    tie = s > 0.0
    kind, s, pair = kind[tie], np.maximum(MIN_STRENGTH, s[tie]), pair[tie]
    miss = np.ones(pairs)
    count = np.zeros(pairs, dtype=np.int64)
    only = np.zeros(pairs)
    strongest = np.zeros(pairs)
    edge_kind = np.zeros(pairs, dtype=np.uint8)
    kinds = np.zeros(pairs, dtype=np.uint16)
    for code, name in enumerate(KINDS):  # by name: the reference's order of kinds
        rows = kind == code
        if not rows.any():
            continue
        best = np.zeros(pairs)
        np.maximum.at(best, pair[rows], s[rows])
        has = best > 0.0
        wins = best > strongest
        edge_kind[wins], strongest[wins] = code, best[wins]
        if name == "interaction":
            logs = np.zeros(pairs)
            np.add.at(logs, pair[rows], np.log1p(-np.minimum(s[rows], 1.0)))
            many = np.bincount(pair[rows], minlength=pairs) > 1
            combined = np.where(many, np.minimum(INTERACTION_CAP, -np.expm1(logs)), best)
            best = np.where(many, combined, best)
        kinds[has] |= np.uint16(1 << code)
        miss[has] *= 1.0 - best[has]
        only[has] = best[has]
        count += has
    strength = np.where(count == 1, only, 1.0 - miss)
    strength = np.where(count > 0, np.minimum(1.0, np.maximum(MIN_STRENGTH, strength)), 0.0)
    return strength, edge_kind, kinds


def _assemble(
    types: np.ndarray,
    ids: np.ndarray,
    sizes: np.ndarray,
    labels: list[str],
    u: Int64s,
    v: Int64s,
    strength: Floats,
    kind: np.ndarray,
    kinds: np.ndarray,
) -> CompactGraph:
    n = len(ids)
    source = np.concatenate([u, v])
    target = np.concatenate([v, u])
    # one key per direction (pairs are unique): a stable argsort is 2.3× lexsort's speed
    order = np.argsort(source * n + target, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=n), out=indptr[1:])
    encoded = [label.encode() for label in labels]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    both = np.concatenate([strength, strength])[order]
    return CompactGraph(
        types=types.astype(np.uint8),
        ids=ids.astype(np.int64),
        sizes=sizes.astype(np.int64),
        label_bytes=np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(),
        label_offsets=offsets,
        indptr=indptr,
        neighbors=target[order].astype(np.int32),
        strength=both,
        cost=-np.log(both) + _HOP,
        kind=np.concatenate([kind, kind])[order].astype(np.uint8),
        kinds=np.concatenate([kinds, kinds])[order].astype(np.uint16),
    )


_HOP = cost_of(1.0)
