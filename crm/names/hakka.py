"""Hakka: Taiwanese Hakka Pinyin syllables → the spellings of Southeast Asian Hakka names.

The canonical form drops tones and aspiration and writes final stops as p/t/k:
陳 ciin → "chin", 福 fug → "fuk", 國 gued → "kuet", 張 zong → "chong", 葉 iab → "iap".
Variants add what Malaysia, Borneo, Indonesia and Hong Kong write: "Fook", "Fatt",
"Kwet", "Tjong", "Yap", "Voon", "Yew".

>>> canonical("ciin"), canonical("fug"), canonical("gued"), canonical("ieu")
('chin', 'fuk', 'kuet', 'ieu')
>>> {"fook", "fuk"} <= variants("fug") and {"tjong", "chong"} <= variants("zong")
True
"""

from __future__ import annotations

from crm.names.initials import split_syllable

__all__ = ["canonical", "variants"]

_INITIAL_LIST = "ng zh ch sh rh b p m f v d t n l g k h z c s j q x"
_INITIALS = tuple(_INITIAL_LIST.split())
_INITIAL = {
    "b": "p", "d": "t", "g": "k", "z": "ch", "c": "ch", "j": "ch", "q": "ch", "x": "s",
    "zh": "ch", "ch": "ch", "sh": "s", "rh": "y",
}  # fmt: skip
_INITIAL_VARIANTS = {
    "ch": ("ch", "ts", "tj", "tsh", "tjh", "j"),
    "s": ("s", "sh"),
    "v": ("v", "w", "b"),
    "k": ("k", "kh", "c"),
    "p": ("p", "ph"),
    "t": ("t", "th"),
}
_STOPS = {"b": "p", "d": "t", "g": "k"}
_FINAL_VARIANTS = {
    "a": ("ah",), "ai": ("ay", "aai"), "au": ("ow", "ao"), "at": ("att",), "ak": ("ack",),
    "i": ("ee", "ie", "z", "sz", "ze"), "in": ("een", "ien", "en"), "iu": ("ew", "iew"),
    "ieu": ("eu", "ew", "iew", "iau", "eau", "au"), "ien": ("ian", "en", "yen"),
    "iet": ("iat", "et"), "iun": ("un", "ion"), "iung": ("ung", "iong", "ong"),
    "iuk": ("uk", "iok", "ok"), "o": ("oh", "or"), "oi": ("oy", "ooi"), "ok": ("ock",),
    "u": ("oo",), "ui": ("ooi", "wee"), "un": ("oon", "oen"), "ung": ("oong",),
    "uk": ("ook",), "ut": ("oot",), "uet": ("wet", "ue", "uok"), "uen": ("wen",),
    "ua": ("wa",), "uan": ("wan",), "uai": ("wai",), "eu": ("ew", "eau"),
    "et": ("ett",), "it": ("itt",), "ap": ("up",), "am": ("um",), "on": ("oon",),
}  # fmt: skip


def _final(final: str) -> str:
    if final[-1] in _STOPS and len(final) > 1 and not final.endswith("ng"):
        final = final[:-1] + _STOPS[final[-1]]
    return final.replace("ii", "i")


def canonical(syllable: str) -> str:
    """The canonical spelling of a toneless Taiwanese Hakka Pinyin syllable."""
    initial, final = split_syllable(syllable, _INITIALS)
    return _INITIAL.get(initial, initial) + _final(final)


def variants(syllable: str) -> frozenset[str]:
    """Every spelling people write for a toneless Hakka Pinyin syllable, the canonical too."""
    initial, final = split_syllable(syllable, _INITIALS)
    spelled = _final(final)
    head = _INITIAL.get(initial, initial)
    heads = _INITIAL_VARIANTS.get(head, (head,))
    tails = {spelled, *_FINAL_VARIANTS.get(spelled, ())}
    found = {h + tail for h in heads for tail in tails}
    if not initial and spelled.startswith("i") and len(spelled) > 1:
        found.update(
            prefix + tail[1:] for prefix in ("y", "j") for tail in tails if tail[0] in "ie"
        )
        found.update("y" + tail for tail in tails)  # 耀 ieu: "Yeu", "Yiew"
    if head == "k" and spelled.startswith("u") and len(spelled) > 1:
        found.update(h + "w" + tail[1:] for h in ("k", "q") for tail in tails if tail[0] == "u")
    found.add(canonical(syllable))
    return frozenset(found)
