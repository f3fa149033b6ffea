"""Cantonese: Jyutping → the Hong Kong government spelling, and the spellings people write.

The canonical form of a syllable is its Hong Kong government spelling without the
distinctions that spelling drops anyway (aspiration: 大 daai and 太 taai are both "tai";
long and short a). Variants add what Hong Kong, Macau, Malaysia and the older Guangdong
emigrations write for the same sound ("Chow" for chau, "Tsz" for chi, "Kar" for ka,
"Hey" for hei, "Leong" for leung, "Lum" for lam, …).

>>> canonical("can"), canonical("daai"), canonical("zoeng"), canonical("jyun")
('chan', 'tai', 'cheung', 'yuen')
>>> sorted(variants("zau"))[:6]
['chao', 'chau', 'chow', 'jao', 'jau', 'jow']
"""

from __future__ import annotations

from crm.names.initials import split_syllable

__all__ = ["canonical", "variants"]

_INITIAL_LIST = "gw kw ng b p m f d t n l g k h w z c s j"
_INITIALS = tuple(_INITIAL_LIST.split())
_INITIAL = {
    "b": "p", "p": "p", "d": "t", "t": "t", "g": "k", "k": "k", "gw": "kw", "kw": "kw",
    "z": "ch", "c": "ch", "s": "s", "j": "y", "ng": "ng", "h": "h", "f": "f", "m": "m",
    "n": "n", "l": "l", "w": "w", "": "",
}  # fmt: skip
# Jyutping final → Hong Kong government final (long and short a merge, as HK writes them).
_FINAL = {
    "aa": "a", "aai": "ai", "aau": "au", "aam": "am", "aan": "an", "aang": "ang", "aap": "ap",
    "aat": "at", "aak": "ak", "ou": "o", "oeng": "eung", "oek": "euk", "eoi": "ui", "eon": "un",
    "eot": "ut", "yu": "u", "yun": "uen", "yut": "uet",
}  # fmt: skip
# Spellings of a final (keyed by the Jyutping final) besides the canonical one.
_FINAL_VARIANTS = {
    "aa": ("a", "ah", "ar"), "a": ("a", "ah"), "aai": ("ai", "ay"), "ai": ("ai", "ay"),
    "aau": ("au", "ao"), "au": ("au", "ow", "ao"), "am": ("am", "um"), "an": ("an", "un"),
    "ap": ("ap", "up"), "at": ("at", "ut", "att"), "aat": ("at", "att"),
    "ak": ("ak", "ack", "uk", "uck"), "aak": ("ak", "ack", "ar"), "ang": ("ang", "eng"),
    "e": ("e", "eh", "ay"), "ei": ("ei", "ee", "i", "ey", "ay"), "ek": ("ek", "eck"),
    "i": ("i", "ee"), "iu": ("iu", "ew", "eu"), "in": ("in", "een"), "ing": ("ing", "eng"),
    "ik": ("ik", "ick", "ek"), "o": ("o", "oh", "or", "aw"), "ou": ("o", "oh", "ou", "ow"),
    "oi": ("oi", "oy"), "ok": ("ok", "ock"), "u": ("u", "oo"), "ui": ("ui", "ooi", "oy"),
    "un": ("un", "oon"), "ung": ("ung", "oong"), "uk": ("uk", "ook"), "ut": ("ut", "oot"),
    "oeng": ("eung", "eong", "iong", "ieong"), "oek": ("euk", "eok", "euck"),
    "eoi": ("ui", "ooi", "ue", "eui", "oi"), "eon": ("un", "oon", "eun"), "eot": ("ut",),
    "yu": ("u", "ue", "oo"), "yun": ("uen", "un", "uan"), "yut": ("uet", "ut"),
}  # fmt: skip
# "J" is the Taishanese and American spelling of ch: 振 "Jun", 霑 "Jim".
_INITIAL_VARIANTS = {"ch": ("ch", "ts", "tz", "j"), "s": ("s", "sh"), "kw": ("kw", "qu")}
# Whole syllables Hong Kong spells its own way.
_WHOLE = {"zi": "chi", "ci": "chi", "si": "si", "ji": "yi", "jyu": "yu", "wu": "wu"}
_WHOLE_VARIANTS = {
    "zi": ("chi", "chee", "tsz", "tsze", "tze", "tzu", "ji"),
    "ci": ("chi", "chee", "tsz", "tsze", "tze", "tzu"),
    "si": ("si", "sze", "see", "shi", "sz", "sy"),
    "ji": ("yi", "yee", "ee", "i"),
    "jyu": ("yu", "yue", "u"),
    "wu": ("wu", "woo", "oo"),
}


def canonical(syllable: str) -> str:
    """The Hong Kong government spelling of a toneless Jyutping syllable (folded)."""
    if syllable in _WHOLE:
        return _WHOLE[syllable]
    initial, final = split_syllable(syllable, _INITIALS)
    spelled = _FINAL.get(final, final)
    if initial == "j" and final.startswith(("i", "y")):
        return "y" + spelled.removeprefix("y") if spelled.startswith("y") else "y" + spelled
    return _INITIAL[initial] + spelled


def variants(syllable: str) -> frozenset[str]:
    """Every spelling people write for a toneless Jyutping syllable, the canonical one too."""
    if syllable in _WHOLE_VARIANTS:
        return frozenset(_WHOLE_VARIANTS[syllable])
    initial, final = split_syllable(syllable, _INITIALS)
    heads = _INITIAL_VARIANTS.get(_INITIAL[initial], (_INITIAL[initial],))
    if initial == "j" and final.startswith(("i", "yu")):
        heads = ("y", "")  # 葉 "Yip" or "Ip", 耀 "Yiu" or "Iu"
    if initial == "gw" and final.startswith("o"):
        heads = (*heads, "k")  # 光 "Kwong" or "Kong"
    tails = _FINAL_VARIANTS.get(final, (_FINAL.get(final, final),))
    found = {head + tail for head in heads for tail in tails}
    found.add(canonical(syllable))
    return frozenset(found)
