"""Cohort ties weighed study pair by study pair give what a whole group's ties give."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from crm.graph.cohort import COHORT_LIMIT, CohortGroup, Study, group_ties
from tests.graph.records import TODAY

starts = st.dates(min_value=date(2000, 1, 1), max_value=date(2012, 1, 1))
studies = st.lists(
    st.builds(
        Study,
        person=st.sampled_from([f"Person:{i}" for i in range(40)]),
        starts_on=starts,
        ends_on=st.one_of(
            st.none(), st.integers(0, 3000).map(lambda d: date(2000, 1, 1) + timedelta(days=d))
        ),
    ),
    max_size=60,
    unique_by=lambda s: (s.person, s.starts_on, s.ends_on),
)


def pairwise(key: str, group: list[Study]) -> dict[tuple[str, str], float]:
    """Every pair's strongest tie, weighed one study pair at a time."""
    cohort = CohortGroup(key, group)
    out: dict[tuple[str, str], float] = {}
    for study in group:
        overlapping = cohort.overlapping(study)
        assert overlapping == [s for s in cohort.studies if _overlap(s, study)]
        for other in overlapping:
            value = cohort.tie(study, other, today=TODAY)
            if value is not None:
                pair = (min(study.person, other.person), max(study.person, other.person))
                out[pair] = max(out.get(pair, 0.0), value)
    return out


def _overlap(a: Study, b: Study) -> bool:
    return max(a.starts_on, b.starts_on) < min(a.until, b.until)


@settings(max_examples=60, deadline=None)
@given(group=studies, key=st.sampled_from(["", "physics"]))
def test_a_study_pair_weighs_what_the_whole_group_gives(group: list[Study], key: str) -> None:
    expected = {
        pair: tie.strength
        for pair, tie in group_ties("Organization:1", key, group, today=TODAY).items()
    }
    assert pairwise(key, group) == expected


def test_a_cohort_above_the_limit_ties_no_one_and_one_study_less_ties_all() -> None:
    crowd = [Study(f"Person:{i}", date(2010, 9, 1), None) for i in range(COHORT_LIMIT + 1)]
    assert pairwise("physics", crowd) == {}
    assert len(pairwise("physics", crowd[1:])) == COHORT_LIMIT * (COHORT_LIMIT - 1) // 2
