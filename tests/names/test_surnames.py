"""Surname tables: readings as surnames, compound surnames, spellings in every system."""

from __future__ import annotations

import pytest

from crm.names.normalize import normalize
from crm.names.surnames import (
    COMPOUND_SURNAMES,
    SURNAME_SPELLINGS,
    split_surname,
    surname_family,
    surname_pinyin,
    surname_spellings,
)

# Every example of the brief (issue #5): surname → spellings people use for it.
LISTED = {
    "陈": "Chan Tan Chin Ch'en Chen",
    "黄": "Wong Ng Oei Huang Hwang",
    "林": "Lam Lim Lin",
    "张": "Cheung Chang Teo Zhang Cheong",
    "王": "Wong Ong Wang",
    "吴": "Ng Goh Woo Wu Gouw",
    "郑": "Cheng Tay Teh Zheng Chang",
    "刘": "Lau Lao Liu Low",
    "杨": "Yeung Yeo Yang Yong",
    "许": "Hui Koh Khoo Xu Hsu",
    "谢": "Tse Chia Seah Xie Hsieh",
    "李": "Lee Li Lie",
    "周": "Chow Chew Zhou Chou",
    "何": "Ho He Hoh",
    "郭": "Kwok Kuo Guo Kwee Quek",
    "蔡": "Choi Chua Tsai Cai Tjoa",
    "梁": "Leung Liang Neo Nio",
    "罗": "Law Lo Luo Loh",
    "叶": "Yip Ip Yeh Ye Yap",
    "曾": "Tsang Zeng Chan Tseng",
    "苏": "So Su Soh",
    "邓": "Tang Deng Teng",
}
CASES = [(char, spelling) for char, spellings in LISTED.items() for spelling in spellings.split()]


@pytest.mark.parametrize(("char", "spelling"), CASES)
def test_listed_spelling_belongs_to_the_surname_family(char: str, spelling: str) -> None:
    assert char in surname_family(normalize(spelling))


@pytest.mark.parametrize(
    ("char", "reading"),
    [
        ("单", "shan"), ("曾", "zeng"), ("解", "xie"), ("仇", "qiu"), ("区", "ou"),
        ("查", "zha"), ("朴", "piao"), ("盖", "ge"), ("乐", "yue"), ("覃", "qin"),
        ("尉迟", "yuchi"), ("长孙", "zhangsun"), ("万俟", "moqi"), ("欧阳", "ouyang"),
    ],
)  # fmt: skip
def test_surname_reading_differs_from_everyday_reading(char: str, reading: str) -> None:
    assert surname_pinyin(char) == reading


_COMPOUND_TEXT = "欧阳 司马 诸葛 上官 司徒 东方 皇甫 令狐 万俟 夏侯 慕容 公孙 宇文 尉迟 长孙 轩辕"
COMPOUNDS = _COMPOUND_TEXT.split()


@pytest.mark.parametrize("compound", COMPOUNDS)
def test_compound_surname_is_split_off_whole(compound: str) -> None:
    assert compound in COMPOUND_SURNAMES
    assert split_surname(compound + "明") == (compound, "明")
    assert split_surname(compound + "建华") == (compound, "建华")


def test_two_character_name_is_never_a_bare_compound() -> None:
    assert split_surname("欧阳") == ("欧", "阳")
    assert split_surname("陈静") == ("陈", "静")


def test_at_least_a_hundred_surnames_have_dialect_spellings() -> None:
    single = [char for char in SURNAME_SPELLINGS if len(char) == 1]
    assert len(single) >= 100
    assert sum(len(surname_spellings(char)) >= 3 for char in single) >= 100


def test_wade_giles_spelling_is_derived_from_pinyin() -> None:
    assert "hsieh" in surname_spellings("谢")
    assert "chuko" in surname_spellings("诸葛")
    assert surname_spellings("鲍")[:2] == ("bao", "pao")


def test_cantonese_compound_spellings() -> None:
    assert surname_family("auyeung") == {"欧阳"}
    assert surname_family("au-yeung") == {"欧阳"}
    assert "司徒" in surname_family("szeto")


def test_unknown_spelling_has_an_empty_family() -> None:
    assert surname_family("smith") == frozenset()
