"""One organisation's alumni studies as arrays, from the snapshot or from the database.

A catch-up that weighs cohort ties needs the alumni studies of an organisation as they
are now (of people in the graph). A snapshot keeps every alumni study by row
(`study_arrays`), and the catch-up remembers what each affiliation row it has seen since
is (`PairIndex.studies`): together they are the studies now, without reading the
organisation's thousands of alumni rows again. A snapshot written before it kept the
studies reads them from the database. Study objects are built only for the field
groups asked for.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from crm.graph.cohort import Study, field_key
from crm.graph.columns import NO_DAY, TYPE_CODE, Alumnus, day_of
from crm.graph.live import LiveGraph
from crm.graph.records import PERSON

__all__ = ["OrgStudies", "SnapshotStudies", "study_arrays"]

Ints = npt.NDArray[np.int64]


def study_arrays(alumni: Iterable[Alumnus]) -> dict[str, np.ndarray]:
    """The alumni studies of a snapshot by affiliation row (sorted), so that a catch-up
    knows what a row of the snapshot was when it changes: `study_row`, `study_person`,
    `study_org`, `study_start` and `study_end` (ordinal days, NO_DAY: none),
    `study_field` (index into `study_fields`) and `study_by_org` (the positions in
    organisation order, so that a worker finds an organisation's studies at once)."""
    known = sorted((a for a in alumni if a.row > 0), key=lambda a: a.row)
    fields = sorted({a.field for a in known})
    code = {f: i for i, f in enumerate(fields)}
    org = np.array([a.organization for a in known], dtype=np.int64)
    return {
        "study_row": np.array([a.row for a in known], dtype=np.int64),
        "study_person": np.array([a.person for a in known], dtype=np.int64),
        "study_org": org,
        "study_start": np.array([a.starts_on.toordinal() for a in known], dtype=np.int64),
        "study_end": np.array([day_of(a.ends_on) for a in known], dtype=np.int64),
        "study_field": np.array([code[a.field] for a in known], dtype=np.int32),
        "study_fields": np.array(fields, dtype=str),
        "study_by_org": np.argsort(org, kind="stable"),
    }


class OrgStudies:
    """The alumni studies of one organisation (people in the graph), by row: arrays of
    row, person, start and end (ordinal days, NO_DAY: none) and each row's field."""

    def __init__(self, row: Ints, person: Ints, start: Ints, end: Ints, fields: list[str]):
        self.row, self.person, self.start, self.end, self.fields = row, person, start, end, fields
        keys = {f: field_key(f) for f in set(fields)}
        self.keys = np.array([keys[f] for f in fields], dtype=object)
        self._groups: dict[str | None, dict[int, Study]] = {}

    @classmethod
    def of(cls, alumni: Sequence[Alumnus]) -> OrgStudies:
        return cls(
            np.array([a.row for a in alumni], dtype=np.int64),
            np.array([a.person for a in alumni], dtype=np.int64),
            np.array([a.starts_on.toordinal() for a in alumni], dtype=np.int64),
            np.array([day_of(a.ends_on) for a in alumni], dtype=np.int64),
            [a.field for a in alumni],
        )

    def present(self, live: LiveGraph) -> OrgStudies:
        """Only the studies of people in the graph."""
        here = live.indices(TYPE_CODE[PERSON], self.person) >= 0
        if here.all():
            return self
        fields = [f for f, keep in zip(self.fields, here.tolist(), strict=True) if keep]
        return OrgStudies(
            self.row[here], self.person[here], self.start[here], self.end[here], fields
        )

    def updated(self, rows: Collection[int], now: Sequence[Alumnus], live: LiveGraph) -> OrgStudies:
        """These studies with the changed `rows` as they are `now` (those of this
        organisation, of people in the graph)."""
        keep = ~np.isin(self.row, np.fromiter(rows, dtype=np.int64, count=len(rows)))
        fields = [f for f, kept in zip(self.fields, keep.tolist(), strict=True) if kept]
        kept = OrgStudies(
            self.row[keep], self.person[keep], self.start[keep], self.end[keep], fields
        )
        return _joined(kept, OrgStudies.of(now).present(live))

    def studies(self, key: str | None = None) -> dict[int, Study]:
        """Row → study, of one field group (a `field_key`) or of all."""
        found = self._groups.get(key)
        if found is None:
            at = np.arange(len(self.row)) if key is None else np.flatnonzero(self.keys == key)
            found = self._groups[key] = {int(self.row[k]): self._study(int(k)) for k in at}
        return found

    def study(self, row: int) -> Study | None:
        at = np.flatnonzero(self.row == row)
        return self._study(int(at[0])) if len(at) else None

    def keys_of(self, people: Ints) -> set[str]:
        """The field groups these people (ids) studied in here."""
        return set(self.keys[np.isin(self.person, people)].tolist())

    def _study(self, k: int) -> Study:
        end = int(self.end[k])
        return Study(
            f"{PERSON}:{int(self.person[k])}",
            date.fromordinal(int(self.start[k])),
            None if end == NO_DAY else date.fromordinal(end),
            self.fields[k],
        )


class SnapshotStudies:
    """The studies of a snapshot (`study_arrays`) with the rows a catch-up saw since."""

    def __init__(self, arrays: Mapping[str, np.ndarray], later: Mapping[int, Alumnus | None]):
        self.arrays, self.later = arrays, later

    @cached_property
    def by_org(self) -> tuple[Ints, Ints]:
        """The positions of the studies in organisation order, and their organisations."""
        order = self.arrays.get("study_by_org")  # snapshots before it: sorted here, once
        if order is None:
            order = np.argsort(self.arrays["study_org"], kind="stable")
        return order, self.arrays["study_org"][order]

    def of(self, org: int) -> OrgStudies:
        """The organisation's studies now (people not yet filtered)."""
        order, orgs = self.by_org
        start, stop = np.searchsorted(orgs, [org, org + 1])
        at = order[int(start) : int(stop)]
        a = self.arrays
        rows = a["study_row"][at]
        if self.later:
            seen = np.fromiter(self.later, dtype=np.int64, count=len(self.later))
            kept = ~np.isin(rows, seen)
            at, rows = at[kept], rows[kept]
        names = a["study_fields"]
        fields = [str(names[f]) for f in a["study_field"][at].tolist()]
        since = [s for s in self.later.values() if s is not None and s.organization == org]
        return _joined(
            OrgStudies(
                rows, a["study_person"][at], a["study_start"][at], a["study_end"][at], fields
            ),
            OrgStudies.of(since),
        )


def _joined(first: OrgStudies, second: OrgStudies) -> OrgStudies:
    if not len(second.row):
        return first
    return OrgStudies(
        np.concatenate([first.row, second.row]),
        np.concatenate([first.person, second.person]),
        np.concatenate([first.start, second.start]),
        np.concatenate([first.end, second.end]),
        first.fields + second.fields,
    )


def from_rows(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[Alumnus]]:
    """Alumni rows of the database (crm.db.queries.graph_columns.alumni_of) by organisation."""
    found: dict[int, list[Alumnus]] = {}
    for row, person, org, _, starts_on, ends_on, studied in rows:
        alumnus = Alumnus(int(person), int(org), starts_on, ends_on, str(studied or ""), int(row))
        found.setdefault(int(org), []).append(alumnus)
    return found
