"""Mandarin romanisations: Hanyu Pinyin readings, pinyin → Wade–Giles, Dutch-era respelling."""

from __future__ import annotations

import functools

from pypinyin import Style, pinyin
from pypinyin.pinyin_dict import pinyin_dict

from crm.names.normalize import fold_latin

__all__ = ["dutch_respelling", "han_pinyin", "pinyin_syllables", "wade_giles"]


_WG_INITIALS = (
    ("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"),
    ("t", "t"), ("g", "k"), ("k", "k"), ("z", "ts"), ("c", "ts"), ("j", "ch"),
    ("q", "ch"), ("x", "hs"), ("r", "j"), ("h", "h"), ("f", "f"), ("m", "m"),
    ("n", "n"), ("l", "l"), ("s", "s"),
)  # fmt: skip
_WG_WHOLE = {
    "zi": "tzu", "ci": "tzu", "si": "ssu", "zhi": "chih", "chi": "chih", "shi": "shih",
    "ri": "jih", "er": "erh", "yi": "i", "you": "yu", "yan": "yen", "ye": "yeh",
    "yue": "yueh", "yong": "yung", "lue": "lueh", "nue": "nueh",
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def wade_giles(syllable: str) -> str:
    """Folded Wade–Giles spelling of a toneless pinyin syllable: "xie" → "hsieh", "guo" → "kuo"."""
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial, wg_initial = "", ""
    for pinyin_initial, candidate in _WG_INITIALS:
        if syllable.startswith(pinyin_initial):
            initial, wg_initial = pinyin_initial, candidate
            break
    final = syllable[len(initial) :]
    if (final == "uo" and initial not in ("g", "k", "h", "sh")) or (
        final == "e" and initial in ("g", "k", "h")
    ):
        final = "o"
    elif final in ("ie", "ue"):
        final += "h"
    elif final.endswith("ian"):
        final = final[:-3] + "ien"
    elif final.endswith("ong"):
        final = final[:-3] + "ung"
    return wg_initial + final if initial else final


@functools.lru_cache(maxsize=16384)
def han_pinyin(char: str) -> tuple[str, ...]:
    """All toneless pinyin readings of one character, "ü" folded to "u"; () for non-Han."""
    readings = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore", v_to_u=True)
    if not readings:
        return ()
    return tuple(dict.fromkeys(fold_latin(reading) for reading in readings[0]))


@functools.cache
def pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (folded) that the pinyin dictionary knows."""
    syllables: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            syllables.add(fold_latin(reading).replace("v", "u"))
    return frozenset(syllable for syllable in syllables if syllable.isalpha())


def dutch_respelling(word: str) -> str:
    """Indonesian names keep Dutch-era spellings: "Boen" → "bun", "Tjoa" → "choa"."""
    return word.replace("oe", "u").replace("tj", "ch").replace("dj", "j")
