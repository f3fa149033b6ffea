"""Readings of single characters, toneless, from the packages that publish them.

* Cantonese: Jyutping from ToJyutping (the rime-cantonese dictionary), most likely first.
* Hokkien: Tâi-lô from taibun's per-character table (the Taiwanese-Chinese Online
  Dictionary and iTaigi via ChhoeTaigi), then han2kip's word list for characters taibun
  lacks.
* Hakka: Taiwanese Hakka Pinyin of the Sixian and Hailu dialects from formog2p's
  lexicons (Meixian- and Huizhou-type Hakka, which most of Southeast Asia's Hakka
  families speak).

The data files are read straight from the installed packages, without importing them:
their own entry points segment sentences (and pull in jieba), while we need every reading
of one character. Everything is loaded on first use and cached for the process.
See docs/decisions.md for versions and licences.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgpack

from crm.names.normalize import fold_latin

__all__ = ["hakka_pinyin", "hakka_table", "jyutping", "tailo", "tailo_table", "traditional"]

#: tone numbers and syllable hyphens
_TONE_MARKS = str.maketrans("", "", "0123456789-")


def _package_file(package: str, relative: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package} package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / relative


@functools.cache
def _to_traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


@functools.lru_cache(maxsize=16384)
def traditional(char: str) -> str:
    """The traditional form of a simplified character (itself when it has none)."""
    return str(_to_traditional().convert(char)) or char


@functools.lru_cache(maxsize=65536)
def _toneless(reading: str) -> str:
    if reading.isascii():
        return reading.casefold().translate(_TONE_MARKS)
    return fold_latin(reading).casefold().translate(_TONE_MARKS)


@functools.cache
def _jyutping_converter() -> Any:
    import ToJyutping

    return ToJyutping


@functools.lru_cache(maxsize=16384)
def jyutping(char: str) -> tuple[str, ...]:
    """Toneless Jyutping readings of one character, most likely first: 陳 → ("can", "zan")."""
    found = _jyutping_converter().get_jyutping_candidates(char)
    if not found or found[0][1] is None:
        return ()
    return tuple(dict.fromkeys(_toneless(reading) for reading in found[0][1]))


def _ranked(
    own: Mapping[str, list[str]], words: Mapping[str, list[str]]
) -> dict[str, tuple[str, ...]]:
    """Each character's readings, the ones its words use most first.

    A package's per-character list is not ordered by use (taibun lists 生 as tshenn, senn
    before the literary sing that names use); counting the reading each character takes in
    the package's own multi-character words ranks them (生: sing 197, senn 162, …).
    """
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for word, readings in words.items():
        if len(word) < 2:
            continue
        for reading in readings:
            syllables = reading.replace("-", " ").split()
            if len(syllables) == len(word):
                for char, syllable in zip(word, syllables, strict=True):
                    counts[char][_toneless(syllable)] += 1
    table: dict[str, tuple[str, ...]] = {}
    for char in {*own, *(char for char in counts if len(char) == 1)}:
        listed = [_toneless(r) for reading in own.get(char, ()) for r in reading.split("/")]
        known = dict.fromkeys([*listed, *counts[char]])
        order = {reading: index for index, reading in enumerate(known)}
        table[char] = tuple(
            sorted((r for r in known if r), key=lambda r: (-counts[char][r], order[r]))
        )
    return table


@functools.cache
def tailo_table() -> Mapping[str, tuple[str, ...]]:
    """Every character with a Hokkien reading (traditional forms): toneless, most used first."""
    with _package_file("taibun", "data/prons.msgpack").open("rb") as data:
        prons: dict[str, list[str]] = msgpack.unpack(data, raw=False)
    with _package_file("taibun", "data/words.msgpack").open("rb") as data:
        words: dict[str, str] = msgpack.unpack(data, raw=False)
    with _package_file("han2kip", "data/words.json").open(encoding="utf-8") as data:
        extra: dict[str, str] = json.load(data)
    table = _ranked(prons, {word: reading.split("/") for word, reading in words.items()})
    for char, reading in extra.items():
        if len(char) == 1 and char not in table:
            table[char] = (_toneless(reading),)
    return table


@functools.lru_cache(maxsize=16384)
def tailo(char: str) -> tuple[str, ...]:
    """Toneless Tâi-lô readings of one character (Hokkien), most used first: 生 → sing, …"""
    table = tailo_table()
    return table.get(traditional(char)) or table.get(char) or ()


def _hakka_lexicon(name: str) -> dict[str, list[str]]:
    with _package_file("formog2p", f"lexicon/pinyin/{name}.json").open(encoding="utf-8") as data:
        lexicon: dict[str, list[str]] = json.load(data)
    return lexicon


@functools.cache
def hakka_table() -> Mapping[str, tuple[str, ...]]:
    """Every character with a Hakka reading (traditional forms): toneless, most used first.

    Sixian first, then the readings only Hailu has: Southeast Asian Hakka names follow both
    ("Vui" for 偉 and "Fui" for 輝 are Hailu-like, Sixian says vi and fi).
    """
    sixian = _hakka_lexicon("hak_sx")
    table = _ranked({word: r for word, r in sixian.items() if len(word) == 1}, sixian)
    for char, readings in _hakka_lexicon("hak_hl").items():
        if len(char) == 1:
            extra = [_toneless(reading) for reading in readings]
            table[char] = tuple(dict.fromkeys([*table.get(char, ()), *extra]))
    return table


@functools.lru_cache(maxsize=16384)
def hakka_pinyin(char: str) -> tuple[str, ...]:
    """Toneless Taiwanese Hakka Pinyin readings (Sixian) of one character: 陳 → ("ciin",)."""
    table = hakka_table()
    return table.get(traditional(char)) or table.get(char) or ()
