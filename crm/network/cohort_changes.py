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
from typing import Any, Final

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_columns as q
from crm.graph.cohort import CohortGroup, Study, field_key
from crm.graph.cohort_pairs import study_pairs
from crm.graph.columns import NO_DAY, TYPE_CODE, Alumnus, day_of
from crm.graph.compact_build import organization_cohorts
from crm.graph.live import LiveGraph
from crm.graph.records import ORGANIZATION, PERSON

__all__ = [
    "UNKNOWN",
    "CohortChanges",
    "OrgAlumni",
    "load_alumni",
    "pair_cohorts",
    "snapshot_study",
    "study_arrays",
]

#: the study an affiliation row was before the change is not known
UNKNOWN: Final = "unknown"
#: organisation → its alumni studies of people in the graph: affiliation row → study
OrgAlumni = dict[int, dict[int, Study]]
Pair = tuple[int, int]
_ALUMNUS: Final = "alumnus"


def _study(alumnus: Alumnus) -> Study:
    return Study(f"{PERSON}:{alumnus.person}", alumnus.starts_on, alumnus.ends_on, alumnus.field)


def _alumnus(study: Study, organization: int) -> Alumnus:
    return Alumnus(_person(study), organization, study.starts_on, study.ends_on, study.field)


def _person(study: Study) -> int:
    return int(study.person.partition(":")[2])


def study_arrays(alumni: Iterable[Alumnus]) -> dict[str, np.ndarray]:
    """The alumni studies of a snapshot by affiliation row (sorted), so that a catch-up
    knows what a row of the snapshot was when it changes: `study_row`, `study_person`,
    `study_org`, `study_start` and `study_end` (ordinal days, NO_DAY: none), and
    `study_field` (index into `study_fields`)."""
    known = sorted((a for a in alumni if a.row > 0), key=lambda a: a.row)
    fields = sorted({a.field for a in known})
    code = {f: i for i, f in enumerate(fields)}
    return {
        "study_row": np.array([a.row for a in known], dtype=np.int64),
        "study_person": np.array([a.person for a in known], dtype=np.int64),
        "study_org": np.array([a.organization for a in known], dtype=np.int64),
        "study_start": np.array([a.starts_on.toordinal() for a in known], dtype=np.int64),
        "study_end": np.array([day_of(a.ends_on) for a in known], dtype=np.int64),
        "study_field": np.array([code[a.field] for a in known], dtype=np.int32),
        "study_fields": np.array(fields, dtype=str),
    }


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
    session: AsyncSession, live: LiveGraph, organizations: Collection[int], known: OrgAlumni
) -> None:
    """Add the alumni studies (of people in the graph) of `organizations` to `known`."""
    missing = set(organizations) - known.keys()
    if not missing:
        return
    for org in missing:
        known[org] = {}
    rows = [tuple(found) for found in await q.alumni_of(session, missing)]
    present = live.indices(TYPE_CODE[PERSON], (r[1] for r in rows)) >= 0
    for (row, person, org, _, starts_on, ends_on, studied), here in zip(rows, present, strict=True):
        if here:
            known[org][row] = Study(f"{PERSON}:{person}", starts_on, ends_on, str(studied or ""))


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
        for r in rows:
            if str(r[3]) == _ALUMNUS and r[4] is not None:
                self.now.add(int(r[2]))
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

    async def mark(
        self,
        session: AsyncSession,
        live: LiveGraph,
        studies: dict[int, Alumnus | None],
        dirty: set[Pair],
        alumni: OrgAlumni,
        today: date,
    ) -> None:
        """Mark the pairs whose cohort tie may have moved; record each changed row's
        study now in `studies` (the catch-up's memory of rows it saw)."""
        earlier = {a.organization for a in self.before.values() if isinstance(a, Alumnus)}
        await load_alumni(session, live, earlier | self.now | self.whole, alumni)
        for row in self.before:
            found = [(org, a[row]) for org, a in alumni.items() if row in a]
            studies[row] = _alumnus(found[0][1], found[0][0]) if found else None
        people: set[Pair] = set()
        for org in sorted(self.whole):
            _mark_whole(live, org, alumni[org], self.people, dirty, people, today)
        for org in sorted((earlier | self.now) - self.whole):
            if live.index(f"{ORGANIZATION}:{org}") is not None:
                people |= _moved_groups(org, alumni[org], self.before, today)
        _mark_people(live, people, dirty)


def _ids(live: LiveGraph, nodes: Iterable[int], type_name: str) -> set[int]:
    return {int(live.key(v).partition(":")[2]) for v in nodes if live.type_name(v) == type_name}


def _mark_whole(
    live: LiveGraph,
    org: int,
    alumni: Mapping[int, Study],
    changed: set[int],
    dirty: set[Pair],
    people: set[Pair],
    today: date,
) -> None:
    """Every pair of the organisation's alumni (and of the changed people) with a cohort
    tie, and every pair of people its studies tie now."""
    ids = {_person(s) for s in alumni.values()}
    group = {int(i) for i in live.indices(TYPE_CODE[PERSON], ids) if i >= 0}
    group |= {p for p in changed if p not in live.removed and live.type_name(p) == PERSON}
    for p in group:
        for v in live.neighbors(p):
            if v in group and live.has_kind(p, v, "cohort"):
                dirty.add((p, v) if p < v else (v, p))
    if live.index(f"{ORGANIZATION}:{org}") is not None:
        studied = [_alumnus(s, org) for s in alumni.values()]
        people.update(organization_cohorts(org, studied, today=today))


def _mark_people(live: LiveGraph, people: Collection[Pair], dirty: set[Pair]) -> None:
    """Mark the node pairs of these pairs of people (ids)."""
    pairs = list(people)
    first = live.indices(TYPE_CODE[PERSON], (a for a, _ in pairs))
    second = live.indices(TYPE_CODE[PERSON], (b for _, b in pairs))
    for u, v in zip(first.tolist(), second.tolist(), strict=True):
        if u >= 0 and v >= 0:
            dirty.add((u, v) if u < v else (v, u))


def _moved_groups(
    org: int,
    now: Mapping[int, Study],
    before: Mapping[int, Alumnus | str | None],
    today: date,
) -> set[Pair]:
    """The pairs of people (ids) whose cohort tie may have moved in the field groups of
    the organisation whose studies changed: the study pairs of the changed studies and
    of those overlapping them, weighed before and after."""
    old = {r: a for r, a in now.items() if r not in before}
    old |= {
        r: _study(a) for r, a in before.items() if isinstance(a, Alumnus) and a.organization == org
    }
    changed = {r for r in before if r in now or r in old}
    keys = {field_key(v[r].field) for v in (old, now) for r in changed if r in v}
    people: set[Pair] = set()
    for key in sorted(keys):
        versions = [_Version(key, v) for v in (old, now)]
        hit = set(changed)
        for version in versions:
            for r in changed & version.study.keys():
                hit.update(version.row[s] for s in version.group.overlapping(version.study[r]))
        weighed = [version.weigh(hit, today) for version in versions]
        for pair in weighed[0].keys() | weighed[1].keys():
            first, second = weighed[0].get(pair), weighed[1].get(pair)
            if first != second:
                people.update(value[0] for value in (first, second) if value is not None)
    return people


class _Version:
    """One field group of an organisation, before or after the change."""

    def __init__(self, key: str, alumni: Mapping[int, Study]) -> None:
        self.study = {r: s for r, s in alumni.items() if field_key(s.field) == key}
        #: the unique index on affiliations keeps two rows from making one study
        self.row = {s: r for r, s in self.study.items()}
        self.group = CohortGroup(key, self.study.values())

    def weigh(self, hit: set[int], today: date) -> dict[Pair, tuple[Pair, float]]:
        """(row, row) → (person ids, strength) of the study pairs with a hit row."""
        studies = self.group.studies
        position = {s: k for k, s in enumerate(studies)}
        wanted = sorted(position[self.study[r]] for r in hit if r in self.study)
        if not wanted:
            return {}
        pairs = study_pairs(self.group, wanted, today=today)
        out: dict[Pair, tuple[Pair, float]] = {}
        for i, j, value in zip(
            pairs.first.tolist(), pairs.second.tolist(), pairs.strength.tolist(), strict=True
        ):
            study, other = studies[i], studies[j]
            r, s = self.row[study], self.row[other]
            people = (_person(study), _person(other))
            if r < s:
                out[r, s] = (people, value)
            else:
                out[s, r] = (people[::-1], value)
        return out


async def pair_cohorts(
    session: AsyncSession,
    live: LiveGraph,
    pairs: Iterable[Pair],
    alumni: OrgAlumni,
    today: date,
) -> list[tuple[int, int, float]]:
    """The cohort strength of each pair of people (ids): the strongest over every
    organisation both studied at, weighed from those organisations' field groups."""
    pairs = list(pairs)
    people = {p for pair in pairs for p in pair}
    studied = await q.alumni_orgs_of(session, people) if people else {}
    wanted = {(a, b): studied.get(a, set()) & studied.get(b, set()) for a, b in pairs}
    orgs = {o for common in wanted.values() for o in common}
    orgs = {o for o in orgs if live.index(f"{ORGANIZATION}:{o}") is not None}
    await load_alumni(session, live, orgs, alumni)
    weighed = {org: _Organization(alumni[org]) for org in orgs}
    out = []
    for (a, b), common in wanted.items():
        best = max((weighed[org].tie(a, b, today) for org in common & orgs), default=0.0)
        if best > 0.0:
            out.append((a, b, best))
    return out


class _Organization:
    """One organisation's alumni studies by person, its field groups built when asked."""

    def __init__(self, alumni: Mapping[int, Study]) -> None:
        self.alumni = alumni
        self.studies: dict[int, list[Study]] = defaultdict(list)
        for study in alumni.values():
            self.studies[_person(study)].append(study)
        self.groups: dict[str, CohortGroup] = {}

    def group(self, key: str) -> CohortGroup:
        group = self.groups.get(key)
        if group is None:
            studies = (s for s in self.alumni.values() if field_key(s.field) == key)
            group = self.groups[key] = CohortGroup(key, studies)
        return group

    def tie(self, a: int, b: int, today: date) -> float:
        """The strongest cohort tie of people a and b here (0: none)."""
        best = 0.0
        for first in self.studies.get(a, ()):
            key = field_key(first.field)
            for second in self.studies.get(b, ()):
                if field_key(second.field) == key:
                    best = max(best, self.group(key).tie(first, second, today=today) or 0.0)
        return best
