"""Ancestral hometowns parsed against China's administrative divisions (cpca's table)."""

from __future__ import annotations

import pytest

from crm.reference.division import city_name, parse_hometown, province_name
from crm.seed.places import HOMETOWNS


@pytest.mark.parametrize(
    ("written", "parts"),
    [
        # the four ways of issue #19 that split one province
        ("福建福清", ("福建省", "福州市", "福清市")),
        ("福建晋江", ("福建省", "泉州市", "晋江市")),
        ("福建省福州市长乐区", ("福建省", "福州市", "长乐区")),
        ("福建", ("福建省", None, None)),
        # traditional characters, suffixes, a county alone, municipalities, autonomous areas
        ("福建省福州市長樂區", ("福建省", "福州市", "长乐区")),
        ("廣東梅縣", ("广东省", "梅州市", "梅县区")),
        ("晋江", ("福建省", "泉州市", "晋江市")),
        ("北京海淀", ("北京市", "北京市", "海淀区")),
        ("广西", ("广西壮族自治区", None, None)),
        ("延边", ("吉林省", "延边朝鲜族自治州", None)),
        ("福州鼓楼", ("福建省", "福州市", "鼓楼区")),
        # a county directly under its province has no city
        ("海南文昌", ("海南省", None, "文昌市")),
        # divisions changed since cpca's 2020 table: 长乐区 (2017), 龙海区 (2021)
        ("福建漳州龙海", ("福建省", "漳州市", "龙海区")),
    ],
)
def test_written_hometowns_parse_to_official_names(
    written: str, parts: tuple[str | None, ...]
) -> None:
    hometown = parse_hometown(written)
    assert (hometown.province, hometown.city, hometown.county) == parts
    assert hometown.written == written
    assert hometown.rest == ""


def test_what_follows_the_county_is_kept_as_the_rest() -> None:
    hometown = parse_hometown("福建省泉州市南安市水头镇")
    assert (hometown.county, hometown.rest) == ("南安市", "水头镇")


@pytest.mark.parametrize("written", ["火星", "Fujian", "鼓楼区", ""])
def test_unknown_or_ambiguous_names_are_not_understood(written: str) -> None:
    # 鼓楼区 is in Fuzhou, Nanjing, Xuzhou and Kaifeng: no province is certain
    assert not parse_hometown(written).understood


def test_names_of_one_level() -> None:
    assert province_name("福建") == province_name("福建省") == "福建省"
    assert province_name("福州") is None
    assert city_name("泉州") == "泉州市"


def test_every_demo_hometown_parses_to_its_city_and_county() -> None:
    for town in HOMETOWNS:
        hometown = parse_hometown(town.province + town.county)
        assert hometown.province == town.province + "省"
        assert hometown.county is not None
        assert hometown.county.startswith(town.county)
        if hometown.city is not None:
            assert hometown.city == town.city + "市"
