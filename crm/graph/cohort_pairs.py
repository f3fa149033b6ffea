"""The cohort strengths of some studies of a field group against all the others, as arrays.

The formula is crm.graph.cohort's (`CohortGroup.tie`, `study_strength`), evaluated at
once for every pair of a few studies with the group's studies: a catch-up weighs the
hundred-odd studies a change touches, before and after, to find the ties that moved,
and the new cohort strength of thousands of people pairs at once (`person_pair_ties`).
"""

from __future__ import annotations

import math
from datetime import date
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from crm.graph.cohort import COHORT_BASE, COHORT_LIMIT, CohortGroup
from crm.graph.strength import MIN_STRENGTH

__all__ = ["StudyPairs", "person_pair_ties", "study_pairs"]

Ints = npt.NDArray[np.int64]


class StudyPairs(NamedTuple):
    """Pairs of positions in `CohortGroup.studies` (`first` a study asked for) and the
    strength each pair's tie has (MIN_STRENGTH at least)."""

    first: npt.NDArray[np.int64]
    second: npt.NDArray[np.int64]
    strength: npt.NDArray[np.float64]


def study_pairs(group: CohortGroup, wanted: list[int], *, today: date) -> StudyPairs:
    """The ties of the studies at positions `wanted` with every study of the group."""
    studies = group.studies
    start = np.array([s.starts_on.toordinal() for s in studies], dtype=np.int64)
    until = np.array([s.until.toordinal() for s in studies], dtype=np.int64)
    people: dict[str, int] = {}
    person = np.array([people.setdefault(s.person, len(people)) for s in studies], dtype=np.int64)
    # the studies starting before each one's end, less those ending by its start
    ends = np.sort(until)
    size = np.searchsorted(start, until, side="left") - np.searchsorted(ends, start, side="right")
    i = np.asarray(wanted, dtype=np.int64)[:, None]
    j = np.arange(len(studies), dtype=np.int64)[None, :]
    overlap_end = np.minimum(until[i], until[j])
    latest_start = np.maximum(start[i], start[j])
    biggest = np.maximum(size[i], size[j])
    tied = (latest_start < overlap_end) & (person[i] != person[j]) & (biggest <= COHORT_LIMIT)
    first, second = np.nonzero(tied)
    first = i[first, 0]
    overlap_end, latest_start = overlap_end[tied], latest_start[tied]
    years = (overlap_end - latest_start) / 365.25
    day = today.toordinal()
    age = np.maximum(0.0, (day - overlap_end) / 365.25)
    recency = np.where(overlap_end < day, 0.5 + 0.5 * np.exp(-age / 10), 1.0)
    factor = 1.0 / np.log(math.e - 1.0 + np.maximum(1, biggest[tied]))
    value = COHORT_BASE * np.minimum(1.0, years / 2) * group.factor * factor * recency
    return StudyPairs(first, second, np.maximum(MIN_STRENGTH, value))


#: person ids fit in 32 bits: a pair of them is one int64 key
_SHIFT = 32


def person_pair_ties(
    group: CohortGroup, person: npt.NDArray[np.int64], a: Ints, b: Ints, *, today: date
) -> npt.NDArray[np.float64]:
    """The strongest tie the group gives each pair of people (a[k], b[k]) (0: none);
    `person` is the person id of each of `group.studies`."""
    out = np.zeros(len(a))
    wanted = np.flatnonzero(np.isin(person, a))
    if not len(wanted) or not len(a):
        return out
    pairs = study_pairs(group, wanted.tolist(), today=today)
    if not len(pairs.first):
        return out
    found = (person[pairs.first] << _SHIFT) | person[pairs.second]
    order = np.argsort(found, kind="stable")
    keys, starts = np.unique(found[order], return_index=True)
    best = np.maximum.reduceat(pairs.strength[order], starts)
    asked = (a << _SHIFT) | b
    at = np.minimum(np.searchsorted(keys, asked), len(keys) - 1)
    hit = keys[at] == asked
    out[hit] = best[at[hit]]
    return out
