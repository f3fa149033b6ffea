"""Realistic bilingual Chinese names, spelled the way people in each place spell their own.

Hand-made tables (no Faker, no pypinyin) of surnames and given-name characters with
their Hanyu Pinyin, Wade–Giles, Cantonese and Hokkien/Teochew/Hakka romanisations, and
a generator that, from a `random.Random`, writes a name as a person living in a given
country would: 陈建国 "Chen Jianguo" in Fuzhou, 陳建國 "Chan Kin-kwok" in Hong Kong,
"Chen Chien-kuo" in Taipei, "Tan Kian Kok" in Singapore, "David Chen" in Boston.

>>> from random import Random
>>> name, latin = person_name(Random(1), "HK", gender=Gender.MALE)
>>> name[0] in {s.traditional[0] for s in SURNAMES}
True
"""

from __future__ import annotations

from itertools import accumulate
from random import Random

from crm.db.enums import DialectGroup, Gender
from crm.seed.name_tables import GIVEN_SYLLABLES, SURNAMES, GivenSyllable, Surname

__all__ = [
    "GIVEN_SYLLABLES",
    "SOUTHEAST_ASIA",
    "SURNAMES",
    "GivenSyllable",
    "Surname",
    "dialect_group_for",
    "person_name",
    "spellings",
]


_SURNAME_CUM_WEIGHTS = list(accumulate(s.weight for s in SURNAMES))

_WESTERN_NAMES: dict[str, dict[Gender, tuple[str, ...]]] = {
    "en": {
        Gender.MALE: (
            "David", "Michael", "Kenneth", "Peter", "Andrew", "Kelvin", "Jason", "Eric",
            "Vincent", "Raymond", "Stanley", "Alan", "Patrick", "Daniel", "William", "Henry",
        ),
        Gender.FEMALE: (
            "Grace", "Jennifer", "Michelle", "Catherine", "Joyce", "Irene", "Vivian", "Cindy",
            "Angela", "Helen", "Emily", "Sophia", "Rachel", "Jessica", "Karen", "Amy",
        ),
    },
    "de": {
        Gender.MALE: ("Thomas", "Michael", "Stefan", "Andreas", "Felix", "Jan"),
        Gender.FEMALE: ("Julia", "Anna", "Katrin", "Lena", "Sabine", "Laura"),
    },
    "fr": {
        Gender.MALE: ("Pierre", "Julien", "Nicolas", "Louis", "Thomas", "Antoine"),
        Gender.FEMALE: ("Sophie", "Camille", "Claire", "Julie", "Marie", "Chloé"),
    },
}  # fmt: skip

#: where the Hokkien, Teochew, Cantonese and Hakka spellings of Nanyang Chinese are used
SOUTHEAST_ASIA: frozenset[str] = frozenset({"SG", "MY", "ID", "PH", "TH", "BN"})
_SIMPLIFIED_WRITERS = frozenset({"CN", "SG", "MY"})
_NANYANG_SPELLINGS = {
    DialectGroup.TEOCHEW: "teochew",
    DialectGroup.CANTONESE: "cantonese",
    DialectGroup.HAKKA: "hakka",
}


def dialect_group_for(country: str, heritage: DialectGroup | None) -> DialectGroup:
    """The dialect group that fits both a person's heritage and how their country spells.

    Hong Kong and Macau romanise Cantonese, so their people are Cantonese; mainland China
    and Taiwan spell everyone in standard Mandarin (pinyin, Wade–Giles), so the heritage
    group stands; in Southeast Asia the spelling follows the heritage group (Hokchia of
    Fuqing and other Min speakers there mostly use Hokkien-style spellings).
    """
    if country in {"HK", "MO"}:
        return DialectGroup.CANTONESE
    return heritage or DialectGroup.MANDARIN


def person_name(
    rng: Random,
    country: str,
    *,
    gender: Gender = Gender.MALE,
    dialect: DialectGroup | None = None,
) -> tuple[str, str]:
    """(the name as written, the person's own Latin spelling) for a resident of `country`."""
    dialect = dialect or dialect_group_for(country, None)
    surname = SURNAMES[rng.choices(range(len(SURNAMES)), cum_weights=_SURNAME_CUM_WEIGHTS)[0]]
    given = _given(rng, gender, 1 if rng.random() < 0.15 else 2)
    if country == "CN":
        return _mainland(rng, surname, given)
    if country in {"HK", "MO"}:
        return _hong_kong(rng, country, surname, given, gender)
    if country == "TW":
        return _taiwan(rng, surname, given)
    if country in SOUTHEAST_ASIA:
        return _nanyang(rng, country, surname, given, gender, dialect)
    return _abroad(rng, country, surname, given, gender, dialect)


def spellings(surname: Surname, system: str) -> tuple[str, ...]:
    """The Latin spellings of a surname in one system ("pinyin", "cantonese", …)."""
    return tuple(v.replace("_", " ") for v in str(getattr(surname, system)).split("/"))


def _given(rng: Random, gender: Gender, count: int) -> list[GivenSyllable]:
    wanted = {"n", "m"} if gender == Gender.MALE else {"n", "f"}
    pool = [s for s in GIVEN_SYLLABLES if s.gender in wanted]
    return rng.sample(pool, count)


def _written(surname: Surname, given: list[GivenSyllable], *, traditional: bool) -> str:
    if traditional:
        return surname.traditional + "".join(s.traditional for s in given)
    return surname.simplified + "".join(s.simplified for s in given)


def _pinyin(given: list[GivenSyllable]) -> str:
    # A syllable starting with a, o or e after another takes an apostrophe (Jia'an).
    text = given[0].pinyin
    for syllable in given[1:]:
        text += ("'" if syllable.pinyin[0] in "aoe" else "") + syllable.pinyin
    return text.capitalize()


def _hyphenated(parts: list[str]) -> str:
    return "-".join(parts).capitalize()


def _pick(rng: Random, surname: Surname, system: str) -> str:
    return rng.choice(spellings(surname, system))


def _western(rng: Random, country: str, gender: Gender) -> str:
    language = {"DE": "de", "AT": "de", "CH": "de", "FR": "fr"}.get(country, "en")
    return rng.choice(_WESTERN_NAMES[language][gender])


def _mainland(rng: Random, surname: Surname, given: list[GivenSyllable]) -> tuple[str, str]:
    family, personal = surname.pinyin, _pinyin(given)
    latin = f"{family} {personal}" if rng.random() < 0.6 else f"{personal} {family}"
    return _written(surname, given, traditional=False), latin


def _hong_kong(
    rng: Random, country: str, surname: Surname, given: list[GivenSyllable], gender: Gender
) -> tuple[str, str]:
    family = _pick(rng, surname, "cantonese")
    if country == "HK" and family == "Lao":
        family = "Lau"  # "Lao" is the Macau spelling
    personal = _hyphenated([s.cantonese for s in given])
    roll = rng.random()
    if roll < 0.65:
        latin = f"{family} {personal}"
    elif roll < 0.9:
        latin = f"{_western(rng, country, gender)} {family}"
    else:
        latin = f"{_western(rng, country, gender)} {family} {personal}"
    return _written(surname, given, traditional=True), latin


def _taiwan(rng: Random, surname: Surname, given: list[GivenSyllable]) -> tuple[str, str]:
    # Taiwanese passports write Wade–Giles without the aspiration apostrophes.
    family = surname.wade_giles.replace("'", "").replace("-y", "y").capitalize()
    personal = _hyphenated([s.wade_giles.replace("'", "") for s in given])
    latin = f"{family} {personal}" if rng.random() < 0.6 else f"{personal} {family}"
    return _written(surname, given, traditional=True), latin


def _nanyang(
    rng: Random,
    country: str,
    surname: Surname,
    given: list[GivenSyllable],
    gender: Gender,
    dialect: DialectGroup,
) -> tuple[str, str]:
    system = _NANYANG_SPELLINGS.get(dialect, "hokkien")
    if system == "hokkien" and country == "ID":
        system = "indonesian"
    family = _pick(rng, surname, system)
    syllables = [s.cantonese if system in {"cantonese", "hakka"} else s.hokkien for s in given]
    personal = " ".join(s.capitalize() for s in syllables)
    roll = rng.random()
    if roll < 0.7:
        latin = f"{family} {personal}"
    elif roll < 0.85:
        latin = f"{_western(rng, country, gender)} {family} {personal}"
    else:
        latin = f"{_western(rng, country, gender)} {family}"
    written = _written(surname, given, traditional=country not in _SIMPLIFIED_WRITERS)
    return written, latin


def _abroad(
    rng: Random,
    country: str,
    surname: Surname,
    given: list[GivenSyllable],
    gender: Gender,
    dialect: DialectGroup,
) -> tuple[str, str]:
    if dialect == DialectGroup.CANTONESE:
        # Emigrants from Hong Kong and the Pearl River Delta.
        family = _pick(rng, surname, "cantonese")
        if rng.random() < 0.7:
            return _written(
                surname, given, traditional=True
            ), f"{_western(rng, country, gender)} {family}"
        return _written(
            surname, given, traditional=True
        ), f"{_hyphenated([s.cantonese for s in given])} {family}"
    family, personal = surname.pinyin, _pinyin(given)
    roll = rng.random()
    if country == "JP":
        latin = f"{family} {personal}" if roll < 0.6 else f"{personal} {family}"
    elif roll < 0.5:
        latin = f"{_western(rng, country, gender)} {family}"
    elif roll < 0.9:
        latin = f"{personal} {family}"
    else:
        latin = f"{_western(rng, country, gender)} {personal} {family}"
    return _written(surname, given, traditional=False), latin
