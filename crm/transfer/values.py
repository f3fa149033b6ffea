"""Cells (text) → typed values, the way Chinese and English spreadsheets write them.

Each parser takes a non-empty stripped cell and returns the value or raises `BadCellError`
with a sentence for the rejects file. Cleaning (trimming, lengths, email, phone, country
codes, ranges) is not done here: the GraphQL write path's validation does it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from crm.db import enums

E = TypeVar("E", bound=StrEnum)

#: a time written without its zone is China Standard Time (the offices' own clock)
DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")


class BadCellError(ValueError):
    """A cell that cannot be read as its field's type."""


_TRUE = {"1", "true", "t", "yes", "y", "是", "√", "✓", "有", "x"}
_FALSE = {"0", "false", "f", "no", "n", "否", "×", "无", "不是"}
_LIST_SPLIT = re.compile(r"\s*[;；,，、|\n]\s*")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?)?\s*月?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}

#: Chinese (and a few English) words for enum values; the value and the name always work
LABELS: dict[type[StrEnum], dict[str, str]] = {
    enums.Gender: {"男": "male", "m": "male", "女": "female", "f": "female", "其他": "other"},
    enums.DialectGroup: {
        "普通话": "mandarin",
        "闽南": "hokkien",
        "闽南语": "hokkien",
        "福建话": "hokkien",
        "粤语": "cantonese",
        "广东话": "cantonese",
        "客家": "hakka",
        "客家话": "hakka",
        "潮汕": "teochew",
        "潮州话": "teochew",
        "海南话": "hainanese",
        "福州话": "fuzhou",
        "莆仙": "henghua",
        "兴化": "henghua",
        "吴语": "wu",
        "上海话": "wu",
    },
    enums.Honour: {
        "中科院院士": "cas_academician",
        "中国科学院院士": "cas_academician",
        "工程院院士": "cae_academician",
        "中国工程院院士": "cae_academician",
        "外籍院士": "foreign_academician",
        "侨联专家": "acfroc_expert",
        "人才墙": "talent_wall",
        "国家人才计划": "national_talent_program",
        "省级人才计划": "provincial_talent_program",
    },
    enums.OrganizationKind: {
        "校友会": "alumni_association",
        "科协": "science_association",
        "科技协会": "science_association",
        "侨联": "overseas_chinese_federation",
        "同乡会": "hometown_association",
        "商会": "chamber_of_commerce",
        "企业": "company",
        "公司": "company",
        "大学": "university",
        "高校": "university",
        "研究所": "research_institute",
        "研究院": "research_institute",
        "科研院所": "research_institute",
        "政府": "government_agency",
        "政府机构": "government_agency",
        "基金": "fund",
        "产业园": "industrial_park",
        "园区": "industrial_park",
        "医院": "hospital",
        "学校": "school",
        "金融机构": "financial_institution",
        "其他": "other",
    },
    enums.EventKind: {
        "大会": "conference",
        "会议": "conference",
        "分会场": "session",
        "专场": "session",
        "路演": "roadshow",
        "招聘会": "recruitment_fair",
        "线上活动": "online_campaign",
        "考察": "visit",
        "参访": "visit",
        "会见": "meeting",
        "座谈": "meeting",
    },
    enums.ProjectKind: {
        "项目线索": "project_lead",
        "创业项目": "entrepreneurial",
        "高新技术成果": "high_tech_achievement",
        "合作项目": "cooperation",
        "投资": "investment",
    },
    enums.ProjectStage: {
        "线索": "lead",
        "已联系": "contacted",
        "洽谈": "negotiating",
        "初步意向": "preliminary_intention",
        "签约": "signed",
        "已签约": "signed",
        "推进中": "in_progress",
        "已完成": "completed",
        "放弃": "dropped",
    },
    enums.AffiliationRole: {
        "会员": "member",
        "成员": "member",
        "理事": "officer",
        "秘书长": "officer",
        "副会长": "officer",
        "会长": "president",
        "主席": "president",
        "创始人": "founder",
        "员工": "employee",
        "职员": "employee",
        "校友": "alumnus",
        "学生": "alumnus",
        "顾问": "adviser",
    },
    enums.Degree: {
        "学士": "bachelor",
        "本科": "bachelor",
        "硕士": "master",
        "博士": "doctorate",
        "博士后": "postdoc",
    },
    enums.RelationshipKind: {
        "同学": "classmate",
        "同事": "colleague",
        "导师": "mentor",
        "师生": "mentor",
        "家人": "family",
        "亲属": "family",
        "朋友": "friend",
        "合著": "co_author",
        "合作伙伴": "business_partner",
        "生意伙伴": "business_partner",
        "同乡": "hometown",
    },
    enums.AttendanceRole: {
        "嘉宾": "guest",
        "演讲嘉宾": "speaker",
        "发言": "speaker",
        "专家": "expert",
        "主办": "organiser",
        "组织者": "organiser",
        "用人单位代表": "employer_representative",
        "企业代表": "employer_representative",
        "候选人": "candidate",
        "求职者": "candidate",
        "官员": "official",
        "领导": "official",
    },
    enums.ApplicationStage: {
        "已投递": "submitted",
        "筛选": "screening",
        "初步意向": "preliminary_intention",
        "录用意向": "offer",
        "已录用": "hired",
        "拒绝": "declined",
        "撤回": "withdrawn",
    },
    enums.InteractionKind: {
        "会面": "meeting",
        "见面": "meeting",
        "电话": "call",
        "消息": "message",
        "笔记": "note",
        "活动偶遇": "event_encounter",
    },
}


def text(cell: str) -> str:
    return cell


def integer(cell: str) -> int:
    cleaned = cell.replace(",", "").replace("，", "").rstrip("年人个").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise BadCellError(f"not a whole number: {cell!r}") from None
    if number != number.to_integral_value():
        raise BadCellError(f"not a whole number: {cell!r}")
    return int(number)


def number(cell: str) -> float:
    try:
        return float(cell.rstrip("%")) / (100 if cell.endswith("%") else 1)
    except ValueError:
        raise BadCellError(f"not a number: {cell!r}") from None


def boolean(cell: str) -> bool:
    key = cell.casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadCellError(f"not yes or no: {cell!r} (write 是/否, yes/no or 1/0)")


def amount(cell: str) -> Decimal:
    cleaned = re.sub(r"[,，\s¥￥$€£]|元|CNY|RMB|USD", "", cell, flags=re.IGNORECASE)
    factor = Decimal(1)
    if cleaned and cleaned[-1] in _MULTIPLIERS:
        factor, cleaned = _MULTIPLIERS[cleaned[-1]], cleaned[:-1]
    try:
        return Decimal(cleaned) * factor
    except InvalidOperation:
        raise BadCellError(f"not an amount: {cell!r}") from None


def day(cell: str) -> date:
    """2023-12-21, 2023/12/21, 2023.12.21, 2023年12月21日, 20231221; a month or a year alone
    means its first day."""
    cell = cell.strip()
    if "T" in cell or " " in cell.strip():
        head = cell.replace("T", " ").split(" ")[0]
        if _DATE.match(head):
            cell = head
    if match := _DATE.match(cell):
        year, month, dd = match.groups()
        return _date(cell, int(year), int(month), int(dd or 1))
    if match := _COMPACT_DATE.match(cell):
        return _date(cell, *(int(g) for g in match.groups()))
    if match := _YEAR.match(cell):
        return _date(cell, int(match.group(1)), 1, 1)
    raise BadCellError(f"not a date: {cell!r} (write it as 2023-12-21)")


def _date(cell: str, year: int, month: int, dd: int) -> date:
    try:
        return date(year, month, dd)
    except ValueError:
        raise BadCellError(f"not a date: {cell!r}") from None


def moment(cell: str) -> datetime:
    """An ISO 8601 time; without a zone it is China Standard Time; a date alone is its midnight."""
    try:
        value = datetime.fromisoformat(cell.replace("/", "-"))
    except ValueError:
        value = datetime.combine(day(cell), datetime.min.time())
    if value.tzinfo is None:
        value = value.replace(tzinfo=DEFAULT_ZONE)
    return value.astimezone(UTC)


def words(cell: str) -> list[str]:
    """A list written in one cell: 人工智能；机器学习、芯片 / a, b | c."""
    return [part for part in _LIST_SPLIT.split(cell) if part]


def choice(enum: type[E]) -> Callable[[str], E]:
    """A parser for one value of `enum`: its value, its name or a known label."""
    table: dict[str, str] = {}
    for member in enum:
        table[member.value.casefold()] = member.value
        table[member.name.casefold()] = member.value
        table[member.value.replace("_", " ").casefold()] = member.value
    for label, value in LABELS.get(enum, {}).items():
        table[label.casefold()] = value
    allowed = ", ".join(m.value for m in enum)

    def parse(cell: str) -> E:
        key = cell.strip().casefold()
        value = table.get(key) or table.get(key.replace("-", "_"))
        if value is None:
            raise BadCellError(f"{cell!r} is not one of: {allowed}")
        return enum(value)

    return parse


def choices(enum: type[E]) -> Callable[[str], list[E]]:
    one = choice(enum)

    def parse(cell: str) -> list[E]:
        return [one(part) for part in words(cell)]

    return parse


Parser = Callable[[str], Any]
