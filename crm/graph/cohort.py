"""Derived ties between people who studied at the same place at the same time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date, timedelta
from typing import Final

from crm.graph.records import LinkRecord
from crm.graph.strength import MIN_STRENGTH, Tie, recency, size_factor

__all__ = [
    "COHORT_LIMIT",
    "CohortGroup",
    "Study",
    "by_field",
    "cohort_ties",
    "field_key",
    "group_ties",
    "strongest",
    "study_strength",
]

#: a study period whose cohort (same organisation, same field, overlapping years) is
#: larger than this gets no derived ties: the shared membership already says it all
COHORT_LIMIT: Final = 100
COHORT_BASE: Final = 0.5
#: when the field of study is unknown the cohort is "everyone there at the time"
UNKNOWN_FIELD_FACTOR: Final = 0.6
DEFAULT_STUDY_YEARS: Final = 4
STUDY_DAYS: Final = timedelta(days=round(365.25 * DEFAULT_STUDY_YEARS))


@dataclass(frozen=True, slots=True)
class Study:
    """One alumnus affiliation: who, when, in what field."""

    person: str
    starts_on: date
    ends_on: date | None
    field: str = ""
    #: the end of the study: `ends_on`, or DEFAULT_STUDY_YEARS after the start
    until: date = dataclass_field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.ends_on is not None and self.ends_on > self.starts_on:
            until = self.ends_on
        else:
            until = self.starts_on + STUDY_DAYS
        object.__setattr__(self, "until", until)


def field_key(field: str) -> str:
    """Studies whose fields have the same key form one cohort group."""
    return field.strip().casefold()


def by_field(studies: Iterable[Study]) -> dict[str, tuple[Study, ...]]:
    """The studies grouped by field key, each group in the order given."""
    groups: dict[str, list[Study]] = defaultdict(list)
    for study in studies:
        groups[field_key(study.field)].append(study)
    return {key: tuple(group) for key, group in groups.items()}


def cohort_ties(
    organization: str, studies: Iterable[Study], *, today: date
) -> dict[tuple[str, str], Tie]:
    """Ties between alumni of `organization` whose study periods overlap, by sorted pair.

    strength = 0.5 · min(1, overlap / 2 years) · (1 for the same field, 0.6 when the
    field is unknown) · size_factor(cohort size) · recency(end of the overlap).
    """
    ties: dict[tuple[str, str], Tie] = {}
    for key, group in sorted(by_field(studies).items()):
        strongest(ties, group_ties(organization, key, group, today=today))
    return ties


def strongest(ties: dict[tuple[str, str], Tie], more: dict[tuple[str, str], Tie]) -> None:
    """Add `more` to `ties`, keeping the tie already there unless the new one is stronger."""
    for pair, tie in more.items():
        if pair not in ties or ties[pair].strength < tie.strength:
            ties[pair] = tie


def group_ties(
    organization: str, key: str, studies: Iterable[Study], *, today: date
) -> dict[tuple[str, str], Tie]:
    """The cohort ties of one field group (`key` from `field_key`) of an organisation."""
    cohort = CohortGroup(key, studies)
    group = cohort.studies
    sizes = [cohort.size(s) for s in group]
    ties: dict[tuple[str, str], Tie] = {}
    for i, first in enumerate(group):
        if sizes[i] > COHORT_LIMIT:
            continue
        for j in range(i + 1, len(group)):
            second = group[j]
            if second.starts_on >= first.until:
                break
            if second.person == first.person or sizes[j] > COHORT_LIMIT:
                continue
            overlap_end = min(first.until, second.until)
            size = max(sizes[i], sizes[j])
            strength = study_strength(first, second, size, cohort.factor, today=today)
            a, b = sorted((first.person, second.person))
            if (a, b) in ties and ties[a, b].strength >= strength:
                continue
            facts = {
                "organization": organization,
                "field": first.field if key else "",
                "from": second.starts_on,
                "to": overlap_end,
            }
            link = LinkRecord(a, b, "cohort", facts, key=f"cohort:{organization}:{a}:{b}")
            ties[a, b] = Tie("cohort", max(MIN_STRENGTH, strength), link)
    return ties


def study_strength(first: Study, second: Study, size: int, factor: float, *, today: date) -> float:
    """The cohort strength of two overlapping studies of one group whose larger cohort
    has `size` studies (before the MIN_STRENGTH clamp); the order of the two is free."""
    overlap_end = min(first.until, second.until)
    years = (overlap_end - max(first.starts_on, second.starts_on)).days / 365.25
    ended = overlap_end if overlap_end < today else None
    return (
        COHORT_BASE
        * min(1.0, years / 2)
        * factor
        * size_factor(size)
        * recency(ended, today, floor=0.5, scale_years=10)
    )


class CohortGroup:
    """The studies of one field group (`key` from `field_key`), sorted, with what weighing
    some of them needs: each one's cohort size and the studies it overlaps."""

    def __init__(self, key: str, studies: Iterable[Study]) -> None:
        self.factor = 1.0 if key else UNKNOWN_FIELD_FACTOR
        self.studies = sorted(studies, key=lambda s: (s.starts_on, s.until, s.person))
        self.starts = [s.starts_on for s in self.studies]
        self.ends = sorted(s.until for s in self.studies)
        self.longest = max((s.until - s.starts_on for s in self.studies), default=timedelta(0))
        self._sizes: dict[Study, int] = {}

    def size(self, study: Study) -> int:
        """The studies of the group that overlap `study` (itself included when in it)."""
        size = self._sizes.get(study)
        if size is None:
            size = bisect_left(self.starts, study.until) - bisect_right(self.ends, study.starts_on)
            self._sizes[study] = size
        return size

    def overlapping(self, study: Study) -> list[Study]:
        """The group's studies whose periods overlap `study`'s (itself included)."""
        first = bisect_right(self.starts, study.starts_on - self.longest)
        last = bisect_left(self.starts, study.until)
        return [s for s in self.studies[first:last] if s.until > study.starts_on]

    def tie(self, first: Study, second: Study, *, today: date) -> float | None:
        """The strength two studies of the group give their people (None: no tie)."""
        if first.person == second.person:
            return None
        if max(first.starts_on, second.starts_on) >= min(first.until, second.until):
            return None
        size = max(self.size(first), self.size(second))
        if size > COHORT_LIMIT:
            return None
        return max(MIN_STRENGTH, study_strength(first, second, size, self.factor, today=today))
