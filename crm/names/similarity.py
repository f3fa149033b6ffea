"""Pairwise comparison of name readings: surnames, given names and Western names."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import Indel

from crm.names.keys import NameReading
from crm.names.romanization import dutch_respelling, han_pinyin, wade_giles
from crm.names.surnames import surname_spellings
from crm.names.syllables import (
    char_spellings,
    char_variants,
    is_dialect_only,
    is_known_syllable,
    same_character,
)

__all__ = ["compare_given", "compare_surnames", "compare_western", "spelled_by"]

_CLOSE = 0.85  # normalised Indel similarity that counts as a typo of the same spelling


def _similarity(x: str, y: str) -> float:
    return float(Indel.normalized_similarity(x, y))


def _close(word: str, candidates: Iterable[str]) -> bool:
    return any(_similarity(word, candidate) >= _CLOSE for candidate in candidates)


def _same_spelling(x: str, y: str) -> bool:
    """Spellings of one syllable in one system: identical, ü written u/v/yu, or pinyin ↔ W–G."""
    x, y = (_U_VARIANTS.sub(r"\1u", word) for word in (x, y))
    return x == y or wade_giles(x) == y or wade_giles(y) == x


_U_VARIANTS = re.compile(r"^([ln])(?:v|yu)")


def _title(spelling: str) -> str:
    return spelling[:1].upper() + spelling[1:]


def compare_surnames(a: NameReading, b: NameReading) -> tuple[bool, str]:
    """Whether two readings' surnames can be the same, with the reason either way."""
    if a.han_surname and b.han_surname:
        if a.han_surname == b.han_surname:
            return True, f"same surname {a.han_surname}"
        pair = "/".join(sorted((a.han_surname, b.han_surname)))
        return False, f"different surnames {pair}"
    if b.han_surname:
        a, b = b, a
    if a.han_surname:
        spellings = dict.fromkeys((_title(a.surname), _title(b.surname)))
        label = "/".join(spellings)
        if a.han_surname in b.family or (
            not b.family and _close(b.surname, surname_spellings(a.han_surname))
        ):
            return True, f"same surname {a.han_surname} ({label})"
        return False, f"surname {_title(b.surname)} is not {a.han_surname}"
    common = a.family & b.family
    spelled = "/".join(sorted({_title(a.surname), _title(b.surname)}))
    if a.given and a.given_joined == b.given_joined and not _same_spelling(a.surname, b.surname):
        # One romanisation for the given name but two for the surname: "Chan Kin Kwok" and
        # "Chang Kin Kwok" spell two surnames, even if both could stand for 曾.
        return False, f"different surnames {spelled}"
    if common or a.surname == b.surname:
        chars = "".join(sorted(common))
        return True, f"same surname {spelled}" + (f" ({chars})" if chars else "")
    if not (a.family and b.family) and _close(a.surname, [b.surname]):
        return True, f"similar surnames {spelled}"
    return False, f"different surnames {spelled}"


def _initials_fit(han_given: str, initials: tuple[str, ...]) -> bool:
    return len(han_given) == len(initials) and all(
        any(spelling.startswith(initial) for spelling in char_spellings(char))
        for char, initial in zip(han_given, initials, strict=True)
    )


def _is_initials(reading: NameReading) -> bool:
    return bool(reading.given) and all(len(syllable) == 1 for syllable in reading.given)


def spelled_by(han_given: str, latin: str) -> float | None:
    """1.0 if `latin` is the pinyin of `han_given`, 0.95 if another system's spelling, else None.

    >>> spelled_by("建国", "jianguo"), spelled_by("建国", "kinkwok"), spelled_by("建国", "kinwah")
    (1.0, 0.95, None)
    """
    states = {(0, True)}
    for char in han_given:
        pinyin = set(han_pinyin(char))
        spellings = char_variants(char) | pinyin
        following = set()
        for position, all_pinyin in states:
            for spelling in spellings:
                if latin.startswith(spelling, position):
                    following.add((position + len(spelling), all_pinyin and spelling in pinyin))
        states = following
        if not states:
            return None
    finished = [all_pinyin for position, all_pinyin in states if position == len(latin)]
    if not finished:
        return None
    return 1.0 if any(finished) else 0.95


def _syllable_similarity(x: str, y: str, *, across_dialects: bool = True) -> float:
    if x == y:
        return 1.0
    if wade_giles(x) == y or wade_giles(y) == x:
        return 0.95
    if across_dialects and same_character(x, y):
        return 0.8  # one common given-name character is spelled both ways
    # Two different syllables are two different characters, not a typo of one.
    return 0.3 * _similarity(x, y)


def _all_known(syllables: tuple[str, ...]) -> bool:
    return all(map(is_known_syllable, syllables))


def _display(reading: NameReading) -> str:
    return "-".join(_title(syllable) for syllable in reading.given)


def compare_given(a: NameReading, b: NameReading) -> tuple[float | None, str]:
    """Similarity in 0..1 of two readings' given names (None when one lacks it), with reason."""
    if (not a.given and not a.han_given) or (not b.given and not b.han_given):
        return None, ""
    if a.han_given and b.han_given:
        if a.han_given == b.han_given:
            return 1.0, f"given name {a.han_given}"
        pair = "/".join(sorted((a.han_given, b.han_given)))
        if a.given == b.given:
            return 0.2, f"given names {pair} sound alike"
        return 0.0, f"different given names {pair}"
    if b.han_given:
        a, b = b, a
    if a.han_given:
        if _is_initials(b):
            # "Chan K. K.": initials that fit are a hint, not a match on their own.
            fit = _initials_fit(a.han_given, b.given)
            return (0.4, f"initials {_display(b)} fit {a.han_given}") if fit else (0.0, "")
        spelled = spelled_by(a.han_given, b.given_joined) or spelled_by(
            a.han_given, dutch_respelling(b.given_joined)
        )
        if spelled == 1.0:
            return 1.0, f"given name {a.han_given} = {_title(b.given_joined)}"
        if spelled is not None:
            return spelled, f"given name {a.han_given} ≈ {_display(b)}"
        if len(b.given) == len(a.han_given) and _all_known(b.given):
            score = min(
                # a character without a known reading (a rare one) cannot be matched
                max(
                    (
                        _syllable_similarity(spelling, y, across_dialects=False)
                        for spelling in char_spellings(char)
                    ),
                    default=0.0,
                )
                for char, y in zip(a.han_given, b.given, strict=True)
            )
            return score, f"different given names {a.han_given}/{_display(b)}"
        return _fuzzy(a.given_joined, b.given_joined, a.han_given, _display(b))
    if a.given_joined == b.given_joined:
        return 1.0, f"given name {_display(a)}"
    if _is_initials(a) or _is_initials(b):
        short, long = sorted((a.given, b.given), key=lambda given: sum(map(len, given)))
        fit = len(short) == len(long) and all(
            x[0] == y[:1] for x, y in zip(short, long, strict=True)
        )
        return (0.4, f"initials {_display(a)} / {_display(b)}") if fit else (0.0, "")
    for given_a, given_b in dict.fromkeys(
        [(a.given, b.given), (_respelled(a.given), _respelled(b.given))]
    ):
        if len(given_a) == len(given_b) and _all_known(given_a) and _all_known(given_b):
            pairs = list(zip(given_a, given_b, strict=True))
            # Within one name people keep to one system: if the Hokkien "Boon" is spelled
            # alike on both sides, "Lim" and "Lam" are two syllables, not one in two dialects.
            mixed = len(pairs) > 1 and any(x == y and is_dialect_only(x) for x, y in pairs)
            score = min(_syllable_similarity(x, y, across_dialects=not mixed) for x, y in pairs)
            if score >= 0.8:
                return score, f"given name {_display(a)} ≈ {_display(b)}"
            return score, f"different given names {_display(a)}/{_display(b)}"
    return _fuzzy(a.given_joined, b.given_joined, _display(a), _display(b))


def _respelled(given: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dutch_respelling(syllable) for syllable in given)


def _fuzzy(x: str, y: str, label_x: str, label_y: str) -> tuple[float, str]:
    similarity = _similarity(x, y)
    if similarity >= 0.9:
        return similarity, f"given name {label_x} ~ {label_y} (spelling)"
    return 0.5 * similarity, f"different given names {label_x}/{label_y}"


def compare_western(a: NameReading, b: NameReading) -> tuple[bool | None, str]:
    """True/False when both readings carry Western given names, None otherwise."""
    if not a.western or not b.western:
        return None, ""
    for x in a.western:
        for y in b.western:
            short, long = sorted((x, y), key=len)
            if long.startswith(short) and len(short) >= 3:
                return True, f"English name {_title(x)}"
    pair = "/".join(sorted({_title(name) for name in (*a.western, *b.western)}))
    return False, f"different English names {pair}"
