"""Countries and regions by ISO 3166-1 code or by the names people write (中国, 英國, UK).

The list of countries and their English and Chinese names (simplified, Taiwan and Hong
Kong usage) come from pycountry (the ISO 3166-1 table of Debian's iso-codes); only the
everyday names no standard lists (UK, USA, 韩国, 台湾, 澳洲, …) are added here.
User-assigned codes such as XX, ZZ or QQ are not countries.
"""

from __future__ import annotations

import functools
import gettext
import unicodedata

import pycountry

__all__ = ["COUNTRY_HINT", "country_code", "country_codes", "is_country_code"]

#: how to write a country, for error messages
COUNTRY_HINT = "an ISO 3166-1 code (CN, GB, US) or a name such as 中国, 英国 or United Kingdom"

# Everyday names that ISO's and its translations' names are not (UK is reserved, not
# assigned; the translations say 大韩民国 and 中国台湾省).
_EVERYDAY: dict[str, tuple[str, ...]] = {
    "CN": ("中国大陆", "大陆", "中华人民共和国", "prc", "mainland china"),
    "HK": ("中国香港", "hongkong", "hksar", "香港特别行政区"),
    "MO": ("中国澳门", "澳門", "macau", "澳门特别行政区"),
    "TW": ("台湾", "臺灣", "台灣", "中国台湾", "taiwan"),
    "US": ("usa", "us", "america", "united states of america", "美利坚合众国"),
    "GB": ("uk", "great britain", "britain", "england", "scotland", "wales", "northern ireland"),
    "KR": ("韩国", "韓國", "南韩", "south korea", "korea"),
    "KP": ("朝鲜", "北韩", "north korea"),
    "AU": ("澳洲",),
    "ID": ("印尼",),
    "SA": ("沙特",),
    "AE": ("阿拉伯联合酋长国", "uae"),
    "NL": ("holland",),
    "RU": ("russia", "俄国"),
    "VN": ("vietnam",),
    "LA": ("laos", "老挝"),
    "IR": ("iran",),
    "SY": ("syria",),
    "TR": ("turkey", "土耳其"),
    "CZ": ("czech republic", "捷克"),
    "DE": ("deutschland",),
    "MM": ("burma",),
    "NZ": ("紐西蘭",),
    "VE": ("venezuela",),
    "BO": ("bolivia",),
    "TZ": ("tanzania",),
}


def _key(text: str) -> str:
    """The comparable form of a written name: NFKC, case folded, no dots or extra spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace(".", "")
    return " ".join(folded.split())


@functools.cache
def _table() -> dict[str, str]:
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for language in ("zh_CN", "zh_TW", "zh_HK")
    ]
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [country.alpha_2, country.alpha_3, country.name]
        names += [getattr(country, a, None) or "" for a in ("official_name", "common_name")]
        names += [t.gettext(name) for t in translations for name in names[2:] if name]
        for name in filter(None, names):
            table.setdefault(_key(name), code)
    for code, everyday in _EVERYDAY.items():
        for name in everyday:
            table[_key(name)] = code
    return table


def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code a code or name stands for; None if it names no country.

    >>> [country_code(t) for t in ("英国", "United Kingdom", "uk", "美國", "sg", "XX")]
    ['GB', 'GB', 'GB', 'US', 'SG', None]
    """
    return _table().get(_key(text))


def country_codes(texts: list[str]) -> tuple[list[str], list[str]]:
    """The codes of the texts (in order, repeats dropped) and the texts that name none."""
    codes: list[str] = []
    unknown: list[str] = []
    for text in texts:
        code = country_code(text)
        if code is None:
            unknown.append(text)
        elif code not in codes:
            codes.append(code)
    return codes, unknown


def is_country_code(code: str) -> bool:
    """Whether `code` is an assigned ISO 3166-1 alpha-2 code (upper case)."""
    return pycountry.countries.get(alpha_2=code) is not None if len(code) == 2 else False
