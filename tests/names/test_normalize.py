"""Normalisation: width, case, diacritics, Wade–Giles apostrophes, traditional → simplified."""

from __future__ import annotations

import pytest

from crm.names.normalize import fold_latin, han_part, latin_part, normalize, to_simplified


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＣＨＡＮ　Ｔａｉ　Ｍａｎ", "chan tai man"),  # full-width letters and space (NFKC)
        ("  KIN - KWOK   Chan ", "kin-kwok chan"),
        ("Ch'en Chien-kuo", "chen chien-kuo"),
        ("Ch’en Chien‐kuo", "chen chien-kuo"),  # typographic apostrophe and hyphen
        ("Ts'ai Ing-wen", "tsai ing-wen"),
        ("Lü Xun", "lu xun"),
        ("Hsü Wen-hua", "hsu wen-hua"),
        ("Nguyễn Văn", "nguyen van"),
        ("Chan, Tai Man", "chan tai man"),
        ("Guo Ping'an", "guo ping-an"),  # pinyin's apostrophe separates syllables
        ("O'Brien", "obrien"),
        ("陳建國", "陈建国"),
        ("歐陽 嘉偉", "欧阳 嘉伟"),
        ("衞 鍾 蕭", "卫 钟 萧"),  # Hong Kong variant 衞 as well as Taiwan forms
        ("", ""),
    ],
)
def test_normalize_folds_every_script(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("raw", ["Ch'en Chien-kuo", "陳建國 Kenneth", "İstanbul", "ＡＢＣ", "ß"])
def test_normalize_is_idempotent(raw: str) -> None:
    assert normalize(normalize(raw)) == normalize(raw)


def test_to_simplified_leaves_simplified_and_latin_alone() -> None:
    assert to_simplified("陈建国") == "陈建国"
    assert to_simplified("Chan") == "Chan"
    assert to_simplified("劉德華") == "刘德华"


def test_fold_latin_drops_diacritics_and_apostrophes() -> None:
    assert fold_latin("Hsüeh") == "Hsueh"
    assert fold_latin("K'uang") == "Kuang"


def test_han_and_latin_parts_split_a_mixed_name() -> None:
    text = normalize("陳建國 Kenneth")
    assert han_part(text) == "陈建国"
    assert latin_part(text) == "kenneth"
