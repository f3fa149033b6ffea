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
from typing import Final

import numpy as np
import numpy.typing as npt

from crm.graph.columns import KIND_CODE
from crm.graph.compact import KIND_BIT
from crm.graph.live import Edge, LiveGraph
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.graph.strength import MIN_STRENGTH, cost_of, size_factor, weighed_size

__all__ = ["cohort_edges", "rescale_members"]

Pair = tuple[int, int]
_COHORT: Final = KIND_CODE["cohort"]
_COHORT_BIT: Final = KIND_BIT["cohort"]
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
    and `after`: counts, weighed here); the pairs left to re-read: other ends than
    people, other kinds of tie, clamped strengths."""
    bit = KIND_BIT[_MEMBERSHIP[live.type_name(hub)]]
    ratio = math.sqrt(size_factor(weighed_size(after)) / size_factor(weighed_size(before)))
    left: set[Pair] = set()
    for v, edge in live.row(hub).items():
        pair = (hub, v) if hub < v else (v, hub)
        strength = edge.strength * ratio
        exact = min(edge.strength, strength) > MIN_STRENGTH and max(edge.strength, strength) < 1
        if edge.kinds != bit or not exact or live.type_name(v) != PERSON:
            left.add(pair)
            continue
        live.set_edge(hub, v, Edge(strength, cost_of(strength), edge.kind, edge.kinds))
    return left
