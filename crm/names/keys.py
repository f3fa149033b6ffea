"""Matching keys for a person's name in any script: Han, pinyin, dialect and Western forms."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from itertools import pairwise

from pypinyin import Style, lazy_pinyin

from crm.names.normalize import fold_latin, han_part, latin_part, normalize
from crm.names.spelling import han_reading_keys, is_reading_key, latin_reading_keys
from crm.names.surnames import split_surname, surname_family, surname_pinyin, surname_spellings
from crm.names.syllables import segment_syllables
from crm.names.western import is_western_given_name

__all__ = ["NameKeys", "NameReading", "person_keys", "search_keys"]

# Titles and honorifics that are not part of a name.
_LATIN_TITLES = frozenset(
    {
        "dr", "prof", "professor", "mr", "mrs", "ms", "miss", "mx", "sir", "dame", "madam",
        "mdm", "dato", "datuk", "datin", "sri", "seri", "academician", "hon", "rev",
    }
)  # fmt: skip
_HAN_TITLES = (
    "院士", "教授", "博士", "先生", "女士", "小姐", "太太", "老师", "医生", "主任",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class NameReading:
    """One way to read a name: which part is the surname, which the given name.

    `given` holds folded Latin syllables ("kin", "kwok"; pinyin for Han names); `han_*` are
    filled when the reading comes from Han characters.
    """

    surname: str
    family: frozenset[str]
    given: tuple[str, ...] = ()
    western: tuple[str, ...] = ()
    han_surname: str = ""
    han_given: str = ""

    @property
    def given_joined(self) -> str:
        return "".join(self.given)


@dataclass(frozen=True, slots=True)
class NameKeys:
    """Every key a name can be found or matched by."""

    simplified: str = ""
    readings: tuple[NameReading, ...] = ()
    full: frozenset[str] = field(default_factory=frozenset)
    initials: frozenset[str] = field(default_factory=frozenset)
    given: frozenset[str] = field(default_factory=frozenset)
    western: frozenset[str] = field(default_factory=frozenset)
    surnames: frozenset[str] = field(default_factory=frozenset)
    surname_family: frozenset[str] = field(default_factory=frozenset)

    @property
    def all(self) -> frozenset[str]:
        """The union of every key, for an index."""
        keys = {self.simplified} if self.simplified else set()
        return frozenset(
            keys.union(self.full, self.initials, self.given, self.western, self.surnames)
            | self.surname_family
        )


def _han_reading(han: str) -> NameReading:
    surname, given = split_surname(han)
    syllables = lazy_pinyin(given, style=Style.NORMAL, v_to_u=True, errors="ignore")
    return NameReading(
        surname=surname_pinyin(surname),
        family=frozenset({surname}),
        given=tuple(fold_latin(syllable) for syllable in syllables if syllable),
        han_surname=surname,
        han_given=given,
    )


def _syllables(word: str) -> tuple[str, ...]:
    if "-" in word:
        return tuple(part for part in word.split("-") if part)
    return segment_syllables(word) or (word,)


def _strip_western(words: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Ways to set Western given names aside: [(remaining words, Western names), …].

    A word that is only a Western name ("kenneth") is set aside wherever it stands; one that
    is also a Chinese syllable ("dan", "ian") only at either end, and both ways.
    """
    plain = tuple(w for w in words if is_western_given_name(w) and segment_syllables(w) is None)
    # Only Western names ("Grace Kelly"): the last one stands for the surname.
    rest = tuple(w for w in words if w not in plain) if len(plain) < len(words) else words[-1:]
    western = plain if len(plain) < len(words) else words[:-1]
    results = [(rest, western)]
    if len(rest) >= 2:
        for index in dict.fromkeys((0, len(rest) - 1)):
            if is_western_given_name(rest[index]):
                remaining = rest[:index] + rest[index + 1 :]
                results.append((remaining, (*western, rest[index])))
    return [(remaining, tuple(sorted(names))) for remaining, names in results]


def _strip_han_title(han: str) -> str:
    for title in _HAN_TITLES:
        if han.endswith(title) and len(han) > len(title) + 1:
            return han[: -len(title)]
    return han


def _latin_readings(latin: str) -> list[NameReading]:
    words = tuple(latin.split())
    while len(words) > 1 and words[0] in _LATIN_TITLES:
        words = words[1:]
    if len(words) > 2 and words[:2] == ("tan", "sri"):  # Malaysian honour; Tan is a surname too
        words = words[2:]
    readings: list[NameReading] = []
    for rest, western in _strip_western(words):
        readings.extend(_surname_splits(rest, western))
    return readings


def _surname_splits(words: tuple[str, ...], western: tuple[str, ...]) -> list[NameReading]:
    if not words:
        return []

    def reading(surname: str, given: tuple[str, ...]) -> NameReading:
        syllables = tuple(s for word in given for s in _syllables(word))
        key = surname.replace("-", "")
        return NameReading(key, surname_family(key), syllables, western)

    if len(words) == 1:
        return [reading(words[0], ())]
    if len(words) == 2 and surname_family(words[0] + words[1]):
        return [reading(words[0] + words[1], ())]  # "Raymond Au Yeung": a compound, no given
    compounds = []
    if len(words) >= 3 and surname_family(words[0] + words[1]):
        compounds.append(reading(words[0] + words[1], words[2:]))
    if len(words) >= 3 and surname_family(words[-2] + words[-1]):
        compounds.append(reading(words[-2] + words[-1], words[:-2]))
    if compounds:
        return compounds
    first = reading(words[0], words[1:])
    last = reading(words[-1], words[:-1])
    # A word is taken for the surname when the surname table knows it; when both ends
    # qualify ("Wei Li", "Chan Tai Man") both readings are kept, surname first.
    first_ok, last_ok = bool(first.family), bool(last.family)
    if first_ok and not last_ok:
        return [first]
    if last_ok and not first_ok:
        return [last]
    return [first, last]


def _name_forms(reading: NameReading) -> set[str]:
    surname, given = reading.surname, reading.given_joined
    forms = (
        {surname} if not given else {f"{surname} {given}", f"{given} {surname}", surname + given}
    )
    forms.update(f"{western} {surname}" for western in reading.western)
    return forms


def _initials(reading: NameReading) -> set[str]:
    if not reading.given:
        return set()
    head = reading.surname[:1]
    tail = "".join(syllable[:1] for syllable in reading.given)
    return {head + tail, tail + head}


def _reading_keys(readings: list[NameReading]) -> frozenset[str]:
    """Whole-name keys in dialect and Wade–Giles spellings (`crm.names.spelling`): from the
    characters when the name has them, else from every reading of the Latin spelling."""
    if readings and readings[0].han_surname:
        return han_reading_keys(readings[0].han_surname, readings[0].han_given)
    return frozenset(
        key for reading in readings for key in latin_reading_keys(reading.family, reading.given)
    )


@functools.lru_cache(maxsize=65536)
def person_keys(name: str, *, latin: str | None = None) -> NameKeys:
    """Every matching key of a person's name, written in Han characters and/or Latin letters.

    >>> keys = person_keys("陳建國", latin="Kin-Kwok Chan")
    >>> sorted(keys.full)[:3]
    ['chan kinkwok', 'chankinkwok', 'chen jianguo']
    >>> "陈" in keys.surname_family
    True
    """
    text = normalize(name)
    han = _strip_han_title(han_part(text))
    readings: list[NameReading] = [_han_reading(han)] if han else []
    for source in (latin_part(text), latin_part(normalize(latin or ""))):
        words = source.split()
        if readings and words and all(map(is_western_given_name, words)):
            # "陳建國 Kenneth": a Western name beside the Han one, not a surname of its own.
            first = readings[0]
            readings[0] = replace(first, western=tuple(sorted({*first.western, *words})))
        elif source:
            readings.extend(r for r in _latin_readings(source) if r not in readings)
    full: set[str] = set()
    initials: set[str] = set()
    given: set[str] = set()
    surnames: set[str] = set()
    family: set[str] = set()
    western: set[str] = set()
    full |= _reading_keys(readings)
    for reading in readings:
        full |= _name_forms(reading)
        initials |= _initials(reading)
        given.update(form for form in (reading.given_joined, reading.han_given) if form)
        surnames.add(reading.surname)
        if reading.han_surname:
            surnames.update(surname_spellings(reading.han_surname))
        family |= reading.family
        western.update(reading.western)
    return NameKeys(
        simplified=han,
        readings=tuple(readings),
        full=frozenset(full),
        initials=frozenset(initials),
        given=frozenset(given),
        western=frozenset(western),
        surnames=frozenset(surnames),
        surname_family=frozenset(family),
    )


def search_keys(text: str) -> list[str]:
    """Short keys to index a name (or a query) by, sorted: forms, tokens, 1–2 Han fragments.

    >>> [key for key in search_keys("陳建國") if len(key) < 3]
    ['国', '建', '建国', '陈', '陈建']
    """
    normalized = normalize(text)
    # Reading keys are whole-name keys (FULL), not fragments to search by.
    keys = {key for key in person_keys(normalized).all if not is_reading_key(key)}
    han = han_part(normalized)
    keys.update(han)
    keys.update(a + b for a, b in pairwise(han))
    for word in latin_part(normalized).split():
        keys.add(word)
        keys.update(part for part in word.split("-") if part)
        keys.add(word.replace("-", ""))
    if normalized:
        keys.add(normalized)
    return sorted(key for key in keys if key)
