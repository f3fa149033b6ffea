"""Syllables of names in every system: spellings of a character, splitting joined names.

`char_spellings` are the canonical spellings of a character (pinyin, Wade–Giles and the
first readings of each system in `crm.names.spelling`): few, for blocking keys.
`char_variants` adds every written variant of them ("Boon", "Boen", "Lark"): many, for
deciding whether a Latin given name spells a Han one.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping

from crm.names.romanization import han_pinyin, pinyin_syllables, wade_giles
from crm.names.spelling import SYSTEMS, written_spellings

__all__ = [
    "ATTESTED_SPELLINGS",
    "blocking_spellings",
    "char_spellings",
    "char_variants",
    "chars_for_syllable",
    "is_dialect_only",
    "is_known_syllable",
    "same_character",
    "segment_syllables",
]

# Characters common in given names: a written syllable is looked up among these when
# two Latin spellings are compared ("Kin" and "Kian" both spell 建).
_COMMON_GIVEN = """
一丁三万丹中丽义乐书云五亮仁伟伦伯佩佳俊信兰光兴冰凤凯刚利力勇千华卫卿友发吉和善
喜国坚坤基培大天太奇娜娟娴婉婷媛子孝学宁安宏宗宝家富宽宇容少山岩峰嘉平建庆康彤彦
彬德心志忠思怡恩恒惠慧成才振敏敬文新日旭明昌星春晓晖晨晶景智月有朝木杰松林树桂梅
森楠欣武毅民永江汉波泰洁洪浩海涛涵淑清源泽润满漫炎煌燕爱玉玲珍珠琳琪琼瑞瑶璇生盛
石秀秋立章童竹第笑红纬维美群翔翠耀聪胜自良芝芬芳英茂荣莉莲莹菊萍蓉薇虹裕西诗诚贞
贤贵超辉达进远通道金铭锋锦长阳雄雅雪雯雨霞青静飞香骏鸣鸿鹏麟龙颖顺健祥福禄秉稳宜
宪寿展巧帆师希广庭强彩征律念恺悦惜慈懿承敦昊晋晴曼杨柏桥梓楚欢正殷毓汝沛河治泉洋
津浪淳深添渊湘滨炜烨焕照熙燊玮珊琦琴瑜璐瓊甜田申白百皓益盈真知祖祺礼秦程稚穗端符
篮素紫约绍经继羽翰聚舒艺若茜荷莎菁蕾蕴虎蓓衍语谦豪贻赐赞辰迪逸邦采钧铁银锡镇闻阁
阿陵隆雁霖震露韵颂风馨驹骐高魁鹤黎鼎齐启仪亚九水城仲哲荫权梧桐
"""


@functools.lru_cache(maxsize=16384)
def char_spellings(char: str) -> frozenset[str]:
    """Canonical spellings of a character: pinyin, Wade–Giles, each system's readings."""
    readings = han_pinyin(char)
    spellings = set(readings) | {wade_giles(reading) for reading in readings}
    for system in SYSTEMS:
        spellings.update(system.readings(char))
    return frozenset(spellings)


# Spellings seen on real names that no system derives (kept from the hand-made table the
# systems replaced: 哲 "Tseh" of Lee Yuan-tseh, 梅 "Bwee", …).
_ATTESTED = """
卫:ui 媛:oan 少:sio 梅:bwee 浩:hoe 雪:seok 炜:ui 若:jiak 茜:sian 驹:ku 启:khe 哲:tseh 权:koon
"""
ATTESTED_SPELLINGS: Mapping[str, frozenset[str]] = {
    char: frozenset(spellings.split("/"))
    for char, _, spellings in (entry.partition(":") for entry in _ATTESTED.split())
}


@functools.lru_cache(maxsize=16384)
def blocking_spellings(char: str) -> frozenset[str]:
    """The spellings duplicate blocking files a character under: its everyday pinyin and
    Wade–Giles, and the likeliest Hokkien, Hakka and Cantonese readings (`char_spellings`
    has more; Teochew's mostly equal Hokkien's). Each is one more key per person."""
    readings = han_pinyin(char)[:1]
    spellings = set(readings) | {wade_giles(reading) for reading in readings}
    for system in SYSTEMS:
        if system.name in _BLOCKING_SYSTEMS:
            spellings.update(system.readings(char)[:1])
    return frozenset(spellings)


_BLOCKING_SYSTEMS = ("Hokkien", "Hakka", "Cantonese")


@functools.lru_cache(maxsize=16384)
def char_variants(char: str) -> frozenset[str]:
    """Every written spelling of a character in any system ("bun", "boon", "boen", …)."""
    found = set(char_spellings(char)) | ATTESTED_SPELLINGS.get(char, frozenset())
    for system in SYSTEMS:
        for syllable in system.source(char)[: system.per_char]:
            found |= system.variants(syllable)
    return frozenset(found)


def _common_given() -> str:
    return "".join(_COMMON_GIVEN.split())


@functools.cache
def _mandarin_index() -> Mapping[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for char in _common_given():
        # Only the everyday reading: rare ones (冰 is also "ning") would tie unrelated names.
        for reading in han_pinyin(char)[:1]:
            index[reading].add(char)
            index[wade_giles(reading)].add(char)
    return {spelling: frozenset(chars) for spelling, chars in index.items()}


@functools.cache
def _dialect_index() -> Mapping[str, frozenset[tuple[str, str]]]:
    index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for char in _common_given():
        for spelling in ATTESTED_SPELLINGS.get(char, ()):
            index[spelling].add((char, ""))
        for system in SYSTEMS[:4]:
            for syllable in system.source(char)[:1]:
                for written in system.variants(syllable):
                    index[written].add((char, system.name))
    return {spelling: frozenset(found) for spelling, found in index.items()}


def chars_for_syllable(syllable: str) -> frozenset[str]:
    """The common given-name characters that a Latin syllable can spell, in any system."""
    dialect = {char for char, _ in _dialect_index().get(syllable, ())}
    return _mandarin_index().get(syllable, frozenset()) | dialect


def same_character(x: str, y: str) -> bool:
    """Whether two Latin syllables can spell one common given-name character: in Mandarin
    and a dialect ("jian" and "kin": 建), or twice in one dialect ("kok" and "kwok": 国).
    Two dialects' readings ("man" in Cantonese, "ming" in Teochew) are too loose a tie."""
    mandarin_x = _mandarin_index().get(x, frozenset())
    mandarin_y = _mandarin_index().get(y, frozenset())
    dialect_x = _dialect_index().get(x, frozenset())
    dialect_y = _dialect_index().get(y, frozenset())
    if dialect_x & dialect_y:
        return True
    return bool(
        mandarin_x & {char for char, _ in dialect_y} or mandarin_y & {char for char, _ in dialect_x}
    )


@functools.cache
def _standard_syllables() -> frozenset[str]:
    return pinyin_syllables() | {wade_giles(syllable) for syllable in pinyin_syllables()}


@functools.cache
def _known_syllables() -> frozenset[str]:
    # One letter is an initial, not a syllable ("y" would split "tony" as ton-y).
    return _standard_syllables() | {s for s in written_spellings() if len(s) > 1}


def is_known_syllable(syllable: str) -> bool:
    """Whether a folded Latin syllable is pinyin, Wade–Giles or a written dialect spelling."""
    return syllable in _known_syllables()


def is_dialect_only(syllable: str) -> bool:
    """Whether a syllable is spelled neither in pinyin nor in Wade–Giles ("boon", "kwok")."""
    return syllable not in _standard_syllables()


@functools.lru_cache(maxsize=16384)
def segment_syllables(word: str) -> tuple[str, ...] | None:
    """Split a joined given name into known syllables ("jianguo" → ("jian", "guo")), else None.

    Prefers the split with the fewest syllables ("xian" stays one), then see `_split_cost`.
    """
    known = _known_syllables()
    best: list[tuple[str, ...] | None] = [None] * (len(word) + 1)
    best[0] = ()
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            head, piece = best[start], word[start:end]
            if head is None or piece not in known:
                continue
            candidate = (*head, piece)
            current = best[end]
            if current is None or _split_cost(candidate) < _split_cost(current):
                best[end] = candidate
    return best[len(word)]


def _split_cost(pieces: tuple[str, ...]) -> tuple[int, int, list[int]]:
    # Fewest syllables; then no syllable after the first starting with a vowel (pinyin would
    # have written an apostrophe: "kaming" is ka-ming, not kam-ing); then longer ones first.
    inner_vowels = sum(piece[0] in "aeiou" for piece in pieces[1:])
    return len(pieces), inner_vowels, [-len(piece) for piece in pieces]
