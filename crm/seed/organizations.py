"""The named organisations of the demo: federations, government, academies, the fund, associations.

Parents come before their children (ACFROC → provincial federation → city federation).
"""

# ruff: noqa: E501 - bilingual data tables read best one row per line

from __future__ import annotations

from dataclasses import dataclass, field

from crm.db.enums import OrganizationKind
from crm.db.models import Organization
from crm.reference.division import parse_hometown
from crm.seed import keys
from crm.seed.fields import AI, BIOMEDICINE, HIGH_ENERGY_PHYSICS
from crm.seed.figures import FUND_COMMITTED_AMOUNT, FUND_TARGET_AMOUNT
from crm.seed.plan import Plan, Ref

__all__ = ["Association", "Institutions", "build_institutions"]

_K = OrganizationKind
_FICTIONAL = "Fictional organisation of the demo data set."


@dataclass(frozen=True)
class Association:
    """An overseas association and who may join it."""

    ref: Ref
    kind: OrganizationKind
    country: str
    #: alumni associations: the university (English name) their members studied at
    university: str | None = None
    #: hometown associations: the ancestral counties of their members (None: any)
    counties: frozenset[str] | None = None


@dataclass
class Institutions:
    acfroc: Ref
    fujian_federation: Ref
    beijing_federation: Ref
    city_federations: dict[str, Ref]
    fujian_government: Ref
    fujian_qiaoban: Ref
    science_commission: Ref
    zhongguancun_commission: Ref
    fujian_science_department: Ref
    sanming_government: Ref
    zhongguancun_park: Ref
    cas: Ref
    cae: Ref
    #: research institutes by field
    institutes: dict[str, Ref]
    fund: Ref
    financial_institutions: list[Ref]
    #: world-renowned universities by English name, with their country
    renowned: dict[str, tuple[Ref, str]]
    #: Chinese universities outside Fujian's northeast, by English name
    chinese_universities: dict[str, Ref]
    beijing_companies: list[Ref]
    associations: list[Association] = field(default_factory=list)


# key, Chinese name, English name, kind, city, province, parent key, aliases (all in China)
_NAMED: tuple[tuple[str, str, str, OrganizationKind, str, str, str | None, tuple[str, ...]], ...] = (
    ("acfroc", "中华全国归国华侨联合会", keys.ACFROC_NAME_EN, _K.OVERSEAS_CHINESE_FEDERATION, "Beijing", "Beijing", None, ("中国侨联", "ACFROC")),
    ("fujian_federation", "福建省归国华侨联合会", keys.FUJIAN_FEDERATION_NAME_EN, _K.OVERSEAS_CHINESE_FEDERATION, "Fuzhou", "Fujian", "acfroc", ("福建省侨联",)),
    ("beijing_federation", "北京市归国华侨联合会", keys.BEIJING_FEDERATION_NAME_EN, _K.OVERSEAS_CHINESE_FEDERATION, "Beijing", "Beijing", "acfroc", ("北京市侨联",)),
    ("fujian_government", "福建省人民政府", "Fujian Provincial People's Government", _K.GOVERNMENT_AGENCY, "Fuzhou", "Fujian", None, ()),
    ("fujian_qiaoban", "福建省人民政府外事办公室（侨务办公室）", "Fujian Overseas Chinese Affairs Office", _K.GOVERNMENT_AGENCY, "Fuzhou", "Fujian", "fujian_government", ("福建省侨办",)),
    ("science_commission", "北京市科学技术委员会", keys.BEIJING_SCIENCE_COMMISSION_NAME_EN, _K.GOVERNMENT_AGENCY, "Beijing", "Beijing", None, ("北京市科委",)),
    ("zhongguancun_commission", "中关村科技园区管理委员会", keys.ZHONGGUANCUN_COMMISSION_NAME_EN, _K.GOVERNMENT_AGENCY, "Beijing", "Beijing", "science_commission", ("中关村管委会",)),
    ("fujian_science_department", "福建省科学技术厅", keys.FUJIAN_SCIENCE_DEPARTMENT_NAME_EN, _K.GOVERNMENT_AGENCY, "Fuzhou", "Fujian", "fujian_government", ("福建省科技厅",)),
    ("sanming_government", "三明市人民政府", keys.SANMING_GOVERNMENT_NAME_EN, _K.GOVERNMENT_AGENCY, "Sanming", "Fujian", None, ()),
    ("zhongguancun_park", "三明·中关村科技园", keys.ZHONGGUANCUN_PARK_NAME_EN, _K.INDUSTRIAL_PARK, "Sanming", "Fujian", None, ("三明中关村科技园",)),
    ("cas", "中国科学院", "Chinese Academy of Sciences", _K.RESEARCH_INSTITUTE, "Beijing", "Beijing", None, ("中科院", "CAS")),
    ("cae", "中国工程院", "Chinese Academy of Engineering", _K.RESEARCH_INSTITUTE, "Beijing", "Beijing", None, ("工程院", "CAE")),
    (HIGH_ENERGY_PHYSICS, "中国科学院高能物理研究所", "Institute of High Energy Physics, CAS", _K.RESEARCH_INSTITUTE, "Beijing", "Beijing", "cas", ("高能所", "IHEP")),
    (AI, "中国科学院自动化研究所", "Institute of Automation, CAS", _K.RESEARCH_INSTITUTE, "Beijing", "Beijing", "cas", ("自动化所",)),
    (BIOMEDICINE, "中国科学院上海药物研究所", "Shanghai Institute of Materia Medica, CAS", _K.RESEARCH_INSTITUTE, "Shanghai", "Shanghai", "cas", ("上海药物所",)),
    ("new materials", "中国科学院福建物质结构研究所", "Fujian Institute of Research on the Structure of Matter, CAS", _K.RESEARCH_INSTITUTE, "Fuzhou", "Fujian", "cas", ("物构所",)),
    ("financial_1", "闽江侨银资本管理有限公司", "Minjiang Qiaoyin Capital Management Co., Ltd.", _K.FINANCIAL_INSTITUTION, "Fuzhou", "Fujian", None, ()),
    ("financial_2", "海峡侨商产业投资有限公司", "Straits Overseas Chinese Industrial Investment Co., Ltd.", _K.FINANCIAL_INSTITUTION, "Fuzhou", "Fujian", None, ()),
)  # fmt: skip
_INSTITUTE_FIELDS = (HIGH_ENERGY_PHYSICS, AI, BIOMEDICINE, "new materials")
_CITY_FEDERATIONS = {
    "Fuzhou": "福州市",
    "Putian": "莆田市",
    "Ningde": "宁德市",
    "Nanping": "南平市",
    "Pingtan": "平潭综合实验区",
    "Sanming": "三明市",
    "Quanzhou": "泉州市",
}
_UNIVERSITIES = (  # English name, Chinese name, country, city, aliases
    (keys.OXFORD, "牛津大学", "GB", "Oxford", ("Oxford",)),
    (keys.CAMBRIDGE, "剑桥大学", "GB", "Cambridge", ("Cambridge",)),
    (keys.HARVARD, "哈佛大学", "US", "Cambridge, MA", ("Harvard",)),
    ("Massachusetts Institute of Technology", "麻省理工学院", "US", "Cambridge, MA", ("MIT",)),
    ("Stanford University", "斯坦福大学", "US", "Stanford", ("Stanford",)),
    ("University of California, Berkeley", "加州大学伯克利分校", "US", "Berkeley", ("UC Berkeley",)),
    ("Imperial College London", "帝国理工学院", "GB", "London", ("Imperial",)),
    ("University College London", "伦敦大学学院", "GB", "London", ("UCL",)),
    ("ETH Zurich", "苏黎世联邦理工学院", "CH", "Zurich", ("ETH",)),
    ("University of Tokyo", "东京大学", "JP", "Tokyo", ("東京大学",)),
    ("National University of Singapore", "新加坡国立大学", "SG", "Singapore", ("NUS",)),
    ("University of Toronto", "多伦多大学", "CA", "Toronto", ("U of T",)),
    ("University of Melbourne", "墨尔本大学", "AU", "Melbourne", ("Melbourne",)),
    ("Technical University of Munich", "慕尼黑工业大学", "DE", "Munich", ("TUM",)),
    ("Sorbonne University", "索邦大学", "FR", "Paris", ("Sorbonne",)),
    ("Delft University of Technology", "代尔夫特理工大学", "NL", "Delft", ("TU Delft",)),
)  # fmt: skip
_CHINESE_UNIVERSITIES = (
    ("清华大学", "Tsinghua University", "Beijing"),
    ("北京大学", "Peking University", "Beijing"),
    ("浙江大学", "Zhejiang University", "Hangzhou"),
    ("复旦大学", "Fudan University", "Shanghai"),
    ("中国科学技术大学", "University of Science and Technology of China", "Hefei"),
    ("厦门大学", "Xiamen University", "Xiamen"),
)
# (Chinese name, English name, kind, country, city, university or hometown counties)
_ASSOCIATIONS: tuple[tuple[str, str, OrganizationKind, str, str, str | tuple[str, ...] | None], ...] = (
    ("牛津大学中国校友会", "Oxford University Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "GB", "Oxford", keys.OXFORD),
    ("剑桥大学中国校友会", "Cambridge University Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "GB", "Cambridge", keys.CAMBRIDGE),
    ("哈佛大学中国校友会", "Harvard Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "US", "Boston", keys.HARVARD),
    ("麻省理工学院中国校友会", "MIT Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "US", "Boston", "Massachusetts Institute of Technology"),
    ("斯坦福大学中国校友会", "Stanford Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "US", "San Francisco", "Stanford University"),
    ("帝国理工学院中国校友会", "Imperial College Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "GB", "London", "Imperial College London"),
    ("新加坡国立大学中国校友会", "NUS Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "SG", "Singapore", "National University of Singapore"),
    ("东京大学中国校友会", "University of Tokyo Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "JP", "Tokyo", "University of Tokyo"),
    ("多伦多大学中国校友会", "University of Toronto Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "CA", "Toronto", "University of Toronto"),
    ("墨尔本大学中国校友会", "University of Melbourne Chinese Alumni Association", _K.ALUMNI_ASSOCIATION, "AU", "Melbourne", "University of Melbourne"),
    ("厦门大学新加坡校友会", "Xiamen University Alumni Association of Singapore", _K.ALUMNI_ASSOCIATION, "SG", "Singapore", "Xiamen University"),
    ("全英华人学者工程师协会", "Association of Chinese Scholars and Engineers in the UK", _K.SCIENCE_ASSOCIATION, "GB", "London", None),
    ("全美华人科学家工程师协会", "Association of Chinese Scientists and Engineers in the USA", _K.SCIENCE_ASSOCIATION, "US", "New York", None),
    ("全德华人学者工程师协会", "Association of Chinese Scholars and Engineers in Germany", _K.SCIENCE_ASSOCIATION, "DE", "Berlin", None),
    ("在日中国科学技术者联盟", "Association of Chinese Scientists and Engineers in Japan", _K.SCIENCE_ASSOCIATION, "JP", "Tokyo", None),
    ("新加坡华人科技协会", "Singapore Chinese Scientists and Engineers Association", _K.SCIENCE_ASSOCIATION, "SG", "Singapore", None),
    ("澳大利亚华人科技协会", "Australian Chinese Scientists and Engineers Association", _K.SCIENCE_ASSOCIATION, "AU", "Sydney", None),
    ("加拿大华人科学家工程师协会", "Chinese Scientists and Engineers Association of Canada", _K.SCIENCE_ASSOCIATION, "CA", "Toronto", None),
    ("法国华人学者工程师协会", "Association of Chinese Scholars and Engineers in France", _K.SCIENCE_ASSOCIATION, "FR", "Paris", None),
    ("新加坡福清会馆", "Singapore Futsing Association", _K.HOMETOWN_ASSOCIATION, "SG", "Singapore", ("福清",)),
    ("新加坡晋江会馆", "Singapore Chin Kang Huay Kuan", _K.HOMETOWN_ASSOCIATION, "SG", "Singapore", ("晋江",)),
    ("新加坡南安会馆", "Singapore Lam Ann Association", _K.HOMETOWN_ASSOCIATION, "SG", "Singapore", ("南安",)),
    ("马来西亚福建社团联合会", "Federation of Hokkien Associations of Malaysia", _K.HOMETOWN_ASSOCIATION, "MY", "Kuala Lumpur", ("晋江", "南安", "石狮", "安溪", "永春", "同安", "龙海")),
    ("马来西亚永春联合会", "Federation of Eng Choon Associations Malaysia", _K.HOMETOWN_ASSOCIATION, "MY", "Kuala Lumpur", ("永春",)),
    ("印尼福清同乡会", "Indonesia Fuqing Association", _K.HOMETOWN_ASSOCIATION, "ID", "Jakarta", ("福清",)),
    ("菲律宾晋江同乡总会", "Philippine Jinjiang Association", _K.HOMETOWN_ASSOCIATION, "PH", "Manila", ("晋江", "石狮")),
    ("泰国潮州会馆", "Teochew Association of Thailand", _K.HOMETOWN_ASSOCIATION, "TH", "Bangkok", ("潮安", "澄海")),
    ("美国长乐公会", "Changle American Association", _K.HOMETOWN_ASSOCIATION, "US", "New York", ("长乐",)),
    ("美国福建公所", "Fukien American Association", _K.HOMETOWN_ASSOCIATION, "US", "New York", ("福清", "长乐", "闽侯", "连江")),
    ("英国福建同乡会", "UK Fujian Association", _K.HOMETOWN_ASSOCIATION, "GB", "London", None),
    ("德国青田同乡会", "Qingtian Association of Germany", _K.HOMETOWN_ASSOCIATION, "DE", "Frankfurt", ("青田",)),
    ("日本福建经济文化促进会", "Japan Fujian Economic and Cultural Promotion Association", _K.HOMETOWN_ASSOCIATION, "JP", "Tokyo", None),
    ("香港福建社团联会", "Federation of Hong Kong Fujian Associations", _K.HOMETOWN_ASSOCIATION, "HK", "Hong Kong", None),
    ("新加坡中华总商会", "Singapore Chinese Chamber of Commerce & Industry", _K.CHAMBER_OF_COMMERCE, "SG", "Singapore", None),
    ("马来西亚中华总商会", "Associated Chinese Chambers of Commerce and Industry of Malaysia", _K.CHAMBER_OF_COMMERCE, "MY", "Kuala Lumpur", None),
    ("印尼中华总商会", "Indonesia Chinese Chamber of Commerce", _K.CHAMBER_OF_COMMERCE, "ID", "Jakarta", None),
    ("菲华商联总会", "Federation of Filipino-Chinese Chambers of Commerce and Industry", _K.CHAMBER_OF_COMMERCE, "PH", "Manila", None),
    ("美国福建商会", "Fujian Chamber of Commerce of the USA", _K.CHAMBER_OF_COMMERCE, "US", "New York", None),
    ("澳大利亚福建商会", "Fujian Chamber of Commerce in Australia", _K.CHAMBER_OF_COMMERCE, "AU", "Sydney", None),
)  # fmt: skip
_BEIJING_COMPANIES = (
    ("北京中科智芯科技有限公司", "Beijing Zhongke Zhixin Technology Co., Ltd."),
    ("北京量子云图信息技术有限公司", "Beijing Liangzi Yuntu Information Technology Co., Ltd."),
    ("北京华创生物医药有限公司", "Beijing Huachuang Biomedicine Co., Ltd."),
    ("北京清源新能科技有限公司", "Beijing Qingyuan New Energy Technology Co., Ltd."),
    ("北京博远机器人有限公司", "Beijing Boyuan Robotics Co., Ltd."),
    ("中关村侨创投资管理有限公司", "Zhongguancun Qiaochuang Investment Management Co., Ltd."),
    ("北京海智数联科技有限公司", "Beijing Haizhi Shulian Technology Co., Ltd."),
    ("北京星河材料科技有限公司", "Beijing Xinghe Materials Technology Co., Ltd."),
    ("北京康原医疗器械有限公司", "Beijing Kangyuan Medical Devices Co., Ltd."),
)


def build_institutions(plan: Plan) -> Institutions:
    """Add the named organisations (parents before children) and return their references."""
    named: dict[str, Ref] = {}
    for key, zh, en, kind, city, province, parent, aliases in _NAMED:
        named[key] = _org(plan, zh, en, kind, "CN", city, region=province, aliases=aliases,
                          parent=named[parent] if parent else None,
                          description=_FICTIONAL if key.startswith("financial") else None)  # fmt: skip
        if key == "fujian_federation":
            named |= {
                city: _org(plan, f"{zh_city}归国华侨联合会", f"{city} Overseas Chinese Federation",
                           _K.OVERSEAS_CHINESE_FEDERATION, "CN", city, region="Fujian",
                           parent=named[key], aliases=(f"{zh_city}侨联",))
                for city, zh_city in _CITY_FEDERATIONS.items()
            }  # fmt: skip
    fund = plan.add(
        Organization,
        name=keys.FUND_NAME,
        name_en=keys.FUND_NAME_EN,
        kind=_K.FUND,
        country="CN",
        city="Fuzhou",
        region="Fujian",
        aliases=["侨商振兴基金"],
        founded_on=keys.CONFERENCE_CLOSING_DAY,
        fund_target_amount=FUND_TARGET_AMOUNT,
        fund_committed_amount=FUND_COMMITTED_AMOUNT,
        description="Established at the First Overseas Chinese Talent Conference for Development.",
    )
    renowned = {
        en: (_org(plan, zh, en, _K.UNIVERSITY, country, city, aliases=aliases), country)
        for en, zh, country, city, aliases in _UNIVERSITIES
    }
    assert set(renowned) == set(keys.RENOWNED_UNIVERSITIES)
    institutions = Institutions(
        acfroc=named["acfroc"],
        fujian_federation=named["fujian_federation"],
        beijing_federation=named["beijing_federation"],
        city_federations={city: named[city] for city in _CITY_FEDERATIONS},
        fujian_government=named["fujian_government"],
        fujian_qiaoban=named["fujian_qiaoban"],
        science_commission=named["science_commission"],
        zhongguancun_commission=named["zhongguancun_commission"],
        fujian_science_department=named["fujian_science_department"],
        sanming_government=named["sanming_government"],
        zhongguancun_park=named["zhongguancun_park"],
        cas=named["cas"],
        cae=named["cae"],
        institutes={field: named[field] for field in _INSTITUTE_FIELDS},
        fund=fund,
        financial_institutions=[named["financial_1"], named["financial_2"]],
        renowned=renowned,
        chinese_universities={
            en: _org(plan, zh, en, _K.UNIVERSITY, "CN", city)
            for zh, en, city in _CHINESE_UNIVERSITIES
        },
        beijing_companies=[
            _org(
                plan, zh, en, _K.COMPANY, "CN", "Beijing", region="Beijing", description=_FICTIONAL
            )
            for zh, en in _BEIJING_COMPANIES
        ],
    )
    for zh, en, kind, country, city, members in _ASSOCIATIONS:
        institutions.associations.append(
            Association(
                _org(plan, zh, en, kind, country, city),
                kind,
                country,
                university=members if isinstance(members, str) else None,
                counties=_counties(members) if isinstance(members, tuple) else None,
            )
        )
    return institutions


def _counties(written: tuple[str, ...]) -> frozenset[str]:
    """A hometown association's counties by their official names (福清 → 福清市), as the
    people's hometowns are stored."""
    return frozenset(str(parse_hometown(county).county) for county in written)


def _org(plan: Plan, name: str, name_en: str, kind: OrganizationKind, country: str, city: str, *,
         region: str | None = None, parent: Ref | None = None, aliases: tuple[str, ...] = (),
         description: str | None = None) -> Ref:  # fmt: skip
    return plan.add(
        Organization,
        name=name,
        name_en=name_en,
        kind=kind,
        country=country,
        city=city,
        region=region,
        parent_id=parent,
        aliases=list(aliases),
        description=description,
    )
