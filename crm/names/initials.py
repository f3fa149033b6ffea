"""A romanised syllable as its initial and final, as the dialect systems split it
(Jyutping, Taiwanese Hakka Pinyin, Tâi-lô): `crm.names.cantonese`, `hakka`, `minnan`."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["split_syllable"]


def split_syllable(syllable: str, initials: Sequence[str]) -> tuple[str, str]:
    """The first of `initials` (longest first where one begins another) that begins the
    syllable and leaves a final, and that final; ("", syllable) when none does.

    >>> split_syllable("ngai", ("ng", "n"))
    ('ng', 'ai')
    """
    for initial in initials:
        if syllable.startswith(initial) and len(syllable) > len(initial):
            return initial, syllable[len(initial) :]
    return "", syllable
