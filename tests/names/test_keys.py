"""Name keys: Han, pinyin (both orders), initials, Latin forms, Western names, search keys."""

from __future__ import annotations

import pytest

from crm.names.keys import person_keys, search_keys


def test_han_name_gives_simplified_pinyin_in_both_orders_and_initials() -> None:
    keys = person_keys("陳建國")
    assert keys.simplified == "陈建国"
    assert {"chen jianguo", "jianguo chen", "chenjianguo"} <= keys.full
    assert {"cjg", "jgc"} <= keys.initials
    assert {"建国", "jianguo"} <= keys.given
    assert keys.surname_family == {"陈"}
    assert {"chen", "chan", "tan", "chin"} <= keys.surnames


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("单雄信", "shan xiongxin"),
        ("曾国藩", "zeng guofan"),
        ("解缙", "xie jin"),
        ("仇英", "qiu ying"),
        ("区志坚", "ou zhijian"),
        ("查海涛", "zha haitao"),
        ("朴成浩", "piao chenghao"),
        ("欧阳修", "ouyang xiu"),
        ("司马光", "sima guang"),
        ("诸葛亮", "zhuge liang"),
        ("万俟德明", "moqi deming"),
        ("尉迟恭", "yuchi gong"),
        ("长孙无忌", "zhangsun wuji"),
        ("吕明", "lu ming"),
    ],
)
def test_surname_is_read_as_a_surname(name: str, full: str) -> None:
    assert full in person_keys(name).full


@pytest.mark.parametrize("name", ["Kin-Kwok Chan", "Kin Kwok Chan", "Kinkwok Chan",
                                  "Chan Kin-Kwok", "CHAN Kin Kwok", "Chan, Kin Kwok"])  # fmt: skip
def test_hyphenated_spaced_and_joined_given_names_are_unified(name: str) -> None:
    keys = person_keys(name)
    assert {"chan kinkwok", "kinkwok chan", "chankinkwok"} <= keys.full
    assert "kinkwok" in keys.given
    assert "陈" in keys.surname_family


def test_both_orders_give_the_same_keys() -> None:
    assert person_keys("Chen Jianguo").full == person_keys("Jianguo Chen").full


@pytest.mark.parametrize(
    "name",
    ["Kenneth Chan", "Kenneth Kin-Kwok Chan", "Chan Kin-Kwok Kenneth", "Kin-Kwok Kenneth Chan"],
)
def test_western_given_name_is_kept_apart(name: str) -> None:
    keys = person_keys(name)
    assert keys.western == {"kenneth"}
    assert "kenneth chan" in keys.full
    assert "kenneth" not in keys.given
    assert "陈" in keys.surname_family


def test_ambiguous_western_name_is_read_both_ways() -> None:
    readings = person_keys("Li Dan").readings
    assert {reading.given for reading in readings} == {("dan",), ()}


def test_cantonese_surname_shares_the_family_of_the_han_name() -> None:
    assert person_keys("陳建國").surname_family & person_keys("Kin-Kwok Chan").surname_family
    assert person_keys("黄家明").surname_family & person_keys("Ng Ka Ming").surname_family
    assert not person_keys("程建国").surname_family & person_keys("Kin-Kwok Chan").surname_family


def test_wade_giles_and_compound_latin_names() -> None:
    assert "chienkuo" in person_keys("Ch'en Chien-kuo").given
    assert person_keys("Au Yeung Ka Wai").readings[0].family == {"欧阳"}
    assert person_keys("Szeto Wah").surname_family >= {"司徒"}


def test_han_and_latin_together_give_both_readings() -> None:
    keys = person_keys("陳建國", latin="Kin-Kwok Chan")
    assert {"chen jianguo", "chan kinkwok"} <= keys.full
    assert len(keys.readings) == 2


def test_titles_are_not_part_of_the_name() -> None:
    assert person_keys("Dr. Chen Jing").full == person_keys("Chen Jing").full
    assert person_keys("陈建国教授").simplified == "陈建国"
    assert person_keys("Tan Sri Lim Goh Tong").readings[0].surname == "lim"


def test_every_key_is_in_all() -> None:
    keys = person_keys("陳建國", latin="Kenneth Chan")
    assert keys.full | keys.initials | keys.surname_family | {"陈建国", "kenneth"} <= keys.all


def test_search_keys_include_one_and_two_character_fragments() -> None:
    keys = search_keys("陳建國")
    assert {"陈", "建", "国", "陈建", "建国", "陈建国"} <= set(keys)
    assert {"chen", "chan", "jianguo", "chen jianguo", "cjg"} <= set(keys)
    assert keys == sorted(set(keys))


def test_search_keys_connect_scripts() -> None:
    assert "陈" in search_keys("Chan")
    assert set(search_keys("陈")) & set(search_keys("陳建國"))
    assert set(search_keys("kin-kwok")) >= {"kin-kwok", "kinkwok", "kin", "kwok"}


def test_empty_name_has_no_keys() -> None:
    assert person_keys("").all == frozenset()
    assert search_keys(" - ") == []
