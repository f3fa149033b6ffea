"""Properties: keys are deterministic and stable under normalisation; scores are symmetric."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crm.names.keys import person_keys, search_keys
from crm.names.match import PersonName, blocking_keys, person_similarity
from crm.names.normalize import normalize

HAN = "陳陈建國国黃黄家明张張偉伟欧陽阳司徒马馬单曾解区區林文慶庆王芳李"
_LATIN_TEXT = (
    "Chan Chen Kin-Kwok Kenneth Wong Ka Ming Ch'en Lü Au Yeung Dan Li Wei Tan Ah Kow Jianguo "
    "Dr. CHAN Ｗｏｎｇ Smith"
)
LATIN = _LATIN_TEXT.split()

PHONES = ["+852 9123 4567", "91234567", "13800138000"]
ORGANIZATIONS = ["HKU", "香港大学", "CAS", "牛津大学", "Oxford"]

han_names = st.text(alphabet=HAN, min_size=1, max_size=5)
latin_names = st.lists(st.sampled_from(LATIN), min_size=1, max_size=4).map(" ".join)
names = st.one_of(han_names, latin_names, st.text(max_size=12))
people = st.builds(
    PersonName,
    name=names,
    latin=st.none() | latin_names,
    birth_year=st.none() | st.integers(1940, 2000),
    emails=st.lists(st.sampled_from(["a@x.cn", "B@x.cn", "c@y.hk"]), max_size=2).map(tuple),
    phones=st.lists(st.sampled_from(PHONES), max_size=2).map(tuple),
    organizations=st.lists(st.sampled_from(ORGANIZATIONS), max_size=2).map(tuple),
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(names, st.none() | latin_names)
def test_keys_are_deterministic(name: str, latin: str | None) -> None:
    uncached = person_keys.__wrapped__
    assert (
        uncached(name, latin=latin) == uncached(name, latin=latin) == person_keys(name, latin=latin)
    )
    assert search_keys(name) == search_keys(name)


@SETTINGS
@given(names, st.none() | latin_names)
def test_keys_are_idempotent_under_normalisation(name: str, latin: str | None) -> None:
    normalized_latin = None if latin is None else normalize(latin)
    assert person_keys(normalize(name), latin=normalized_latin) == person_keys(name, latin=latin)
    assert search_keys(normalize(name)) == search_keys(name)
    assert normalize(normalize(name)) == normalize(name)


@SETTINGS
@given(people)
def test_a_record_matches_itself_with_score_one(person: PersonName) -> None:
    if normalize(person.name) or normalize(person.latin or ""):
        assert person_similarity(person, person).score == 1.0


@SETTINGS
@given(people, people)
# found by hypothesis: given-name characters without a known reading
@example(PersonName(name="𠀀𩐽"), PersonName(name="伟", latin="Chan Chan"))
def test_scores_are_symmetric_and_bounded(a: PersonName, b: PersonName) -> None:
    score = person_similarity(a, b).score
    assert 0.0 <= score <= 1.0
    assert score == person_similarity(b, a).score


@SETTINGS
@given(people, people)
def test_blocking_keys_are_symmetric_in_what_they_share(a: PersonName, b: PersonName) -> None:
    shared = blocking_keys(a) & blocking_keys(b)
    assert shared == blocking_keys(b) & blocking_keys(a)
