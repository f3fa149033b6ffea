"""Edges a catch-up derives in memory, without re-reading the links of their pairs.

Two kinds of change move many edges by a known factor only:

- a cohort value that moved: an edge whose only tie is a cohort tie (or a pair with no
  edge and no changed link) is the cohort strength, clamped into [MIN_STRENGTH, 1]
  (crm.graph.compact_build._combine with one kind);
- a hub's weighed size that moved: a membership tie is √(role × recency × size factor)
  (crm.graph.strength.tie_strength), so an edge whose only kind is that membership
  scales by √(size_factor(new) / size_factor(old)), as long as neither value is clamped.

Every other pair is left to the re-read (docs/analysis.md, "Building and updating").
"""

from __future__ import annotations

import math
from collections.abc import Collection
from datetime import date
from typing import Final

import numpy as np
import numpy.typing as npt

from crm.graph.columns import KIND_CODE, NO_DAY
from crm.graph.compact import KIND_BIT, NODE_TYPES
from crm.graph.live import Edge, LiveGraph
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.graph.strength import MIN_STRENGTH, cost_of, recency, size_factor, weighed_size

__all__ = ["cohort_edges", "member_edge", "rescale_members"]

Pair = tuple[int, int]
_COHORT: Final = KIND_CODE["cohort"]
_COHORT_BIT: Final = KIND_BIT["cohort"]
_AFFILIATION: Final = KIND_CODE["affiliation"]
#: the kind of tie that makes a person a member of each type of hub
_MEMBERSHIP: Final = {ORGANIZATION: "affiliation", EVENT: "attendance", PROJECT: "participation"}


def cohort_edges(
    live: LiveGraph,
    first: list[int],
    second: list[int],
    value: list[float],
    linked: Collection[Pair],
) -> npt.NDArray[np.bool_]:
    """Set the edge of each people pair (first[k], second[k], the smaller index first)
    from its cohort value (0: none) when the pair has no tie but its cohort one and no
    changed link (`linked`); which pairs are left to re-read."""
    left = np.zeros(len(first), dtype=bool)
    for k, pair in enumerate(zip(first, second, strict=True)):
        edge = live.edge(*pair)
        if pair in linked or (edge is not None and edge.kinds != _COHORT_BIT):
            left[k] = True
            continue
        strength = value[k]
        if strength > 0.0:
            strength = min(1.0, max(MIN_STRENGTH, strength))
            live.set_edge(*pair, Edge(strength, cost_of(strength), _COHORT, _COHORT_BIT))
        elif edge is not None:
            live.set_edge(*pair, None)
    return left


def rescale_members(live: LiveGraph, hub: int, before: int, after: int) -> set[Pair]:
    """Rescale the edges between a hub and its members for its new member count (`before`
    and `after`: counts, weighed here), as arrays: the changed rows at once, the
    unchanged ones as they are read (LiveGraph.scale_members); the pairs left to re-read:
    other ends than people, other kinds of tie, clamped strengths."""
    bit = KIND_BIT[_MEMBERSHIP[live.type_name(hub)]]
    step = math.sqrt(_factor(after) / _factor(before))
    found = live.gather(np.array([hub], dtype=np.int64), ("strength", "kinds"))
    members, strength = found.neighbors, found.fields["strength"]
    scaled = strength * step
    person = live.type_codes(members) == NODE_TYPES.index(PERSON)
    exact = (np.minimum(strength, scaled) > MIN_STRENGTH) & (np.maximum(strength, scaled) < 1.0)
    ok = (found.fields["kinds"].astype(np.int64) == bit) & person & exact
    total = 1.0
    if hub < live.base.node_count:
        total = math.sqrt(_factor(after) / _factor(int(live.base.sizes[hub])))
    live.scale_members(hub, members[ok], scaled[ok], bit, total)
    return {(hub, v) if hub < v else (v, hub) for v in members[~ok].tolist()}


def _factor(members: int) -> float:
    return size_factor(weighed_size(max(members, 1)))


def member_edge(live: LiveGraph, pair: Pair, base: float, day: int, today: date) -> None:
    """The edge of a person and an organisation that had none, tied now by one new
    affiliation (role weight `base`, end `day`; nothing else between them changed, and
    no other link of theirs ties them): √(role × size factor × recency), as
    crm.graph.strength.tie_strength weighs it with the organisation's size now."""
    hub = pair[0] if live.type_name(pair[0]) == ORGANIZATION else pair[1]
    ended = date.fromordinal(day) if day != NO_DAY and day < today.toordinal() else None
    period = recency(ended, today, floor=0.5, scale_years=10)
    strength = math.sqrt(base * _factor(live.size(hub)) * period)
    strength = min(1.0, max(MIN_STRENGTH, strength))
    live.set_edge(*pair, Edge(strength, cost_of(strength), _AFFILIATION, KIND_BIT["affiliation"]))
