"""Whole names as overseas Chinese spell them: Hokkien, Teochew, Hakka, Cantonese, Wade–Giles.

Each `SpellingSystem` reads a character into canonical syllables (from the packages in
`crm.names.sources`, or our Teochew table) and decodes a written syllable ("Lark",
"Boen", "Tsz") into the canonical syllables it can spell. A name's *reading key* is its
surname in 汉字, the canonical given-name syllables and the system's mark, e.g.
"陈 lak-sai (闽)": derived from the characters for a stored name, and from the letters
for a name written in Latin only, so "Tan Lark Sye" and 陳六使 meet on one key. The
surname stays in 汉字 because the surname tables already know every spelling of it
(`crm.names.surnames`). `describe` writes the mark out ("陈 lak-sai (Hokkien)") for the
search hit's `matched`.

>>> sorted(han_reading_keys("陈", "六使"))[:3]
['陈 l.s.', '陈 lak-sai (闽)', '陈 lak-su (闽)']
>>> "陈 lak-sai (闽)" in latin_reading_keys(frozenset({"陈"}), ("lark", "sye"))
True
>>> describe("陈 lak-sai (闽)")
'陈 lak-sai (Hokkien)'
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from crm.names import cantonese, hakka, minnan, sources, teochew
from crm.names.romanization import han_pinyin, pinyin_syllables, wade_giles

__all__ = [
    "SYSTEMS",
    "SpellingSystem",
    "decode_any",
    "describe",
    "han_reading_keys",
    "is_reading_key",
    "latin_reading_keys",
    "written_spellings",
]

#: keys of one name kept per system, the likeliest readings first
_KEYS_PER_SYSTEM = 4


@dataclass(frozen=True, slots=True)
class SpellingSystem:
    """A way of spelling Chinese names in Latin letters."""

    name: str
    #: the mark stored in keys: one 汉字, which no normalised query contains
    mark: str
    source: Callable[[str], tuple[str, ...]]
    canonical: Callable[[str], str]
    variants: Callable[[str], frozenset[str]]
    inventory: Callable[[], Iterable[str]]
    #: readings of one character kept (the likeliest first)
    per_char: int = 2

    def readings(self, char: str) -> tuple[str, ...]:
        """Canonical syllables of one (simplified) character, likeliest first."""
        return _readings(self, char)

    def decode(self, written: str) -> frozenset[str]:
        """The canonical syllables a written syllable can spell in this system."""
        return _index(self).get(written, frozenset())


@functools.lru_cache(maxsize=65536)
def _readings(system: SpellingSystem, char: str) -> tuple[str, ...]:
    found = dict.fromkeys(system.canonical(s) for s in system.source(char) if s)
    return tuple(found)[: system.per_char]


@functools.cache
def _index(system: SpellingSystem) -> Mapping[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for syllable in system.inventory():
        spelled = system.canonical(syllable)
        for written in system.variants(syllable):
            index[written].add(spelled)
    return {written: frozenset(spelled) for written, spelled in index.items()}


def _pinyin_readings(char: str) -> tuple[str, ...]:
    return han_pinyin(char)


_JYUTPING_INITIALS = "- b p m f d t n l g k ng h gw kw w z c s j"
_JYUTPING_FINALS = """
aa aai aau aam aan aang aap aat aak a ai au am an ang ap at ak e ei eu em eng ep ek i iu im in
ing ip it ik o oi ou on ong ot ok u ui un ung ut uk oe oeng oek eoi eon eot yu yun yut m ng
"""


@functools.cache
def _cantonese_inventory() -> frozenset[str]:
    initials = [initial.strip("-") for initial in _JYUTPING_INITIALS.split()]
    return frozenset(i + f for i in initials for f in _JYUTPING_FINALS.split())


@functools.cache
def _minnan_inventory() -> frozenset[str]:
    found: set[str] = set()
    for readings in (*sources.tailo_table().values(), *teochew.TEOCHEW_READINGS.values()):
        found.update(readings)
    return frozenset(found)


@functools.cache
def _hakka_inventory() -> frozenset[str]:
    return frozenset(s for readings in sources.hakka_table().values() for s in readings)


def _teochew_source(char: str) -> tuple[str, ...]:
    return teochew.TEOCHEW_READINGS.get(char, ())


def _wade_giles_variants(syllable: str) -> frozenset[str]:
    spelled = wade_giles(syllable)
    found = {spelled}
    if spelled == "i":
        found.add("yi")  # Taiwanese passports: 怡 "Yi"
    if spelled.startswith("hu") and len(spelled) > 2 and spelled[2] in "aeo":
        found.add("hw" + spelled[2:])  # 懷 "Hwai"
    if "u" in spelled and not spelled.endswith("u"):
        found.add(spelled.replace("u", "oo", 1))  # 宋 "Soong"
    if spelled.endswith("ih"):
        found.add(spelled[:-1])
    if spelled.startswith("hs"):
        found.add("sh" + spelled[2:])  # 雄 "Shiung"
    if spelled in ("ying", "yin"):
        found.add(spelled[1:])  # 英 "Ing"
    return frozenset(found)


SYSTEMS: tuple[SpellingSystem, ...] = (
    SpellingSystem(
        "Hokkien", "闽", sources.tailo, minnan.canonical, minnan.variants, _minnan_inventory, 2
    ),
    SpellingSystem(
        "Teochew", "潮", _teochew_source, minnan.canonical, teochew.variants, _minnan_inventory
    ),
    SpellingSystem(
        "Hakka", "客", sources.hakka_pinyin, hakka.canonical, hakka.variants, _hakka_inventory, 2
    ),
    SpellingSystem(
        "Cantonese",
        "粤",
        sources.jyutping,
        cantonese.canonical,
        cantonese.variants,
        _cantonese_inventory,
    ),
    SpellingSystem(
        "Wade–Giles", "威", _pinyin_readings, wade_giles, _wade_giles_variants, pinyin_syllables, 1
    ),
)
_BY_MARK = {system.mark: system for system in SYSTEMS}


def _key(surname: str, syllables: Iterable[str], system: SpellingSystem) -> str:
    return f"{surname} {'-'.join(syllables)} ({system.mark})"


def _initials_key(surname: str, letters: Iterable[str]) -> str:
    return f"{surname} {'.'.join(letters)}."


@functools.lru_cache(maxsize=65536)
def han_reading_keys(surname: str, given: str) -> frozenset[str]:
    """The reading keys of a name in 汉字 (simplified), in every system that reads all of
    its given-name characters, and its initials keys ("丁 c.c.")."""
    if not surname or not given:
        return frozenset()
    keys: set[str] = set()
    for system in SYSTEMS:
        per_char = [system.readings(char) for char in given]
        if all(per_char):
            keys.update(_key(surname, combo, system) for combo in _likeliest(per_char))
    if len(given) > 1:
        keys.update(_initials_key(surname, letters) for letters in _initials(given))
    return frozenset(keys)


def _likeliest(options: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Combinations of each position's options (likeliest first), by the sum of their ranks."""
    ranked = itertools.product(*(list(enumerate(choices)) for choices in options))
    best = sorted(ranked, key=lambda combo: sum(rank for rank, _ in combo))
    return [tuple(choice for _, choice in combo) for combo in best[:_KEYS_PER_SYSTEM]]


def _initials(given: str) -> set[tuple[str, ...]]:
    """The initials of a given name as people write them: after its pinyin, Wade–Giles or
    Cantonese spelling ("C. C." for 肇中 chao-chung), each system's likeliest reading."""
    found = set()
    for spell in (_pinyin_initial, _wade_giles_initial, _cantonese_initial):
        letters = tuple(spell(char) for char in given)
        if all(letters):
            found.add(letters)
    return found


def _pinyin_initial(char: str) -> str:
    return han_pinyin(char)[0][:1] if han_pinyin(char) else ""


def _wade_giles_initial(char: str) -> str:
    return wade_giles(han_pinyin(char)[0])[:1] if han_pinyin(char) else ""


def _cantonese_initial(char: str) -> str:
    readings = SYSTEMS[3].readings(char)
    return readings[0][:1] if readings else ""


def latin_reading_keys(families: frozenset[str], given: tuple[str, ...]) -> frozenset[str]:
    """The reading keys a name written in Latin letters can have: its surname's 汉字
    (`families`) × the canonical syllables its given-name syllables decode to, per system."""
    if not families or not given:
        return frozenset()
    keys: set[str] = set()
    if len(given) > 1 and all(len(syllable) == 1 for syllable in given):
        keys.update(_initials_key(surname, given) for surname in families)
        return frozenset(keys)
    for system in SYSTEMS:
        decoded = [system.decode(syllable) for syllable in given]
        if not all(decoded):
            continue
        combos = list(itertools.islice(itertools.product(*map(sorted, decoded)), 32))
        keys.update(_key(surname, combo, system) for surname in families for combo in combos)
    return frozenset(keys)


@functools.lru_cache(maxsize=16384)
def decode_any(written: str) -> frozenset[str]:
    """Canonical syllables a written syllable spells in any system ("lark" → {"lak"})."""
    return frozenset(s for system in SYSTEMS for s in system.decode(written))


@functools.cache
def written_spellings() -> frozenset[str]:
    """Every written syllable any system decodes: for splitting joined given names."""
    return frozenset(written for system in SYSTEMS for written in _index(system))


def _system_of(key: str) -> SpellingSystem | None:
    if key.endswith(")") and len(key) > 4 and key[-4:-2] == " (":
        return _BY_MARK.get(key[-2])
    return None


def is_reading_key(key: str) -> bool:
    """Whether a key is a reading or initials key ("陈 lak-sai (闽)", "丁 c.c.")."""
    return _system_of(key) is not None or (key.endswith(".") and " " in key)


def describe(*keys: str) -> str:
    """Reading keys with their systems named, one reading once:
    "陈 lak-sai (闽)", "陈 lak-sai (潮)" → "陈 lak-sai (Hokkien, Teochew)". Other keys as they are.
    """
    readings: dict[str, list[str]] = {}
    for key in keys:
        system = _system_of(key)
        body, name = (key[:-4], system.name) if system else (key, "")
        readings.setdefault(body, [])
        if name:
            readings[body].append(name)
    return "; ".join(
        f"{body} ({', '.join(names)})" if names else body for body, names in readings.items()
    )
