"""Names are written and spelled the way people in each place write and spell their own."""

from __future__ import annotations

import re
from random import Random

import pytest

from crm.db.enums import DialectGroup, Gender
from crm.seed.name_tables import GivenSyllable, Surname
from crm.seed.names import GIVEN_SYLLABLES, SURNAMES, dialect_group_for, person_name, spellings

SAMPLES = 300
_SIMPLIFIED = {s.simplified: s for s in GIVEN_SYLLABLES}
_TRADITIONAL = {s.traditional: s for s in GIVEN_SYLLABLES}
_SYSTEMS = ("pinyin", "wade_giles", "cantonese", "hokkien", "teochew", "hakka", "indonesian")


def _names(country: str, dialect: DialectGroup | None = None) -> list[tuple[str, str]]:
    return [
        person_name(Random(seed), country, gender=gender, dialect=dialect)
        for seed in range(SAMPLES)
        for gender in (Gender.MALE, Gender.FEMALE)
    ]


def _decompose(name: str, *, traditional: bool) -> tuple[Surname, list[GivenSyllable]]:
    """The surname and given-name characters of a name written in one script."""
    table = _TRADITIONAL if traditional else _SIMPLIFIED
    for surname in sorted(SURNAMES, key=lambda s: -len(s.simplified)):
        written = surname.traditional if traditional else surname.simplified
        rest = name[len(written) :]
        if name.startswith(written) and rest and all(c in table for c in rest):
            return surname, [table[c] for c in rest]
    raise AssertionError(
        f"{name!r} is not written in {'traditional' if traditional else 'simplified'} characters"
    )


def _pinyin(given: list[GivenSyllable]) -> str:
    text = given[0].pinyin + "".join(
        ("'" if s.pinyin[0] in "aoe" else "") + s.pinyin for s in given[1:]
    )
    return text.capitalize()


@pytest.mark.parametrize(
    ("simplified", "expected"),
    [
        ("陈", {"Chen", "Chan", "Tan", "Chin", "Ch'en"}),
        ("黄", {"Huang", "Wong", "Ng", "Oei"}),
        ("林", {"Lin", "Lam", "Lim"}),
        ("张", {"Zhang", "Cheung", "Chang", "Teo"}),
        ("王", {"Wang", "Wong", "Ong"}),
        ("吴", {"Wu", "Ng", "Goh"}),
        ("郑", {"Zheng", "Cheng", "Tay", "Teh"}),
        ("刘", {"Liu", "Lau", "Lao"}),
        ("杨", {"Yang", "Yeung", "Yeo"}),
        ("许", {"Xu", "Hui", "Koh", "Khoo"}),
        ("谢", {"Xie", "Tse", "Chia", "Seah"}),
        ("李", {"Li", "Lee"}),
        ("周", {"Zhou", "Chow", "Chew"}),
    ],
)
def test_surnames_carry_their_pinyin_dialect_and_wade_giles_spellings(
    simplified: str, expected: set[str]
) -> None:
    surname = next(s for s in SURNAMES if s.simplified == simplified)
    known = {spelling for system in _SYSTEMS for spelling in spellings(surname, system)}
    assert expected <= known


def test_tables_have_traditional_forms_where_they_differ() -> None:
    assert {s.simplified: s.traditional for s in SURNAMES}["陈"] == "陳"
    assert {s.simplified: s.traditional for s in GIVEN_SYLLABLES}["国"] == "國"
    assert len({s.simplified for s in GIVEN_SYLLABLES}) == len(GIVEN_SYLLABLES)


def test_mainland_names_are_simplified_with_pinyin_in_either_order() -> None:
    orders = set()
    for name, latin in _names("CN"):
        surname, given = _decompose(name, traditional=False)
        family_first, given_first = (
            f"{surname.pinyin} {_pinyin(given)}",
            f"{_pinyin(given)} {surname.pinyin}",
        )
        assert latin in {family_first, given_first}, (name, latin)
        orders.add(latin == family_first)
    assert orders == {True, False}  # "Chen Jianguo" and "Jianguo Chen"


def test_hong_kong_names_are_traditional_with_hyphenated_cantonese() -> None:
    western = 0
    for name, latin in _names("HK"):
        surname, given = _decompose(name, traditional=True)
        family = re.escape(next(s for s in spellings(surname, "cantonese") if s in latin))
        personal = re.escape("-".join(s.cantonese for s in given).capitalize())
        if re.fullmatch(f"{family} {personal}", latin):
            continue
        assert re.fullmatch(f"[A-Z][a-z]+ {family}( {personal})?", latin), (name, latin)
        western += 1
    assert western > 0  # "Kenneth Chan"
    assert dialect_group_for("HK", DialectGroup.HOKKIEN) == DialectGroup.CANTONESE


def test_taiwan_names_are_traditional_with_wade_giles() -> None:
    for name, latin in _names("TW"):
        surname, given = _decompose(name, traditional=True)
        family = surname.wade_giles.replace("'", "").replace("-y", "y").capitalize()
        personal = "-".join(s.wade_giles.replace("'", "") for s in given).capitalize()
        assert latin in {f"{family} {personal}", f"{personal} {family}"}, (name, latin)
    assert person_name(Random(7), "TW")[1].count("'") == 0


@pytest.mark.parametrize(
    ("country", "dialect", "system", "traditional"),
    [
        ("SG", DialectGroup.HOKKIEN, "hokkien", False),
        ("SG", DialectGroup.TEOCHEW, "teochew", False),
        ("MY", DialectGroup.CANTONESE, "cantonese", False),
        ("MY", DialectGroup.HAKKA, "hakka", False),
        ("ID", DialectGroup.HOKKIEN, "indonesian", True),
        ("PH", DialectGroup.HOKKIEN, "hokkien", True),
    ],
)
def test_southeast_asian_names_follow_the_dialect_group(
    country: str, dialect: DialectGroup, system: str, traditional: bool
) -> None:
    for name, latin in _names(country, dialect):
        surname, given = _decompose(name, traditional=traditional)
        syllables = [s.cantonese if system in {"cantonese", "hakka"} else s.hokkien for s in given]
        personal = " ".join(s.capitalize() for s in syllables)
        family = re.escape(next(s for s in spellings(surname, system) if s in latin))
        personal = re.escape(personal)
        forms = f"{family} {personal}|[A-Z][a-z]+ {family} {personal}|[A-Z][a-z]+ {family}"
        assert re.fullmatch(forms, latin), (name, latin)  # "Tan Kah Hong", "Kelvin Tan"


def test_tan_kah_hong_is_a_singapore_hokkien_name() -> None:
    chen = next(s for s in SURNAMES if s.simplified == "陈")
    assert spellings(chen, "hokkien") == ("Tan",)
    assert [_SIMPLIFIED[c].hokkien for c in "嘉宏"] == ["kah", "hong"]


@pytest.mark.parametrize("country", ["US", "GB", "CA", "AU", "DE", "FR", "JP"])
def test_names_abroad_mix_pinyin_and_western_first_names(country: str) -> None:
    western = 0
    for name, latin in _names(country, DialectGroup.FUZHOU):
        surname, given = _decompose(name, traditional=False)
        tokens = latin.split()
        assert surname.pinyin in (tokens[0], tokens[-1]), (name, latin)
        if _pinyin(given) not in tokens:
            western += 1
    assert western > 0 if country != "JP" else western == 0  # "David Wang"


def test_cantonese_emigrants_keep_traditional_characters_and_cantonese_surnames() -> None:
    for name, latin in _names("GB", DialectGroup.CANTONESE):
        surname, _ = _decompose(name, traditional=True)
        assert latin.split()[-1] in spellings(surname, "cantonese"), (name, latin)


def test_dialect_group_follows_heritage_where_the_spelling_is_national() -> None:
    assert dialect_group_for("CN", DialectGroup.FUZHOU) == DialectGroup.FUZHOU
    assert dialect_group_for("SG", DialectGroup.TEOCHEW) == DialectGroup.TEOCHEW
    assert dialect_group_for("US", None) == DialectGroup.MANDARIN


def test_names_are_deterministic() -> None:
    first = [person_name(Random(20231222), c) for c in ("CN", "HK", "TW", "SG", "US")]
    again = [person_name(Random(20231222), c) for c in ("CN", "HK", "TW", "SG", "US")]
    assert first == again
