"""Places of the demo world: countries of residence, ancestral hometowns, phones, languages."""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from crm.db.enums import DialectGroup

__all__ = [
    "CITIES",
    "HOMETOWNS",
    "NORTHEASTERN_FUJIAN",
    "Hometown",
    "diaspora_country",
    "hometown_for",
    "languages_for",
    "phone_number",
]

#: the offline promotion regions (闽东北协同发展区) and their Chinese names
NORTHEASTERN_FUJIAN: dict[str, str] = {
    "Fuzhou": "福州",
    "Putian": "莆田",
    "Ningde": "宁德",
    "Nanping": "南平",
    "Pingtan": "平潭",
}

CITIES: dict[str, tuple[str, ...]] = {
    "CN": ("Fuzhou", "Xiamen", "Quanzhou", "Putian", "Ningde", "Nanping", "Sanming", "Beijing",
           "Shanghai", "Shenzhen", "Hangzhou", "Hefei", "Guangzhou", "Nanjing", "Wuhan"),
    "HK": ("Hong Kong",),
    "MO": ("Macau",),
    "TW": ("Taipei", "Taichung", "Kaohsiung"),
    "SG": ("Singapore",),
    "MY": ("Kuala Lumpur", "George Town", "Johor Bahru", "Kuching", "Sibu"),
    "ID": ("Jakarta", "Medan", "Surabaya"),
    "PH": ("Manila", "Cebu"),
    "TH": ("Bangkok",),
    "US": ("New York", "San Francisco", "Los Angeles", "Boston", "Seattle", "Houston"),
    "GB": ("London", "Cambridge", "Oxford", "Manchester", "Edinburgh"),
    "CA": ("Toronto", "Vancouver", "Montreal"),
    "AU": ("Sydney", "Melbourne", "Brisbane"),
    "NZ": ("Auckland",),
    "DE": ("Berlin", "Munich", "Frankfurt", "Hamburg"),
    "FR": ("Paris", "Lyon"),
    "NL": ("Amsterdam", "Rotterdam"),
    "JP": ("Tokyo", "Osaka", "Yokohama"),
}  # fmt: skip

_DIASPORA_WEIGHTS: dict[str, int] = {
    "SG": 14, "MY": 12, "ID": 8, "PH": 6, "TH": 3, "US": 16, "GB": 8, "CA": 6, "AU": 6,
    "NZ": 1, "DE": 4, "FR": 3, "NL": 2, "JP": 5, "HK": 5, "TW": 2,
}  # fmt: skip


class Hometown(NamedTuple):
    """An ancestral hometown (祖籍) and the dialect group of the people from it."""

    province: str
    city: str
    county: str
    dialect: DialectGroup
    #: how common it is among the diaspora of Southeast Asia, the West, Hong Kong, China
    weights: tuple[int, int, int, int]


_D = DialectGroup
HOMETOWNS: tuple[Hometown, ...] = (
    Hometown("福建", "福州", "福清", _D.FUZHOU, (10, 12, 2, 8)),
    Hometown("福建", "福州", "长乐", _D.FUZHOU, (2, 14, 1, 6)),
    Hometown("福建", "福州", "闽侯", _D.FUZHOU, (1, 3, 1, 6)),
    Hometown("福建", "福州", "连江", _D.FUZHOU, (1, 5, 1, 4)),
    Hometown("福建", "泉州", "晋江", _D.HOKKIEN, (14, 3, 8, 8)),
    Hometown("福建", "泉州", "南安", _D.HOKKIEN, (12, 2, 6, 6)),
    Hometown("福建", "泉州", "石狮", _D.HOKKIEN, (4, 1, 5, 4)),
    Hometown("福建", "泉州", "安溪", _D.HOKKIEN, (8, 1, 2, 4)),
    Hometown("福建", "泉州", "永春", _D.HOKKIEN, (6, 1, 1, 2)),
    Hometown("福建", "厦门", "同安", _D.HOKKIEN, (6, 1, 1, 3)),
    Hometown("福建", "漳州", "龙海", _D.HOKKIEN, (5, 1, 1, 3)),
    Hometown("福建", "莆田", "仙游", _D.HENGHUA, (4, 1, 1, 5)),
    Hometown("福建", "莆田", "涵江", _D.HENGHUA, (3, 1, 1, 4)),
    Hometown("福建", "宁德", "福安", _D.FUZHOU, (1, 1, 0, 5)),
    Hometown("福建", "宁德", "古田", _D.FUZHOU, (2, 1, 0, 4)),
    Hometown("福建", "南平", "建瓯", _D.MANDARIN, (0, 1, 0, 3)),
    Hometown("福建", "龙岩", "永定", _D.HAKKA, (4, 1, 1, 2)),
    Hometown("广东", "潮州", "潮安", _D.TEOCHEW, (6, 1, 2, 1)),
    Hometown("广东", "汕头", "澄海", _D.TEOCHEW, (5, 1, 2, 1)),
    Hometown("广东", "梅州", "梅县", _D.HAKKA, (4, 2, 2, 1)),
    Hometown("广东", "江门", "台山", _D.CANTONESE, (2, 6, 6, 1)),
    Hometown("广东", "广州", "番禺", _D.CANTONESE, (3, 3, 10, 1)),
    Hometown("海南", "海口", "文昌", _D.HAINANESE, (3, 1, 1, 1)),
    Hometown("浙江", "丽水", "青田", _D.WU, (0, 4, 0, 1)),
    Hometown("浙江", "杭州", "萧山", _D.WU, (0, 2, 0, 2)),
    Hometown("江苏", "南京", "江宁", _D.MANDARIN, (0, 2, 0, 3)),
    Hometown("湖南", "长沙", "浏阳", _D.MANDARIN, (0, 2, 0, 3)),
    Hometown("四川", "成都", "郫都", _D.MANDARIN, (0, 2, 0, 3)),
)

_GROUP = {"HK": 2, "MO": 2, "CN": 3, "TW": 3}
_WESTERN_IN_EUROPE = {"DE", "FR", "NL"}

_PHONES: dict[str, tuple[tuple[str, ...], int]] = {
    "CN": (("+86138", "+86139", "+86137", "+86158", "+86159", "+86186", "+86188"), 8),
    "HK": (("+8525", "+8526", "+8529"), 7),
    "MO": (("+8536",), 7),
    "TW": (("+8869",), 8),
    "SG": (("+658", "+659"), 7),
    "MY": (("+6012", "+6016", "+6019"), 7),
    "ID": (("+62812", "+62813", "+62856"), 8),
    "PH": (("+63917", "+63918"), 7),
    "TH": (("+668",), 8),
    # North American 555-01xx, Ofcom 07700 900xxx and ACMA 0491 570 xxx are fictitious.
    "US": (("+1212555010", "+1415555010", "+1617555010", "+1206555010"), 1),
    "CA": (("+1416555010", "+1604555010"), 1),
    "GB": (("+447700900",), 3),
    "AU": (("+61491570",), 3),
    "NZ": (("+6421",), 7),
    "DE": (("+49151", "+49160"), 8),
    "FR": (("+336",), 8),
    "NL": (("+316",), 8),
    "JP": (("+8190", "+8180"), 8),
}

_LANGUAGES: dict[str, tuple[str, ...]] = {
    "CN": ("zh",),
    "HK": ("yue", "en", "zh"),
    "MO": ("yue", "pt", "zh"),
    "TW": ("zh", "nan"),
    "SG": ("en", "zh"),
    "MY": ("ms", "en", "zh"),
    "ID": ("id", "zh"),
    "PH": ("fil", "en"),
    "TH": ("th", "zh"),
    "DE": ("de", "zh", "en"),
    "FR": ("fr", "zh", "en"),
    "NL": ("nl", "zh", "en"),
    "JP": ("ja", "zh"),
}
_DIALECT_LANGUAGE: dict[DialectGroup, str] = {
    _D.HOKKIEN: "nan",
    _D.TEOCHEW: "nan",
    _D.HAINANESE: "nan",
    _D.CANTONESE: "yue",
    _D.HAKKA: "hak",
    _D.FUZHOU: "cdo",
    _D.HENGHUA: "cpx",
    _D.WU: "wuu",
}


def diaspora_country(rng: Random) -> str:
    """A country of residence drawn from the demo's overseas population."""
    return rng.choices(list(_DIASPORA_WEIGHTS), weights=list(_DIASPORA_WEIGHTS.values()))[0]


def hometown_for(rng: Random, country: str) -> Hometown:
    """An ancestral hometown typical of the Chinese community of `country`."""
    group = _GROUP.get(country, 0 if country in {"SG", "MY", "ID", "PH", "TH", "BN"} else 1)
    towns = HOMETOWNS
    if country in {"SG", "MY", "ID", "PH", "TH"}:
        # Southeast Asian communities are Min, Hakka and Cantonese, not Wu or Mandarin.
        towns = tuple(t for t in HOMETOWNS if t.dialect not in {_D.WU, _D.MANDARIN})
    elif country in _WESTERN_IN_EUROPE and rng.random() < 0.35:
        towns = tuple(t for t in HOMETOWNS if t.county == "青田")
    return rng.choices(towns, weights=[max(t.weights[group], 0) for t in towns])[0]


def phone_number(rng: Random, country: str) -> str:
    """An E.164 number of `country` (fictitious ranges where a country has them)."""
    prefixes, digits = _PHONES.get(country, _PHONES["CN"])
    return rng.choice(prefixes) + "".join(str(rng.randrange(10)) for _ in range(digits))


def languages_for(rng: Random, country: str, dialect: DialectGroup | None) -> list[str]:
    """Languages a person of `country` and dialect group speaks, as BCP 47 codes."""
    languages = list(_LANGUAGES.get(country, ("en", "zh")))
    if "zh" not in languages:
        languages.append("zh")
    spoken = _DIALECT_LANGUAGE.get(dialect) if dialect else None
    if spoken and spoken not in languages and rng.random() < 0.7:
        languages.append(spoken)
    if "en" not in languages and rng.random() < 0.5:
        languages.append("en")
    return languages
