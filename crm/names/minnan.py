"""Hokkien and Teochew: Tâi-lô syllables → the spellings of Southeast Asian names.

The canonical form of a syllable is a Pe̍h-ōe-jī-like spelling without tones, aspiration
or nasality, and without the final glottal stop, since name spellings rarely mark them:
陳 tân → "tan", 德 tik → "tek", 慶 khìng → "keng", 吳 ngôo → "ngo", 庚 kenn → "ke".
Variants add what Singapore, Malaysia, the Philippines and Dutch-era Indonesia write:
"Boon" and "Boen" for bun, "Lee" and "Lie" for li, "Teck" for tek, "Seah" for sia,
"Teo" for tio, "Sye" for sai, "Lark" for lak, "Tj" for ch, "Oei" for ui.

>>> canonical("tsing"), canonical("khiunn"), canonical("ngoo"), canonical("hoh")
('cheng', 'kiu', 'ngo', 'ho')
>>> {"boon", "boen", "bun"} <= variants("bun") and {"sye", "sai"} <= variants("sai")
True
"""

from __future__ import annotations

import re

from crm.names.initials import split_syllable

__all__ = ["canonical", "variants"]

# Longest first, so "tsh" is not read as "ts" + h.
_INITIAL_LIST = "tsh ts ph th kh ng p m b t n l k g h s j"
_INITIALS = tuple(_INITIAL_LIST.split())
_INITIAL = {"tsh": "ch", "ts": "ch", "ph": "p", "th": "t", "kh": "k"}
_INITIAL_VARIANTS = {
    "tsh": ("ch", "chh", "ts", "tsh", "tj", "tjh", "c"),
    "ts": ("ch", "ts", "tj", "c", "j"),
    "ph": ("p", "ph"),
    "th": ("t", "th"),
    "kh": ("k", "kh", "c", "q"),
    "k": ("k", "c", "q"),
    "j": ("j", "dj", "z"),
    "s": ("s", "sh"),
    "ng": ("ng", "g"),
}
# Tâi-lô spellings whose name spellings follow Pe̍h-ōe-jī: ing/ik are eng/ek, o͘ is o.
_FINAL = (("oo", "o"), ("ing", "eng"), ("ik", "ek"), ("ir", "i"), ("er", "e"))
# Spellings of a (canonical) final besides itself.
_FINAL_VARIANTS = {
    "a": ("ah", "ar"), "ai": ("ye", "aye", "ay"), "au": ("ow", "aw", "ao"),
    "ak": ("ack", "ark", "ar"), "at": ("att",), "am": ("um",),
    "e": ("eh", "ay", "ee"), "i": ("ee", "ie", "ih"),
    "ia": ("ea", "iah", "eah"), "iau": ("eow", "iow", "iao", "eau", "iaw"), "iam": ("eam",),
    "ian": ("ien", "ean"), "iang": ("eang",), "iat": ("eat", "iet"), "iak": ("eak",),
    "io": ("eo", "ioh", "eoh", "iow"), "iok": ("eok",), "iong": ("eong", "iang"),
    "iu": ("ew", "iew", "eu"), "eng": ("ing",), "ek": ("eck", "ik", "ick"),
    "o": ("oh", "or", "aw", "oo", "ou"), "ok": ("ock",), "ong": ("oong",),
    "u": ("oo", "oe"), "ui": ("ooi", "oei", "uy", "wee", "ee", "uie"), "un": ("oon", "oen"),
    "ut": ("oot", "oet"), "ua": ("oa", "wa", "uah", "oah"), "uan": ("oan", "wan"),
    "uat": ("oat", "wat"), "uai": ("oai", "wai"), "ue": ("oe", "we", "uay", "ueh", "uey"),
}  # fmt: skip


def _final(final: str) -> str:
    final = final.replace("nn", "")
    if final.endswith("h") and final not in ("h", "ng", "m"):
        final = final[:-1]  # the glottal stop
    for tailo, spelled in _FINAL:
        if final.startswith(tailo) or final == tailo:
            final = spelled + final[len(tailo) :]
            break
    return final or "a"


def canonical(syllable: str) -> str:
    """The canonical spelling of a toneless Tâi-lô syllable."""
    initial, final = split_syllable(syllable, _INITIALS)
    return _INITIAL.get(initial, initial) + _final(final)


def variants(syllable: str) -> frozenset[str]:
    """Every spelling people write for a toneless Tâi-lô syllable, the canonical one too."""
    initial, final = split_syllable(syllable, _INITIALS)
    spelled = _final(final)
    heads = _INITIAL_VARIANTS.get(initial, (_INITIAL.get(initial, initial),))
    tails = {spelled, *_FINAL_VARIANTS.get(spelled, ())}
    if spelled[-1] in "aeiou":
        tails.add(spelled + "h")  # "Goh", "Toh", "Poh", "Kah": a written h is common
    if spelled == "i" and initial in ("s", "t", "th", "ts", ""):
        tails.add("y")  # the Philippines: 施 "Sy", 黄 "Uy"
    if "nn" in final and spelled[-1] in "aeiou":
        tails |= {tail + "n" for tail in tails}  # a nasal vowel written with n: 三 "San"
    found = {head + tail for head in heads for tail in tails}
    if not initial and spelled.startswith("i") and len(spelled) > 1:
        found.update("y" + tail[1:] for tail in tails if tail.startswith(("i", "e")))
        found.update("j" + tail[1:] for tail in tails if tail.startswith("i"))  # Dutch "Jap"
    if not initial and spelled.startswith("u") and len(spelled) > 1:
        found.update("w" + tail[1:] for tail in tails if tail.startswith(("u", "o")))
    if spelled.startswith("u") and initial in ("h", "k", "kh", "g", "s", "ts", "tsh"):
        found.update(head + "w" + tail[1:] for head in heads for tail in tails if tail[0] in "uo")
    found.add(canonical(syllable))
    return frozenset(found | {_dutch(written) for written in found})


def _dutch(written: str) -> str:
    """The Dutch-era Indonesian spelling: u as oe, i before a consonant as ie ("Liem")."""
    written = written.replace("u", "oe")
    return _CLOSED_I.sub("ie", written)


_CLOSED_I = re.compile(r"(?<=[^aeiou])i(?=(?:m|n|ng|k|t|p)$)")
