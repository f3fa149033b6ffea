"""Matching keys for organisation names: normalised forms, suffixes, acronyms and known aliases."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crm.names.normalize import han_part, normalize

__all__ = ["ORGANIZATION_ALIASES", "OrganizationKeys", "organization_alias", "organization_keys"]

# Well-known organisations under every name people write them with: id → names.
ORGANIZATION_ALIASES: Mapping[str, tuple[str, ...]] = {
    "cas": ("中国科学院", "中科院", "CAS", "Chinese Academy of Sciences"),
    "cae": ("中国工程院", "CAE", "Chinese Academy of Engineering"),
    "acfroc": (
        "中华全国归国华侨联合会", "中国侨联", "全国侨联", "ACFROC",
        "All-China Federation of Returned Overseas Chinese",
    ),
    "cast": (
        "中国科学技术协会", "中国科协", "CAST", "China Association for Science and Technology",
    ),
    "wrsa": ("欧美同学会", "Western Returned Scholars Association", "WRSA"),
    "ocao": ("国务院侨务办公室", "国务院侨办", "OCAO", "Overseas Chinese Affairs Office"),
    "pku": ("北京大学", "北大", "PKU", "Peking University"),
    "thu": ("清华大学", "清华", "THU", "Tsinghua University", "Tsinghua"),
    "fudan": ("复旦大学", "复旦", "Fudan University", "Fudan"),
    "sjtu": ("上海交通大学", "上海交大", "SJTU", "Shanghai Jiao Tong University"),
    "zju": ("浙江大学", "浙大", "ZJU", "Zhejiang University"),
    "ustc": (
        "中国科学技术大学", "中国科大", "中科大", "USTC",
        "University of Science and Technology of China",
    ),
    "nju": ("南京大学", "NJU", "Nanjing University"),
    "sysu": ("中山大学", "SYSU", "Sun Yat-sen University"),
    "xmu": ("厦门大学", "厦大", "XMU", "Xiamen University"),
    "fzu": ("福州大学", "福大", "FZU", "Fuzhou University"),
    "hku": ("香港大学", "港大", "HKU", "University of Hong Kong"),
    "cuhk": ("香港中文大学", "港中大", "CUHK", "Chinese University of Hong Kong"),
    "hkust": ("香港科技大学", "港科大", "HKUST", "Hong Kong University of Science and Technology"),
    "nus": ("新加坡国立大学", "新国大", "NUS", "National University of Singapore"),
    "ntu-sg": ("南洋理工大学", "Nanyang Technological University"),
    "ntu-tw": ("台湾大学", "国立台湾大学", "台大", "National Taiwan University"),
    "oxford": ("牛津大学", "牛津", "Oxford", "University of Oxford", "Oxford University"),
    "cambridge": ("剑桥大学", "剑桥", "Cambridge", "University of Cambridge"),
    "harvard": ("哈佛大学", "哈佛", "Harvard", "Harvard University"),
    "mit": ("麻省理工学院", "麻省理工", "MIT", "Massachusetts Institute of Technology"),
    "stanford": ("斯坦福大学", "斯坦福", "Stanford", "Stanford University"),
    "berkeley": (
        "加州大学伯克利分校", "伯克利", "UC Berkeley", "University of California Berkeley",
    ),
    "caltech": ("加州理工学院", "Caltech", "California Institute of Technology"),
    "imperial": ("帝国理工学院", "Imperial College London", "Imperial College"),
    "ucl": ("伦敦大学学院", "UCL", "University College London"),
    "toronto": ("多伦多大学", "University of Toronto", "UofT"),
}  # fmt: skip

# Endings that say what kind of body it is, longest first within a script; → kind.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("股份有限公司", "company"), ("有限责任公司", "company"), ("有限公司", "company"),
    ("公司", "company"), ("校友会", "alumni association"), ("同学会", "alumni association"),
    ("同乡会", "hometown association"), ("商会", "chamber of commerce"),
    ("联合会", "federation"), ("联谊会", "association"), ("协会", "association"),
    ("学会", "society"), ("基金会", "foundation"), ("研究院", "institute"),
    ("研究所", "institute"), ("大学", "university"), ("学院", "college"), ("医院", "hospital"),
    ("alumni association", "alumni association"), ("alumni", "alumni association"),
    ("chamber of commerce", "chamber of commerce"), ("association", "association"),
    ("federation", "federation"), ("society", "society"), ("foundation", "foundation"),
    ("institute", "institute"), ("university", "university"), ("univ", "university"),
    ("college", "college"), ("hospital", "hospital"), ("company limited", "company"),
    ("co ltd", "company"), ("pte ltd", "company"), ("sdn bhd", "company"),
    ("limited", "company"), ("ltd", "company"), ("inc", "company"), ("corporation", "company"),
    ("corp", "company"), ("llc", "company"), ("gmbh", "company"), ("plc", "company"),
    ("co", "company"),
)  # fmt: skip
_LEADING = re.compile(r"^(university|college|institute|association|society|federation) of (.+)$")
_STOPWORDS = frozenset({"of", "the", "and", "for", "in", "at", "on", "de", "du", "la"})


@dataclass(frozen=True, slots=True)
class OrganizationKeys:
    """`match` keys identify the organisation; `search` adds acronyms and aliases to find it."""

    match: frozenset[str]
    search: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        return self.match | self.search


def _canonical(text: str) -> str:
    text = text.replace("-", " ")
    return text[4:] if text.startswith("the ") else text


@functools.cache
def _alias_index() -> Mapping[str, str]:
    return {
        _canonical(normalize(name)): alias
        for alias, names in ORGANIZATION_ALIASES.items()
        for name in names
    }


def organization_alias(name: str) -> str | None:
    """The id of a well-known organisation by any of its names: "中科院" → "cas"."""
    return _alias_index().get(_canonical(normalize(name)))


def _core_and_kind(text: str) -> tuple[str, str] | None:
    leading = _LEADING.match(text)
    if leading:
        return _canonical(leading.group(2)), leading.group(1)
    for suffix, kind in _SUFFIXES:
        is_han = bool(han_part(suffix))
        if text.endswith(suffix) and len(text) > len(suffix):
            core = text[: -len(suffix)]
            if is_han or core.endswith(" "):
                return core.strip(), kind
    return None


def _acronym(text: str) -> str:
    words = [word for word in text.split() if word not in _STOPWORDS and not han_part(word)]
    return "".join(word[0] for word in words) if len(words) >= 2 else ""


@functools.lru_cache(maxsize=16384)
def _keys_of(name: str) -> tuple[frozenset[str], frozenset[str]]:
    text = _canonical(normalize(name))
    if not text:
        return frozenset(), frozenset()
    match, search = {text}, {text, text.replace(" ", "")}
    alias = _alias_index().get(text)
    if alias:
        match.add(f"alias:{alias}")
        search.update(_canonical(normalize(other)) for other in ORGANIZATION_ALIASES[alias])
    # A known name is not split further: 中国科学院 is not a college called 中国科.
    split = None if alias else _core_and_kind(text)
    if split:
        core, kind = split
        core_alias = _alias_index().get(core)
        match.add(f"{f'alias:{core_alias}' if core_alias else core}|{kind}")
        search.add(core)
    acronym = _acronym(split[0] if split and split[1] == "company" else text)
    if acronym:
        search.add(acronym)
    return frozenset(match), frozenset(search)


def organization_keys(
    name: str, *, name_en: str | None = None, aliases: Iterable[str] = ()
) -> OrganizationKeys:
    """Keys of an organisation from its Chinese name, English name and any aliases.

    >>> keys = organization_keys("中国科学院", name_en="Chinese Academy of Sciences")
    >>> "alias:cas" in keys.match and "cas" in keys.search
    True
    """
    match: set[str] = set()
    search: set[str] = set()
    for each in (name, name_en or "", *aliases):
        more_match, more_search = _keys_of(each)
        match |= more_match
        search |= more_search
    return OrganizationKeys(match=frozenset(match), search=frozenset(search))
