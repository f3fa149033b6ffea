"""Text normalisation for names: NFKC, case folding, Latin diacritics, traditional → simplified."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import opencc

__all__ = [
    "fold_latin",
    "han_part",
    "is_han",
    "latin_part",
    "normalize",
    "to_simplified",
]

# Hong Kong variants (衞, 綫, …) first, then the general table; each is a no-op on simplified text.
_CONFIGS = ("hk2s", "t2s")
# Apostrophes of Wade–Giles (Ch'en), typographic quotes and the modifier letter.
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´ʻ"), None)
# In pinyin an apostrophe separates syllables (Ping'an, Xi'an): after a syllable's last
# letter and before a, e or o. Wade–Giles puts it after an initial (Ch'en, T'ien, Ts'ai).
_SYLLABLE_APOSTROPHE = re.compile(r"(?<=[ngaeiouüvr])['’ʼ](?=[aeo])", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s_./·・•,;:()\[\]{}<>\"!?&+*|\\~@#$%^=]+")
_HYPHENS = re.compile(r"\s*[-‐‑‒–—―]+\s*")


@functools.cache
def _converter(config: str) -> Any:
    return opencc.OpenCC(config)


def is_han(char: str) -> bool:
    """Whether one character is a CJK ideograph (basic block, extensions, compatibility)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


@functools.lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Convert traditional (Taiwan or Hong Kong) characters to simplified ones."""
    if not any(is_han(char) for char in text):
        return text
    for config in _CONFIGS:
        text = _converter(config).convert(text)
    return str(text)


def fold_latin(text: str) -> str:
    """Drop diacritics and apostrophes: "Ch'en" → "chen", "Lü" → "lu", "Xi'an" → "xi-an"."""
    text = _SYLLABLE_APOSTROPHE.sub("-", text)
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    # ß, ø, æ, đ and friends have no decomposition.
    return kept.translate(_EXTRA_FOLDS)


_EXTRA_FOLDS = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})


@functools.lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Normalise a name in any script: NFKC, casefold, simplified Han, folded Latin.

    Hyphens between letters are kept (they join a Cantonese or Wade–Giles given name);
    other punctuation becomes a single space.

    >>> normalize("  Ch'en  Chien-Kuo ")
    'chen chien-kuo'
    >>> normalize("陳建國")
    '陈建国'
    """
    previous = None
    # Case folding and NFKC can each expose work for the other (e.g. "İ" folds to "i" plus a
    # combining dot); a few rounds reach the fixed point, which makes the function idempotent.
    for _ in range(4):
        if text == previous:
            break
        previous, text = text, _normalize_once(text)
    return text


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = fold_latin(to_simplified(text))
    text = _SEPARATORS.sub(" ", text)
    text = _HYPHENS.sub("-", text)
    words = [word.strip("-") for word in text.split()]
    return " ".join(word for word in words if word)


def han_part(text: str) -> str:
    """The Han characters of a normalised text, without spaces: "陈 建国 kenneth" → "陈建国"."""
    return "".join(char for char in text if is_han(char))


def latin_part(text: str) -> str:
    """The non-Han words of a normalised text: "陈建国 kenneth" → "kenneth"."""
    cleaned = "".join(" " if is_han(char) else char for char in text)
    return " ".join(cleaned.split())
