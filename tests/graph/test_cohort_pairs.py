"""The cohort strengths weighed as arrays are the reference's, study pair by study pair and
people pair by people pair."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crm.graph.cohort import CohortGroup, Study
from crm.graph.cohort_pairs import person_pair_ties, study_pairs
from tests.graph.records import TODAY

STUDIES = st.lists(
    st.tuples(
        st.sampled_from([f"Person:{i}" for i in range(1, 9)]),
        st.dates(date(2010, 1, 1), date(2026, 1, 1)),
        st.one_of(st.none(), st.timedeltas(timedelta(days=-30), timedelta(days=3000))),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(
    drawn=STUDIES,
    data=st.data(),
    key=st.sampled_from(["", "ai"]),
    crowd=st.sampled_from([0, 96, 98, 99, 100]),
)
def test_study_pairs_are_the_reference_ties(
    drawn: list[tuple[str, date, timedelta | None]], data: st.DataObject, key: str, crowd: int
) -> None:
    studies = [Study(p, on, None if length is None else on + length) for p, on, length in drawn]
    # a crowded period: its cohorts near the limit, those over it get no ties
    studies += [Study(f"Person:{100 + k}", date(2015, 9, 1), None) for k in range(crowd)]
    group = CohortGroup(key, studies)
    n = len(group.studies)
    wanted = sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1)))
    found = study_pairs(group, wanted, today=TODAY)
    mine = {
        (i, j): s
        for i, j, s in zip(
            found.first.tolist(), found.second.tolist(), found.strength.tolist(), strict=True
        )
    }
    expected = {}
    for i in wanted:
        for j, other in enumerate(group.studies):
            value = group.tie(group.studies[i], other, today=TODAY)
            if value is not None:
                expected[i, j] = value
    assert mine.keys() == expected.keys()
    for pair, value in expected.items():
        assert mine[pair] == pytest.approx(value, rel=1e-12, abs=0)


@settings(max_examples=200, deadline=None)
@given(drawn=STUDIES, data=st.data(), crowd=st.sampled_from([0, 98, 100]))
def test_person_pair_ties_are_the_strongest_reference_tie_of_each_pair(
    drawn: list[tuple[str, date, timedelta | None]], data: st.DataObject, crowd: int
) -> None:
    studies = [Study(p, on, None if length is None else on + length) for p, on, length in drawn]
    studies += [Study(f"Person:{100 + k}", date(2015, 9, 1), None) for k in range(crowd)]
    group = CohortGroup("ai", studies)
    person = np.array([int(s.person.partition(":")[2]) for s in group.studies], dtype=np.int64)
    ids = st.integers(1, 8) | st.integers(100, 101)
    pairs = data.draw(st.lists(st.tuples(ids, ids).filter(lambda p: p[0] != p[1]), max_size=20))
    a = np.array([p for p, _ in pairs], dtype=np.int64)
    b = np.array([q for _, q in pairs], dtype=np.int64)
    found = person_pair_ties(group, person, a, b, today=TODAY)
    for k, (p, q) in enumerate(pairs):
        ties = [
            group.tie(first, second, today=TODAY)
            for first in group.studies
            if first.person == f"Person:{p}"
            for second in group.studies
            if second.person == f"Person:{q}"
        ]
        expected = max((t for t in ties if t is not None), default=0.0)
        assert found[k] == pytest.approx(expected, rel=1e-12, abs=0), (p, q)
