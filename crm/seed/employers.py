"""The 1,000 employers of north-eastern Fujian that offered positions at the conference.

Some Global 500 companies' Fujian branches, state-owned enterprises, universities,
schools and hospitals, and many private companies (fictional names), each with the
fields it hires in and a weight for how many positions it offers (heavy-tailed).
"""

# ruff: noqa: E501 - bilingual data tables read best one row per line

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from random import Random

from crm.db.enums import OrganizationKind
from crm.db.models import Organization
from crm.seed import figures
from crm.seed.fields import AI, BIOMEDICINE
from crm.seed.places import NORTHEASTERN_FUJIAN
from crm.seed.plan import Plan, Ref

__all__ = ["Employer", "build_employers"]

_K = OrganizationKind
_FICTIONAL = "Fictional organisation of the demo data set."


@dataclass(frozen=True)
class Employer:
    ref: Ref
    kind: OrganizationKind
    city: str
    fields: tuple[str, ...]
    #: relative number of positions it offers
    weight: float


_GLOBAL500 = (  # Chinese name, English name, kind, field
    ("国家电网福建省电力有限公司", "State Grid Fujian Electric Power Co., Ltd.", _K.COMPANY, "new energy"),
    ("中国移动通信集团福建有限公司", "China Mobile Fujian Co., Ltd.", _K.COMPANY, "digital economy"),
    ("中国电信股份有限公司福建分公司", "China Telecom Fujian Branch", _K.COMPANY, "digital economy"),
    ("中国联合网络通信有限公司福建省分公司", "China Unicom Fujian Branch", _K.COMPANY, "digital economy"),
    ("中国石化销售股份有限公司福建石油分公司", "Sinopec Fujian Petroleum Branch", _K.COMPANY, "new materials"),
    ("中国华能集团有限公司福建分公司", "China Huaneng Group Fujian Branch", _K.COMPANY, "new energy"),
    ("中国银行股份有限公司福建省分行", "Bank of China Fujian Branch", _K.FINANCIAL_INSTITUTION, "finance"),
    ("中国建设银行股份有限公司福建省分行", "China Construction Bank Fujian Branch", _K.FINANCIAL_INSTITUTION, "finance"),
    ("中国工商银行股份有限公司福建省分行", "ICBC Fujian Branch", _K.FINANCIAL_INSTITUTION, "finance"),
    ("中国人寿保险股份有限公司福建省分公司", "China Life Insurance Fujian Branch", _K.FINANCIAL_INSTITUTION, "finance"),
)  # fmt: skip
_STATE_OWNED = (  # Chinese industry, English industry, field
    ("城市建设投资集团", "Urban Construction Investment Group", "advanced manufacturing"),
    ("交通投资集团", "Transport Investment Group", "logistics"),
    ("国有资产投资集团", "State-owned Assets Investment Group", "finance"),
    ("水务投资集团", "Water Investment Group", "environmental engineering"),
    ("文旅发展集团", "Culture and Tourism Development Group", "digital economy"),
    ("港务集团", "Port Group", "marine economy"),
    ("能源集团", "Energy Group", "new energy"),
    ("农业发展集团", "Agricultural Development Group", "modern agriculture"),
    ("产业园区开发集团", "Industrial Park Development Group", "advanced manufacturing"),
    ("医药集团", "Pharmaceutical Group", BIOMEDICINE),
    ("数字产业集团", "Digital Industry Group", "digital economy"),
    ("海洋发展集团", "Marine Development Group", "marine economy"),
    ("金融控股集团", "Financial Holding Group", "finance"),
    ("新材料产业集团", "New Materials Industry Group", "new materials"),
)
_UNIVERSITIES = (  # Chinese name, English name, city, research field
    ("福州大学", "Fuzhou University", "Fuzhou", "new materials"),
    ("福建师范大学", "Fujian Normal University", "Fuzhou", "education"),
    ("福建医科大学", "Fujian Medical University", "Fuzhou", BIOMEDICINE),
    ("福建农林大学", "Fujian Agriculture and Forestry University", "Fuzhou", "modern agriculture"),
    ("福建中医药大学", "Fujian University of Traditional Chinese Medicine", "Fuzhou", BIOMEDICINE),
    ("福建理工大学", "Fujian University of Technology", "Fuzhou", "advanced manufacturing"),
    ("闽江学院", "Minjiang University", "Fuzhou", "digital economy"),
    ("福建江夏学院", "Fujian Jiangxia University", "Fuzhou", "finance"),
    (
        "福州外语外贸学院",
        "Fuzhou University of International Studies and Trade",
        "Fuzhou",
        "logistics",
    ),
    ("宁德师范学院", "Ningde Normal University", "Ningde", "new energy"),
    ("莆田学院", "Putian University", "Putian", "clinical medicine"),
    ("武夷学院", "Wuyi University", "Nanping", "modern agriculture"),
)
_NUMERALS = "一二三四五六七八九十"
_BRAND = ("鑫 Xin", "华 Hua", "恒 Heng", "瑞 Rui", "海 Hai", "闽 Min", "榕 Rong", "宁 Ning", "安 An",
          "泰 Tai", "盛 Sheng", "达 Da", "峰 Feng", "源 Yuan", "智 Zhi", "创 Chuang", "云 Yun", "芯 Xin",
          "蓝 Lan", "东 Dong", "宏 Hong", "联 Lian", "锐 Rui", "博 Bo", "晟 Sheng", "天 Tian", "侨 Qiao",
          "星 Xing", "航 Hang", "康 Kang", "和 He", "嘉 Jia")  # fmt: skip
_INDUSTRIES = (  # Chinese, English, field
    ("智能科技", "Intelligent Technology", AI),
    ("人工智能", "Artificial Intelligence", AI),
    ("生物医药", "Biomedicine", BIOMEDICINE),
    ("生物科技", "Biotechnology", BIOMEDICINE),
    ("数字科技", "Digital Technology", "digital economy"),
    ("网络科技", "Network Technology", "digital economy"),
    ("电子商务", "E-commerce", "digital economy"),
    ("海洋科技", "Marine Technology", "marine economy"),
    ("水产", "Aquatic Products", "marine economy"),
    ("新能源科技", "New Energy Technology", "new energy"),
    ("电池材料", "Battery Materials", "new energy"),
    ("新材料", "New Materials", "new materials"),
    ("半导体", "Semiconductor", "integrated circuits"),
    ("微电子", "Microelectronics", "integrated circuits"),
    ("智能装备", "Intelligent Equipment", "advanced manufacturing"),
    ("纺织", "Textiles", "advanced manufacturing"),
    ("物流", "Logistics", "logistics"),
    ("供应链管理", "Supply Chain Management", "logistics"),
    ("茶业", "Tea", "modern agriculture"),
    ("食品", "Foods", "modern agriculture"),
    ("环保科技", "Environmental Technology", "environmental engineering"),
)
#: how likely each city hosts a company of each field (Ningde: batteries; Nanping: tea)
_CITY_WEIGHTS = {"Fuzhou": 45, "Ningde": 15, "Putian": 15, "Nanping": 15, "Pingtan": 10}
_CITY_FIELDS = {
    "Ningde": ("new energy",),
    "Nanping": ("modern agriculture",),
    "Pingtan": ("marine economy",),
    "Putian": (BIOMEDICINE, "advanced manufacturing"),
}

assert len(_GLOBAL500) == figures.GLOBAL500_EMPLOYERS
_SCHOOLS = figures.EDUCATION_EMPLOYERS - len(_UNIVERSITIES)


def build_employers(rng: Random, plan: Plan) -> list[Employer]:
    """Add the employers (exactly `figures.EMPLOYERS`) and return them."""
    employers: list[Employer] = []
    add = partial(_add, plan, employers)
    for zh, en, kind, field in _GLOBAL500:
        weight = rng.uniform(120, 220)
        add(zh, en, kind, "Fuzhou", (field,), weight, global500=True, state_owned=True)
    others = figures.STATE_OWNED_EMPLOYERS - figures.GLOBAL500_EMPLOYERS
    state_owned = rng.sample([(c, s) for c in NORTHEASTERN_FUJIAN for s in _STATE_OWNED], others)
    for city, (industry_zh, industry_en, field) in state_owned:
        zh = f"{_city_zh(city)}{industry_zh}有限公司"
        en = f"{city} {industry_en} Co., Ltd."
        add(zh, en, _K.COMPANY, city, (field,), rng.uniform(25, 70), state_owned=True)
    for zh, en, city, field in _UNIVERSITIES:
        add(zh, en, _K.UNIVERSITY, city, ("education", field), rng.uniform(30, 80))
    _schools(rng, add)
    for n in range(figures.HEALTH_EMPLOYERS):
        city = list(NORTHEASTERN_FUJIAN)[n % len(NORTHEASTERN_FUJIAN)]
        zh, en = _hospital(city, n // len(NORTHEASTERN_FUJIAN))
        add(zh, en, _K.HOSPITAL, city, ("clinical medicine", BIOMEDICINE), rng.uniform(20, 50))
    _companies(rng, add, employers)
    return employers


def _add(
    plan: Plan,
    employers: list[Employer],
    zh: str,
    en: str,
    kind: OrganizationKind,
    city: str,
    fields: tuple[str, ...],
    weight: float,
    *,
    global500: bool = False,
    state_owned: bool = False,
) -> None:
    ref = plan.add(
        Organization,
        name=zh,
        name_en=en,
        kind=kind,
        country="CN",
        region="Fujian",
        city=city,
        is_global500=global500,
        is_state_owned=state_owned,
        description=None if global500 or kind == _K.UNIVERSITY else _FICTIONAL,
    )
    employers.append(Employer(ref, kind, city, fields, weight))


def _schools(rng: Random, add: Callable[..., None]) -> None:
    schools: set[str] = set()
    while len(schools) < _SCHOOLS:
        city, number = _city(rng), rng.randrange(1, 30)
        zh = f"{_city_zh(city)}第{_chinese_number(number)}中学"
        if zh not in schools:
            schools.add(zh)
            en = f"{city} No. {number} Middle School"
            add(zh, en, _K.SCHOOL, city, ("education",), rng.uniform(4, 15))


def _companies(rng: Random, add: Callable[..., None], employers: list[Employer]) -> None:
    """Private companies until there are `figures.EMPLOYERS` employers."""
    names: set[str] = set()
    while len(employers) < figures.EMPLOYERS:
        city = _city(rng)
        industries = [i for i in _INDUSTRIES if i[2] in _CITY_FIELDS.get(city, ())] or list(
            _INDUSTRIES
        )
        industry = rng.choice(industries if rng.random() < 0.4 else list(_INDUSTRIES))
        brand = [b.split() for b in rng.sample(_BRAND, 2)]
        zh = f"{_city_zh(city)}{brand[0][0]}{brand[1][0]}{industry[0]}有限公司"
        if zh in names:
            continue
        names.add(zh)
        en = f"{city} {brand[0][1]}{brand[1][1].lower()} {industry[1]} Co., Ltd."
        fields = (industry[2],) if rng.random() < 0.7 else (industry[2], rng.choice(_INDUSTRIES)[2])
        weight = min(rng.paretovariate(1.2) * 6, 200)
        add(zh, en, _K.COMPANY, city, tuple(dict.fromkeys(fields)), weight)


def _city(rng: Random) -> str:
    return rng.choices(list(_CITY_WEIGHTS), weights=list(_CITY_WEIGHTS.values()))[0]


def _city_zh(city: str) -> str:
    return NORTHEASTERN_FUJIAN[city]


def _chinese_number(n: int) -> str:
    if n <= 10:
        return _NUMERALS[n - 1]
    tens, units = divmod(n, 10)
    return (
        (_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (_NUMERALS[units - 1] if units else "")
    )


def _hospital(city: str, n: int) -> tuple[str, str]:
    zh_city = _city_zh(city)
    kinds: tuple[tuple[str, str], ...] = (
        (f"{zh_city}市第一医院", f"{city} First Hospital"),
        (f"{zh_city}市中医院", f"{city} Hospital of Traditional Chinese Medicine"),
        (f"{zh_city}市妇幼保健院", f"{city} Maternal and Child Health Hospital"),
        (f"{zh_city}市第二医院", f"{city} Second Hospital"),
        (f"{zh_city}市口腔医院", f"{city} Stomatological Hospital"),
        (f"{zh_city}市第三医院", f"{city} Third Hospital"),
    )
    if city == "Pingtan":
        kinds = tuple((zh.replace("平潭市", "平潭综合实验区"), en) for zh, en in kinds)
    return kinds[n]
