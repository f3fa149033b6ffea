"""Readings of given names in each system, the spellings people write, and the name keys."""

from __future__ import annotations

import re

import pytest

from crm.names import person_keys, person_similarity
from crm.names.cantonese import canonical as cantonese
from crm.names.cantonese import variants as cantonese_variants
from crm.names.hakka import canonical as hakka
from crm.names.hakka import variants as hakka_variants
from crm.names.keys import search_keys
from crm.names.match import PersonName
from crm.names.minnan import canonical as minnan
from crm.names.minnan import variants as minnan_variants
from crm.names.normalize import is_han, to_simplified
from crm.names.sources import hakka_pinyin, jyutping, tailo
from crm.names.spelling import (
    SYSTEMS,
    describe,
    han_reading_keys,
    is_reading_key,
    latin_reading_keys,
)
from crm.names.teochew import TEOCHEW_READINGS
from crm.names.teochew import variants as teochew_variants


@pytest.mark.parametrize(
    ("jyutping_", "spelled"),
    [
        ("can", "chan"), ("daai", "tai"), ("man", "man"), ("zoeng", "cheung"),
        ("jyun", "yuen"), ("gwok", "kwok"), ("hung", "hung"), ("leoi", "lui"),
        ("seon", "sun"), ("zi", "chi"), ("si", "si"), ("jiu", "yiu"), ("gou", "ko"),
        ("syu", "su"), ("kyun", "kuen"), ("ng", "ng"), ("joeng", "yeung"), ("jyu", "yu"),
    ],
)  # fmt: skip
def test_jyutping_reads_as_the_hong_kong_government_spelling(jyutping_: str, spelled: str) -> None:
    assert cantonese(jyutping_) == spelled


@pytest.mark.parametrize(
    ("jyutping_", "written"),
    [
        ("zau", "chow"), ("zi", "tsz"), ("si", "sze"), ("gaa", "kar"), ("hei", "hey"),
        ("lam", "lum"), ("zan", "chun"), ("jip", "ip"), ("zoeng", "cheong"), ("sing", "shing"),
        ("gun", "koon"), ("fung", "foong"), ("zim", "jim"), ("coi", "choy"),
    ],
)  # fmt: skip
def test_cantonese_spellings_people_write(jyutping_: str, written: str) -> None:
    assert written in cantonese_variants(jyutping_)


@pytest.mark.parametrize(
    ("tailo_", "spelled"),
    [
        ("tsing", "cheng"), ("khiunn", "kiu"), ("ngoo", "ngo"), ("hoh", "ho"), ("tik", "tek"),
        ("bun", "bun"), ("tshun", "chun"), ("siau", "siau"), ("ng", "ng"), ("kenn", "ke"),
    ],
)  # fmt: skip
def test_tailo_reads_as_a_toneless_poj_like_spelling(tailo_: str, spelled: str) -> None:
    assert minnan(tailo_) == spelled


@pytest.mark.parametrize(
    ("tailo_", "written"),
    [
        ("bun", "boon"), ("bun", "boen"), ("tshun", "choon"), ("tshun", "tjoen"),
        ("lak", "lark"), ("sai", "sye"), ("tio", "teo"), ("ui", "oei"), ("ui", "wee"),
        ("tik", "teck"), ("sia", "seah"), ("iau", "yaw"), ("kuan", "kwan"), ("lim", "liem"),
        ("huat", "hoat"), ("sann", "san"), ("siu", "siew"), ("ngoo", "goh"), ("si", "sy"),
    ],
)  # fmt: skip
def test_hokkien_spellings_people_write(tailo_: str, written: str) -> None:
    assert written in minnan_variants(tailo_)


@pytest.mark.parametrize(
    ("pinyin", "spelled"),
    [("ciin", "chin"), ("fug", "fuk"), ("gued", "kuet"), ("sang", "sang"), ("iab", "iap")],
)
def test_hakka_pinyin_reads_with_final_stops_as_p_t_k(pinyin: str, spelled: str) -> None:
    assert hakka(pinyin) == spelled


@pytest.mark.parametrize(
    ("pinyin", "written"),
    [("fug", "fook"), ("zong", "tjong"), ("vun", "voon"), ("fad", "fatt"), ("ieu", "yew")],
)
def test_hakka_spellings_people_write(pinyin: str, written: str) -> None:
    assert written in hakka_variants(pinyin)


def test_teochew_spellings_follow_singapore_habits() -> None:
    assert {"boon", "bung"} <= teochew_variants("bung")  # 文
    assert "nee" in teochew_variants("ngi")  # 义, Lim Nee Soon
    assert "huat" in teochew_variants("huak")  # 发
    assert "guan" in teochew_variants("kuang")  # 冠, Pêng'im g


def test_the_teochew_table_holds_simplified_characters_and_toneless_syllables() -> None:
    assert len(TEOCHEW_READINGS) >= 250
    for char, readings in TEOCHEW_READINGS.items():
        assert len(char) == 1
        assert is_han(char)
        assert to_simplified(char) == char, char
        for reading in readings:
            assert re.fullmatch(r"[a-z]+", reading), (char, reading)
            assert minnan(reading), (char, reading)


def test_sources_give_every_reading_most_used_first() -> None:
    assert jyutping("陈")[0] == "can"
    assert tailo("生")[0] == "sing"  # the literary reading names use, before senn
    assert "tan" in tailo("陈")
    assert hakka_pinyin("明")[0] == "min"
    assert "vui" in hakka_pinyin("伟")  # Hailu, as Malaysian Hakka names spell it
    assert jyutping("𠀋") == ()  # a character no source knows


def test_a_han_name_has_reading_keys_in_every_system_that_reads_it() -> None:
    keys = han_reading_keys("陈", "六使")
    assert "陈 lak-sai (闽)" in keys
    assert "陈 luk-si (粤)" in keys
    assert "陈 liu-shih (威)" in keys
    assert "陈 l.s." in keys
    assert {key[-2] for key in keys if key.endswith(")")} >= {"闽", "客", "粤", "威"}
    assert han_reading_keys("陈", "") == frozenset()


def test_a_latin_name_decodes_to_the_keys_of_its_han_name() -> None:
    decoded = latin_reading_keys(frozenset({"陈"}), ("lark", "sye"))
    assert "陈 lak-sai (闽)" in decoded
    assert latin_reading_keys(frozenset({"丁"}), ("c", "c")) == {"丁 c.c."}
    assert latin_reading_keys(frozenset(), ("lark",)) == frozenset()


@pytest.mark.parametrize(
    ("han", "written", "system"),
    [
        ("陳六使", "Tan Lark Sye", "Hokkien"),
        ("馮景禧", "Fung King Hey", "Cantonese"),
        ("丁肇中", "Ting Chao-chung", "Wade–Giles"),
        ("丁肇中", "Chao-Chung Ting", "Wade–Giles"),
        ("胡文虎", "Aw Boon Haw", "Hokkien"),
        ("黃乃裳", "Wong Nai Siong", "Hokkien"),
        ("陳大文", "Chan Tai Man", "Cantonese"),
        ("梁國雄", "Leung Kwok Hung", "Cantonese"),
        ("張榕軒", "Tjong Yong Hian", "Hakka"),
        ("劉福興", "Liew Fook Hin", "Hakka"),
        ("王瑞杰", "Heng Swee Keat", "Teochew"),
        ("林文光", "Liem Boen Kong", "Hokkien"),
        ("蔡英文", "Tsai Ing-wen", "Wade–Giles"),
    ],
)
def test_whole_names_as_people_write_them_meet_the_han_record(
    han: str, written: str, system: str
) -> None:
    shared = person_keys(han).full & person_keys(written).full
    assert any(describe(key).endswith(f"({system})") for key in shared), sorted(shared)


def test_initials_after_the_wade_giles_spelling_meet_the_han_record() -> None:
    assert "丁 c.c." in person_keys("丁肇中").full & person_keys("Samuel C. C. Ting").full


def test_a_name_with_han_characters_takes_its_readings_from_them_alone() -> None:
    keys = person_keys("陳六使", latin="Tan Lark Sye").full
    assert "陈 lak-sai (闽)" in keys
    # the letters decode to other surnames too (谭), but the characters say 陈
    assert not {key for key in keys if key.startswith("谭")}


def test_reading_keys_are_whole_names_not_fragments() -> None:
    assert not [key for key in search_keys("陈六使") if is_reading_key(key)]
    assert not [key for key in search_keys("Tan Lark Sye") if is_reading_key(key)]


def test_describe_names_every_system_a_reading_is_in() -> None:
    assert describe("陈 lak-sai (闽)") == "陈 lak-sai (Hokkien)"
    assert describe("陈 lak-sai (闽)", "陈 lak-sai (潮)") == "陈 lak-sai (Hokkien, Teochew)"
    assert describe("chen liushi") == "chen liushi"
    assert is_reading_key("丁 c.c.")
    assert not is_reading_key("chen liushi")


def test_every_system_has_a_distinct_mark() -> None:
    assert len({system.mark for system in SYSTEMS}) == len(SYSTEMS)
    assert all(is_han(system.mark) for system in SYSTEMS)


def test_duplicates_use_the_same_readings() -> None:
    match = person_similarity(PersonName("陳六使"), PersonName(latin="Tan Lark Sye"))
    assert match.score >= 0.75, match.reasons
    other = person_similarity(PersonName("陳六合"), PersonName(latin="Tan Lark Sye"))
    assert other.score < 0.75, other.reasons
