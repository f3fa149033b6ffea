"""Which cohort ties a catch-up must re-weigh, and their strengths, without whole organisations.

A cohort tie (crm.graph.cohort) comes from two overlapping studies of one field group
of an organisation; its strength depends on the two studies and on how many studies
of the group overlap each (the cohort sizes). So a changed alumni study — added,
removed, or moved in time, field or role — can change only the ties of its field
group's studies that overlap it (their sizes moved) or the study itself. Those study
pairs are weighed as before and as after the change; the people pairs whose value
moved are re-weighed. The study an affiliation row was before the change must be
known: for a row inserted since the snapshot it is none, for a row of the snapshot the
snapshot keeps it (`study_arrays`), for a row the catch-up already saw it remembers it;
otherwise (a snapshot without studies, a person or organisation removed) every cohort
pair of the organisation is re-weighed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, NamedTuple

import numpy as np
import numpy.typing as npt
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_columns as q
from crm.graph.cohort import CohortGroup, Study, field_key
from crm.graph.cohort_pairs import person_pair_ties, study_pairs
from crm.graph.columns import NO_DAY, TYPE_CODE, Alumnus
from crm.graph.compact import node_key
from crm.graph.compact_build import organization_cohorts
from crm.graph.live import LiveGraph
from crm.graph.records import ORGANIZATION, PERSON
from crm.network.org_studies import OrgStudies, SnapshotStudies, from_rows

__all__ = [
    "UNKNOWN",
    "CohortChanges",
    "OrgAlumni",
    "load_alumni",
    "pair_cohorts",
    "snapshot_study",
]

#: the study an affiliation row was before the change is not known
UNKNOWN: Final = "unknown"
#: organisation → its alumni studies of people in the graph (kept across catch-ups)
OrgAlumni = dict[int, OrgStudies]
Pair = tuple[int, int]
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
_ALUMNUS: Final = "alumnus"


def _study(alumnus: Alumnus) -> Study:
    return Study(f"{PERSON}:{alumnus.person}", alumnus.starts_on, alumnus.ends_on, alumnus.field)


def _alumnus(study: Study, organization: int) -> Alumnus:
    return Alumnus(_person(study), organization, study.starts_on, study.ends_on, study.field)


def _person(study: Study) -> int:
    return int(study.person.partition(":")[2])


def snapshot_study(arrays: Mapping[str, np.ndarray], row: int) -> Alumnus | str | None:
    """The study an affiliation row was in the snapshot (None: none), or UNKNOWN when the
    snapshot has no studies."""
    rows = arrays.get("study_row")
    if rows is None:
        return UNKNOWN
    at = int(np.searchsorted(rows, row))
    if at == len(rows) or int(rows[at]) != row:
        return None
    end = int(arrays["study_end"][at])
    return Alumnus(
        int(arrays["study_person"][at]),
        int(arrays["study_org"][at]),
        date.fromordinal(int(arrays["study_start"][at])),
        None if end == NO_DAY else date.fromordinal(end),
        str(arrays["study_fields"][int(arrays["study_field"][at])]),
        row,
    )


async def load_alumni(
    session: AsyncSession,
    live: LiveGraph,
    organizations: Collection[int],
    known: OrgAlumni,
    source: SnapshotStudies | None,
) -> None:
    """Add the alumni studies (of people in the graph) of `organizations` to `known`:
    from the snapshot and the rows seen since (`source`), else from the database."""
    missing = sorted(set(organizations) - known.keys())
    if not missing:
        return
    if source is not None:
        for org in missing:
            known[org] = source.of(org).present(live)
        return
    found = from_rows(tuple(r) for r in await q.alumni_of(session, missing))
    for org in missing:
        known[org] = OrgStudies.of(found.get(org, [])).present(live)


@dataclass
class CohortChanges:
    """The alumni studies a batch of changes touched."""

    #: changed affiliation row → its study before (None: none; UNKNOWN)
    before: dict[int, Alumnus | str | None] = field(default_factory=dict)
    #: organisations where a changed row is an alumni study now (from the rows read)
    now: set[int] = field(default_factory=set)
    #: organisations whose every cohort pair is re-weighed
    whole: set[int] = field(default_factory=set)
    #: graph indices of people whose studies changed (for `whole`)
    people: set[int] = field(default_factory=set)
    #: changed affiliation row → its study now, when it is one of a person in the graph
    after: dict[int, Alumnus] = field(default_factory=dict)
    #: a person left the graph
    gone: bool = False

    def row(
        self, live: LiveGraph, row: int, before: Alumnus | str | None, ends: list[Pair]
    ) -> None:
        """A changed affiliation row: its study before and the node pairs it made before."""
        self.before[row] = before
        for pair in ends:
            self.people.update(pair)
            if before == UNKNOWN:
                self.whole.update(_ids(live, pair, ORGANIZATION))

    def read(self, live: LiveGraph, rows: Iterable[tuple[Any, ...]], ends: list[Pair]) -> None:
        """The changed affiliation rows as they are now, and the node pairs they make."""
        person = TYPE_CODE[PERSON]
        for r in rows:
            if str(r[3]) == _ALUMNUS and r[4] is not None:
                self.now.add(int(r[2]))
                if live.index(node_key(person, int(r[1]))) is not None:
                    self.after[int(r[0])] = Alumnus(
                        int(r[1]), int(r[2]), r[4], r[5], str(r[6] or ""), int(r[0])
                    )
        for pair in ends:
            self.people.update(pair)

    def removed(self, live: LiveGraph, node: int) -> None:
        """A node about to be removed: the cohorts of its organisations, or its own."""
        neighbours = live.neighbors(node)
        if live.type_name(node) == ORGANIZATION:
            self.whole.add(int(live.key(node).partition(":")[2]))
            self.people.update(v for v in neighbours if live.type_name(v) == PERSON)
        elif live.type_name(node) == PERSON:
            self.whole.update(_ids(live, neighbours, ORGANIZATION))
            self.gone = True

    def _update(self, live: LiveGraph, alumni: OrgAlumni, changed: set[int]) -> None:
        """Bring the organisations' studies kept from earlier catch-ups up to date: the
        changed rows as they are now; none kept when a person left the graph (their
        studies are in every organisation's), the whole organisations re-loaded."""
        if self.gone:
            alumni.clear()
        for org in self.whole:
            alumni.pop(org, None)
        for org in changed & alumni.keys():
            now = [a for a in self.after.values() if a.organization == org]
            alumni[org] = alumni[org].updated(self.before.keys(), now, live)

    async def mark(
        self,
        session: AsyncSession,
        live: LiveGraph,
        studies: dict[int, Alumnus | None],
        dirty: set[Pair],
        alumni: OrgAlumni,
        today: date,
        source: SnapshotStudies | None,
    ) -> None:
        """Mark the pairs whose cohort tie may have moved; record each changed row's
        study now in `studies` (the catch-up's memory of rows it saw, which `source`
        reads)."""
        for row in self.before:
            studies[row] = self.after.get(row)
        earlier = {a.organization for a in self.before.values() if isinstance(a, Alumnus)}
        self._update(live, alumni, earlier | self.now)
        await load_alumni(session, live, earlier | self.now | self.whole, alumni, source)
        people: list[tuple[Ints, Ints]] = []
        for org in sorted(self.whole):
            people.append(_mark_whole(live, org, alumni[org], self.people, dirty, today))
        for org in sorted((earlier | self.now) - self.whole):
            if live.index(f"{ORGANIZATION}:{org}") is not None:
                people += _moved_groups(org, alumni[org], self.before, today)
        _mark_people(live, people, dirty)


def _ids(live: LiveGraph, nodes: Iterable[int], type_name: str) -> set[int]:
    return {int(live.key(v).partition(":")[2]) for v in nodes if live.type_name(v) == type_name}


def _mark_whole(
    live: LiveGraph,
    org: int,
    alumni: OrgStudies,
    changed: set[int],
    dirty: set[Pair],
    today: date,
) -> tuple[Ints, Ints]:
    """Mark every pair of the organisation's alumni (and of the changed people) with a
    cohort tie; every pair of people (ids) its studies tie now."""
    group = {int(i) for i in live.indices(TYPE_CODE[PERSON], alumni.person) if i >= 0}
    group |= {p for p in changed if p not in live.removed and live.type_name(p) == PERSON}
    for p in group:
        for v in live.neighbors(p):
            if v in group and live.has_kind(p, v, "cohort"):
                dirty.add((p, v) if p < v else (v, p))
    if live.index(f"{ORGANIZATION}:{org}") is None:
        return _NO_PEOPLE
    studied = [_alumnus(s, org) for s in alumni.studies().values()]
    tied = list(organization_cohorts(org, studied, today=today))
    return (
        np.array([p for p, _ in tied], dtype=np.int64),
        np.array([r for _, r in tied], dtype=np.int64),
    )


_NO_PEOPLE: Final = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def _mark_people(live: LiveGraph, people: list[tuple[Ints, Ints]], dirty: set[Pair]) -> None:
    """Mark the node pairs of these pairs of people (ids)."""
    if not people:
        return
    person = TYPE_CODE[PERSON]
    first = live.indices(person, np.concatenate([a for a, _ in people]))
    second = live.indices(person, np.concatenate([b for _, b in people]))
    found = (first >= 0) & (second >= 0)
    low = np.minimum(first, second)[found].tolist()
    high = np.maximum(first, second)[found].tolist()
    dirty.update(zip(low, high, strict=True))


def _moved_groups(
    org: int,
    now: OrgStudies,
    before: Mapping[int, Alumnus | str | None],
    today: date,
) -> list[tuple[Ints, Ints]]:
    """The pairs of people (ids) whose cohort tie may have moved in the field groups of
    the organisation whose studies changed: the study pairs of the changed studies and
    of those overlapping them, weighed before and after."""
    earlier = {
        r: _study(a) for r, a in before.items() if isinstance(a, Alumnus) and a.organization == org
    }
    later = {r: s for r in before if (s := now.study(r)) is not None}
    keys = {field_key(s.field) for s in [*earlier.values(), *later.values()]}
    moved: list[tuple[Ints, Ints]] = []
    for key in sorted(keys):
        current = now.studies(key)
        old = {r: s for r, s in current.items() if r not in before}
        old |= {r: s for r, s in earlier.items() if field_key(s.field) == key}
        versions = [_Version(key, v) for v in (old, current)]
        changed = {r for r in before if r in current or r in old}
        hit = set(changed)
        for version in versions:
            for r in changed & version.study.keys():
                hit.update(version.row[s] for s in version.group.overlapping(version.study[r]))
        rows = np.fromiter(hit, dtype=np.int64, count=len(hit))
        moved.append(_moved(versions[0].weigh(rows, today), versions[1].weigh(rows, today)))
    return moved


class _Weighed(NamedTuple):
    """Study pairs of a field group, one entry each: their rows (`low` < `high`), the
    people of those rows and the strength of their tie."""

    low: Ints
    high: Ints
    low_person: Ints
    high_person: Ints
    strength: Floats


def _moved(old: _Weighed, new: _Weighed) -> tuple[Ints, Ints]:
    """The people of the study pairs whose tie appeared, went or changed (strength or
    people) between two weighings."""
    both = [np.concatenate(parts) for parts in zip(old, new, strict=True)]
    version = np.concatenate([np.zeros(len(old.low), np.int8), np.ones(len(new.low), np.int8)])
    order = np.lexsort((version, both[1], both[0]))
    low, high, first, second, strength = (column[order] for column in both)
    # each weighing holds a study pair once: equal neighbours are its two versions
    same = (low[:-1] == low[1:]) & (high[:-1] == high[1:])
    for column in (first, second, strength):
        same &= column[:-1] == column[1:]
    keep = np.ones(len(low), dtype=bool)
    keep[:-1] &= ~same
    keep[1:] &= ~same
    return first[keep], second[keep]


class _Version:
    """One field group of an organisation, before or after the change."""

    def __init__(self, key: str, alumni: Mapping[int, Study]) -> None:
        self.study = {r: s for r, s in alumni.items() if field_key(s.field) == key}
        #: the unique index on affiliations keeps two rows from making one study
        self.row = {s: r for r, s in self.study.items()}
        self.group = CohortGroup(key, self.study.values())
        studies = self.group.studies
        self.rows = np.array([self.row[s] for s in studies], dtype=np.int64)
        self.person = np.array([_person(s) for s in studies], dtype=np.int64)

    def weigh(self, hit: Ints, today: date) -> _Weighed:
        """The study pairs with a hit row."""
        wanted = np.flatnonzero(np.isin(self.rows, hit))
        pairs = study_pairs(self.group, wanted.tolist(), today=today)
        r, s = self.rows[pairs.first], self.rows[pairs.second]
        p, q = self.person[pairs.first], self.person[pairs.second]
        swap = r > s
        low, high = np.where(swap, s, r), np.where(swap, r, s)
        # a pair of two hit studies is found from both: keep one
        order = np.lexsort((high, low))
        repeat = (low[order][1:] == low[order][:-1]) & (high[order][1:] == high[order][:-1])
        once = order[np.concatenate([[True], ~repeat])] if len(order) else order
        return _Weighed(
            low[once],
            high[once],
            np.where(swap, q, p)[once],
            np.where(swap, p, q)[once],
            pairs.strength[once],
        )


async def pair_cohorts(
    session: AsyncSession,
    live: LiveGraph,
    a: Ints,
    b: Ints,
    alumni: OrgAlumni,
    today: date,
    source: SnapshotStudies | None,
) -> Floats:
    """The cohort strength of each pair of people (ids a[k], b[k]; 0: none): the
    strongest over every organisation both studied at, weighed from those
    organisations' field groups as arrays."""
    best = np.zeros(len(a))
    people = set(a.tolist()) | set(b.tolist())
    studied = await q.alumni_orgs_of(session, people) if people else {}
    by_org: dict[int, list[int]] = defaultdict(list)
    nothing: set[int] = set()
    for k, (p, r) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        for org in studied.get(p, nothing) & studied.get(r, nothing):
            by_org[org].append(k)
    orgs = {o for o in by_org if live.index(f"{ORGANIZATION}:{o}") is not None}
    await load_alumni(session, live, orgs, alumni, source)
    for org in sorted(orgs):
        at = np.array(by_org[org], dtype=np.int64)
        np.maximum.at(best, at, _ties(alumni[org], a[at], b[at], today))
    return best


def _ties(studies: OrgStudies, a: Ints, b: Ints, today: date) -> Floats:
    """The strongest cohort tie at one organisation of each pair of people (a[k], b[k])
    (0: none), from the field groups both studied in."""
    best = np.zeros(len(a))
    for key in sorted(studies.keys_of(a) & studies.keys_of(b)):
        group = CohortGroup(key, studies.studies(key).values())
        person = np.array([_person(s) for s in group.studies], dtype=np.int64)
        np.maximum(best, person_pair_ties(group, person, a, b, today=today), out=best)
    return best
