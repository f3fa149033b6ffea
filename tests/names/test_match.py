"""Person similarity: names across scripts plus birth year, contacts and organisations."""

from __future__ import annotations

from crm.names.match import DEFAULT_THRESHOLD, PersonName, blocking_keys, person_similarity


def test_han_name_matches_its_cantonese_spelling_with_reasons() -> None:
    match = person_similarity(PersonName("陳建國"), PersonName(latin="Kin-Kwok Chan"))
    assert match.score >= DEFAULT_THRESHOLD
    assert match.reasons[:2] == ["same surname 陈 (Chen/Chan)", "given name 建国 ≈ Kin-Kwok"]


def test_han_name_matches_its_pinyin() -> None:
    match = person_similarity(PersonName("陈建国"), PersonName("Jianguo Chen"))
    assert match.score == 1.0
    assert "given name 建国 = Jianguo" in match.reasons


def test_similar_surname_is_not_a_match() -> None:
    match = person_similarity(PersonName("陈建国"), PersonName("程建国"))
    assert match.score < DEFAULT_THRESHOLD
    assert "different surnames 程/陈" in match.reasons


def test_surname_and_western_name_need_evidence() -> None:
    bare = person_similarity(PersonName("Kenneth Chan"), PersonName("陳建國"))
    assert bare.score < DEFAULT_THRESHOLD
    with_email = person_similarity(
        PersonName("Kenneth Chan", emails=("K.Chan@example.hk",)),
        PersonName("陳建國", emails=("k.chan@example.hk",)),
    )
    assert with_email.score >= DEFAULT_THRESHOLD
    assert "same email" in with_email.reasons


def test_common_name_with_different_birth_years_is_not_a_match() -> None:
    match = person_similarity(
        PersonName("张伟", birth_year=1980, emails=("zw1980@example.cn",)),
        PersonName("张伟", birth_year=1992, emails=("zhangwei92@example.cn",)),
    )
    assert match.score < DEFAULT_THRESHOLD
    assert "born 1980 vs 1992" in match.reasons


def test_birth_year_phone_and_organisation_are_reasons() -> None:
    match = person_similarity(
        PersonName(
            "Chan K. K.", birth_year=1975, phones=("+852 9123 4567",), organizations=("HKU",)
        ),
        PersonName("陳建國", birth_year=1975, phones=("91234567",), organizations=("香港大学",)),
    )
    assert match.score >= DEFAULT_THRESHOLD
    assert {"born 1975 both", "same phone", "both members of HKU"} <= set(match.reasons)


def test_same_name_at_different_organisations_is_not_a_match() -> None:
    match = person_similarity(
        PersonName("王芳", organizations=("清华大学",)),
        PersonName("王芳", organizations=("牛津大学",)),
    )
    assert match.score < DEFAULT_THRESHOLD
    assert "no organisation in common" in match.reasons


def test_different_western_names_are_not_a_match() -> None:
    assert person_similarity(PersonName("Kenneth Chan"), PersonName("Michael Chan")).score < 0.5


def test_record_matches_itself_with_score_one() -> None:
    person = PersonName("陳建國", "Kenneth Chan", 1975, ("k@example.hk",), ("91234567",), ("HKU",))
    assert person_similarity(person, person).score == 1.0


def test_threshold_is_a_probability_like_cut() -> None:
    assert 0.5 < DEFAULT_THRESHOLD < 1.0


def test_blocking_brings_spellings_of_one_name_together() -> None:
    han = blocking_keys(PersonName("陳建國"))
    assert han & blocking_keys(PersonName("Kin-Kwok Chan"))
    assert han & blocking_keys(PersonName("Chen Jianguo"))
    assert han & blocking_keys(PersonName("Ch'en Chien-kuo"))
    assert not han & blocking_keys(PersonName("王芳"))
    assert not han & blocking_keys(PersonName("程建国"))


def test_blocking_by_email_phone_and_birth_year() -> None:
    keys = blocking_keys(
        PersonName(
            "Kenneth Chan", birth_year=1975, emails=(" K@x.hk ",), phones=("+852 9123 4567",)
        )
    )
    assert {"email:k@x.hk", "phone:91234567", "born:陈:1975", "name:陈:kenneth"} <= keys
