"""Fields of expertise: one controlled vocabulary for what people write in either language.

A field is stored under its English term (the demo's "artificial intelligence"); its
Chinese name (人工智能, 人工智慧), abbreviations (AI) and usual variants map to it, so
a filter or a dashboard counts an imported 专业 of 人工智能 with the demo's English.
A term outside the vocabulary is kept as written (trimmed): the vocabulary grows here,
never by guessing. The text a person's record was given is kept beside it
(`expertise_as_written`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import NamedTuple

import opencc

__all__ = ["VOCABULARY", "Field", "field_key", "field_keys", "field_name_zh"]


class Field(NamedTuple):
    #: the stored term (English, lower case)
    key: str
    #: its name in Chinese (simplified); the traditional form matches too
    zh: str
    #: other ways of writing it, in either language
    also: tuple[str, ...] = ()


# The demo's fields (crm/seed/fields.py) and the key fields of overseas talent programmes.
VOCABULARY: tuple[Field, ...] = (
    Field(
        "artificial intelligence",
        "人工智能",
        ("ai", "a.i.", "人工智慧", "机器学习", "machine learning", "深度学习", "deep learning"),
    ),
    Field(
        "biomedicine",
        "生物医药",
        ("biomedical", "生物医学", "生物医药技术", "biopharmaceuticals", "生物制药"),
    ),
    Field("high-energy physics", "高能物理", ("particle physics", "粒子物理")),
    Field("digital economy", "数字经济", ("internet economy", "互联网经济")),
    Field("marine economy", "海洋经济", ("blue economy", "海洋产业")),
    Field("new energy", "新能源", ("renewable energy", "clean energy", "清洁能源", "可再生能源")),
    Field("new materials", "新材料", ("advanced materials", "材料科学", "materials science")),
    Field(
        "integrated circuits",
        "集成电路",
        ("semiconductors", "semiconductor", "半导体", "芯片", "chips", "ic"),
    ),
    Field(
        "advanced manufacturing",
        "高端装备制造",
        (
            "智能制造",
            "高端制造",
            "先进制造",
            "smart manufacturing",
            "high-end equipment manufacturing",
        ),
    ),
    Field("finance", "金融", ("financial services", "金融服务", "fintech", "金融科技")),
    Field("clinical medicine", "临床医学", ("medicine", "医学")),
    Field("environmental engineering", "环境工程", ("环保", "environmental protection")),
    Field("modern agriculture", "现代农业", ("agriculture", "农业", "agritech")),
    Field("education", "教育", ("教育学",)),
    Field("logistics", "现代物流", ("物流", "supply chain", "供应链")),
    Field("law", "法律", ("legal", "法学")),
    Field(
        "computer science",
        "计算机科学",
        ("计算机", "computing", "computer engineering", "计算机科学与技术"),
    ),
    Field("software engineering", "软件工程", ("软件", "software")),
    Field("data science", "数据科学", ("big data", "大数据")),
    Field("cybersecurity", "网络安全", ("information security", "信息安全")),
    Field("telecommunications", "通信", ("通信工程", "communications", "5g")),
    Field("robotics", "机器人", ("机器人技术",)),
    Field("aerospace", "航空航天", ("航天", "aviation", "航空")),
    Field("automotive", "汽车", ("新能源汽车", "electric vehicles", "ev")),
    Field("chemistry", "化学", ("化工", "chemical engineering")),
    Field("physics", "物理", ("物理学",)),
    Field("mathematics", "数学", ("math", "maths")),
    Field("life sciences", "生命科学", ("biology", "生物学")),
    Field("public health", "公共卫生", ()),
    Field("traditional chinese medicine", "中医药", ("中医", "tcm")),
    Field("economics", "经济学", ()),
    Field("business management", "工商管理", ("management", "管理", "mba")),
    Field(
        "international trade", "国际贸易", ("trade", "贸易", "跨境电商", "cross-border e-commerce")
    ),
    Field("tourism", "文化旅游", ("文旅", "旅游")),
    Field("architecture", "建筑", ("建筑学", "civil engineering", "土木工程")),
)

_SEPARATORS = re.compile(r"[\s\-‐‑–—_/·]+")


@functools.cache
def _simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _key(text: str) -> str:
    folded = _simplified().convert(unicodedata.normalize("NFKC", text)).casefold()
    return _SEPARATORS.sub(" ", folded).strip()


@functools.cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for field in VOCABULARY:
        for written in (field.key, field.zh, *field.also):
            table[_key(written)] = field.key
    return table


def field_key(written: str) -> str:
    """The vocabulary's term for a field written either way; anything else as written.

    >>> field_key("人工智能"), field_key("AI"), field_key("Quantum optics ")
    ('artificial intelligence', 'artificial intelligence', 'Quantum optics')
    """
    return _table().get(_key(written), written.strip())


def field_keys(written: list[str]) -> list[str]:
    """The terms of several fields, order kept, repeats (人工智能 and AI) dropped."""
    keys: list[str] = []
    for text in written:
        key = field_key(text)
        if key and key not in keys:
            keys.append(key)
    return keys


@functools.cache
def _chinese() -> dict[str, str]:
    return {field.key: field.zh for field in VOCABULARY}


def field_name_zh(key: str) -> str | None:
    """The Chinese name of a vocabulary term (None for a term outside it)."""
    return _chinese().get(key)
