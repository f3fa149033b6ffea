"""Which column of a file holds which field: headers in Chinese or English, or an override file.

Headers are compared after NFKC, case folding, traditional → simplified and dropping spaces,
underscores, hyphens and punctuation: "Birth Year", "birth_year", "birthYear" and "出生年份："
all match.
An override file (JSON, or YAML by its suffix) maps a column header to a field name, or to
null to ignore the column; it wins over the automatic mapping.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml

from crm.names import to_simplified

_PERSON_REFERENCE = {
    "person": ("姓名", "人员", "人员姓名", "名字", "person", "name", "person name"),
    "person_email": ("邮箱", "电子邮箱", "电子邮件", "email", "person email", "e-mail"),
    "person_phone": ("电话", "手机", "手机号", "联系电话", "phone", "mobile", "person phone"),
    "person_birth_year": ("出生年份", "出生年", "birth year", "person birth year"),
    "person_id": ("person id", "人员id"),
}

_ORGANIZATION_REFERENCE = {
    "organization": (
        "单位",
        "机构",
        "组织",
        "单位名称",
        "机构名称",
        "organization",
        "organisation",
    ),
    "organization_country": ("单位国家", "机构国家", "organization country"),
    "organization_id": ("organization id", "机构id"),
}


def _reference(prefix: str, zh: Sequence[str], en: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Aliases of a reference to a record by name, and of its database ID."""
    return {prefix: (*zh, *en), f"{prefix}_id": (f"{prefix} id",)}


#: entity → field → header aliases (the field's own name and camelCase always match too)
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "person": {
        "name": ("姓名", "中文名", "中文姓名", "名字", "name", "full name", "chinese name"),
        "name_latin": (
            "英文名",
            "英文姓名",
            "拼音",
            "外文名",
            "latin name",
            "english name",
            "name latin",
        ),
        "gender": ("性别", "sex", "gender"),
        "birth_year": ("出生年份", "出生年", "生年", "birth year", "year of birth", "born"),
        "nationality": ("国籍", "nationality", "citizenship"),
        "country": ("国家", "所在国", "所在国家", "居住国", "国家地区", "country", "residence"),
        "city": ("城市", "所在城市", "居住城市", "city"),
        "hometown": ("祖籍", "籍贯", "hometown", "ancestral hometown"),
        "hometown_province": ("祖籍省", "祖籍省份", "hometown province"),
        "hometown_city": ("祖籍市", "祖籍城市", "hometown city"),
        "hometown_county": ("祖籍县", "祖籍区县", "hometown county"),
        "dialect_group": ("方言", "方言群", "dialect", "dialect group"),
        "expertise": ("专业领域", "专业", "领域", "研究方向", "expertise", "field", "fields"),
        "honours": ("荣誉", "称号", "荣誉称号", "honours", "honors"),
        "languages": ("语言", "languages", "language"),
        "email": ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail"),
        "phone": ("电话", "手机", "手机号", "联系电话", "phone", "mobile", "tel", "telephone"),
        "wechat": ("微信", "微信号", "wechat", "weixin"),
        "contact_cadence_days": ("联系周期", "联系周期天", "cadence", "contact cadence"),
        "source_platform": ("来源平台", "来源", "source", "source platform"),
        "source_region": ("来源地区", "source region"),
        "notes": ("备注", "notes", "note", "remarks"),
        "organization": (
            "单位",
            "工作单位",
            "所在单位",
            "机构",
            "employer",
            "organization",
            "organisation",
        ),
        "organization_country": ("单位国家", "organization country"),
        "title": ("职务", "职位", "职称", "title", "job title"),
        "role": ("角色", "身份", "role"),
    },
    "organization": {
        "name": ("名称", "中文名称", "机构名称", "单位名称", "组织名称", "单位", "机构", "name"),
        "name_en": ("英文名称", "英文名", "english name", "name en"),
        "aliases": ("别名", "简称", "aliases", "alias", "abbreviation"),
        "kind": ("类型", "机构类型", "类别", "kind", "type"),
        "country": ("国家", "所在国家", "国家地区", "country"),
        "region": ("地区", "区域", "省份", "region"),
        "city": ("城市", "所在城市", "city"),
        **_reference("parent", ("上级机构", "上级单位", "上级组织", "总会"), ("parent",)),
        "is_global500": ("世界500强", "500强", "global500", "global 500"),
        "is_state_owned": ("国企", "国有企业", "state owned", "soe"),
        "fund_target_amount": ("目标规模", "基金目标规模", "fund target", "target amount"),
        "fund_committed_amount": ("认缴规模", "已认缴", "fund committed", "committed amount"),
        "currency": ("币种", "货币", "currency"),
        "founded_on": ("成立日期", "成立时间", "founded", "founded on"),
        "website": ("网站", "网址", "website", "url"),
        "description": ("简介", "描述", "说明", "description"),
    },
    "event": {
        "name": ("名称", "活动名称", "会议名称", "name"),
        "name_en": ("英文名称", "english name", "name en"),
        "kind": ("类型", "活动类型", "kind", "type"),
        "starts_on": ("开始日期", "日期", "开始时间", "starts on", "start date", "date"),
        "ends_on": ("结束日期", "结束时间", "ends on", "end date"),
        "place": ("地点", "场地", "place", "venue"),
        "city": ("城市", "city"),
        "region": ("地区", "region"),
        "country": ("国家", "country"),
        **_reference("parent", ("所属活动", "上级活动", "主会议"), ("parent", "parent event")),
        **_reference("organizer", ("主办单位", "主办方"), ("organizer", "organiser")),
        "reported_participants": ("参会人数", "人数", "participants", "reported participants"),
        "online_visits": ("线上访问量", "访问量", "online visits"),
        "description": ("简介", "描述", "说明", "description"),
    },
    "project": {
        "name": ("项目名称", "名称", "项目", "name"),
        "name_en": ("英文名称", "english name", "name en"),
        "kind": ("项目类型", "类型", "kind", "type"),
        "stage": ("阶段", "进展", "stage"),
        "field": ("领域", "行业", "专业领域", "field"),
        "region": ("地区", "region"),
        "intended_amount": ("意向金额", "拟投资额", "intended amount"),
        "signed_amount": ("签约金额", "signed amount"),
        "currency": ("币种", "货币", "currency"),
        **_reference("event", ("活动", "来源活动", "会议"), ("event",)),
        "description": ("简介", "描述", "说明", "description"),
    },
    "position": {
        **_ORGANIZATION_REFERENCE,
        "organization": ("单位", "用人单位", "招聘单位", "机构", "organization", "employer"),
        "title": ("岗位", "岗位名称", "职位", "title", "position"),
        "field": ("领域", "专业", "field"),
        "kind": ("岗位类型", "类型", "kind", "type"),
        "place": ("工作地点", "地点", "place", "location"),
        "region": ("地区", "region"),
        "openings": ("人数", "招聘人数", "需求人数", "openings"),
        "status": ("状态", "status"),
        "is_high_level": ("高层次", "高层次人才", "high level"),
        **_reference("event", ("活动", "发布活动"), ("event",)),
        "description": ("岗位描述", "描述", "说明", "description"),
    },
    "agreement": {
        "title": ("协议名称", "名称", "标题", "title"),
        "kind": ("类型", "协议类型", "kind", "type"),
        "status": ("状态", "status"),
        "amount": ("金额", "签约金额", "amount"),
        "currency": ("币种", "货币", "currency"),
        "signed_on": ("签约日期", "签署日期", "signed on", "date"),
        **_reference("event", ("活动", "签约活动"), ("event",)),
        **_reference("project", ("项目",), ("project",)),
        "description": ("简介", "描述", "说明", "description"),
    },
    "affiliation": {
        **_PERSON_REFERENCE,
        **_ORGANIZATION_REFERENCE,
        "role": ("角色", "身份", "role"),
        "title": ("职务", "职位", "title"),
        "starts_on": ("开始日期", "起始日期", "入学日期", "starts on", "from", "start"),
        "ends_on": ("结束日期", "毕业日期", "ends on", "to", "end"),
        "degree": ("学位", "degree"),
        "field_of_study": ("专业", "学科", "field of study", "major"),
    },
    "relationship": {
        **_reference("person_a", ("人员a", "甲", "姓名1", "导师"), ("person a", "mentor")),
        "person_a_email": ("邮箱1", "person a email"),
        **_reference("person_b", ("人员b", "乙", "姓名2", "学生"), ("person b", "mentee")),
        "person_b_email": ("邮箱2", "person b email"),
        "kind": ("关系", "关系类型", "kind", "type"),
        "strength": ("强度", "亲密度", "strength"),
        "since": ("始于", "开始日期", "since"),
        "source": ("来源", "source"),
    },
    "attendance": {
        **_PERSON_REFERENCE,
        **_reference("event", ("活动", "会议", "活动名称", "会议名称"), ("event",)),
        "role": ("角色", "身份", "role"),
    },
    "participation": {
        **_reference("project", ("项目", "项目名称"), ("project",)),
        **_PERSON_REFERENCE,
        **_ORGANIZATION_REFERENCE,
        "role": ("角色", "role"),
    },
    "agreement_party": {
        **_reference("agreement", ("协议", "协议名称"), ("agreement",)),
        **_PERSON_REFERENCE,
        **_ORGANIZATION_REFERENCE,
        "role": ("角色", "role"),
    },
    "application": {
        **_PERSON_REFERENCE,
        **_reference("position", ("岗位", "职位", "岗位名称"), ("position",)),
        **_ORGANIZATION_REFERENCE,
        "stage": ("阶段", "状态", "stage"),
        "submitted_at": ("投递时间", "提交时间", "submitted at"),
        **_reference("event", ("活动", "招聘会"), ("event",)),
        "note": ("备注", "note", "notes"),
    },
    "interaction": {
        "kind": ("类型", "方式", "kind", "type"),
        "occurred_at": ("时间", "日期", "发生时间", "occurred at", "date", "time"),
        "summary": ("摘要", "主题", "事由", "summary", "subject"),
        "body": ("内容", "详情", "记录", "body", "details"),
        "participants": ("参与人", "参与者", "人员", "participants", "people"),
        **_reference("event", ("活动",), ("event",)),
        **_reference("project", ("项目",), ("project",)),
        **_ORGANIZATION_REFERENCE,
    },
    "introduction": {
        **_reference("seeker", ("求引荐人", "引荐申请人", "申请人"), ("seeker",)),
        "seeker_email": ("申请人邮箱", "seeker email"),
        **_reference("target_person", ("引荐对象", "对象", "目标人"), ("target person",)),
        "target_person_email": ("对象邮箱", "target person email"),
        **_reference(
            "target_organization", ("目标单位", "对象单位"), ("target organization", "target org")
        ),
        **_reference("broker", ("引荐人", "中间人"), ("broker", "introducer")),
        "broker_email": ("引荐人邮箱", "broker email"),
        **_reference("event", ("活动",), ("event",)),
        "purpose": ("目的", "事由", "purpose"),
        "requested_at": ("申请时间", "日期", "requested at", "date"),
        "retention_until": ("保存期限", "retention until"),
    },
}

#: what a user may type for an entity on the command line
ENTITY_NAMES: dict[str, str] = {
    **{name: name for name in FIELDS},
    "people": "person",
    "organisation": "organization",
    "organizations": "organization",
    "organisations": "organization",
    "events": "event",
    "projects": "project",
    "positions": "position",
    "agreements": "agreement",
    "affiliations": "affiliation",
    "relationships": "relationship",
    "attendances": "attendance",
    "participations": "participation",
    "agreement-party": "agreement_party",
    "agreement-parties": "agreement_party",
    "party": "agreement_party",
    "parties": "agreement_party",
    "applications": "application",
    "interactions": "interaction",
    "introductions": "introduction",
}

_DROP = re.compile(r"[\s_\-‐–—:：()（）\[\]【】/／.·,，、]+")


class MappingError(ValueError):
    """An override file names a field the entity does not have, or is not a mapping."""


def header_key(text: str) -> str:
    """A header as compared: "Birth_Year (年)" → "birthyear年", "國家" → "国家"."""
    return _DROP.sub("", to_simplified(unicodedata.normalize("NFKC", text).casefold()))


@dataclass(frozen=True)
class ColumnMap:
    """Field of each column (None: ignored), and the headers that matched nothing."""

    fields: list[str | None]
    unknown: list[str]

    def columns_of(self, field: str) -> list[int]:
        return [i for i, f in enumerate(self.fields) if f == field]

    @property
    def mapped(self) -> set[str]:
        return {f for f in self.fields if f}


def _camel(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(word.title() for word in rest)


def auto_map(
    entity: str, headers: Sequence[str], override: Mapping[str, str | None] | None = None
) -> ColumnMap:
    """Map each header to a field of `entity`; a field is taken by the first column only."""
    fields = FIELDS[entity]
    index: dict[str, str] = {}
    for known, aliases in fields.items():
        for alias in (known, _camel(known), *aliases):
            index.setdefault(header_key(alias), known)
    override_keys = {header_key(k): v for k, v in (override or {}).items()}
    for name in override_keys.values():
        if name and name not in fields:
            known = ", ".join(sorted(fields))
            raise MappingError(f"{entity} has no field {name!r}; its fields are: {known}")
    taken: set[str] = set()
    result: list[str | None] = []
    unknown: list[str] = []
    for header in headers:
        key = header_key(header)
        field = override_keys[key] if key in override_keys else index.get(key)
        if field is None or field in taken:
            if key not in override_keys and header:
                unknown.append(header)
            result.append(None)
            continue
        taken.add(field)
        result.append(field)
    return ColumnMap(result, unknown)


def load_mapping(text: str, filename: str) -> dict[str, str | None]:
    """An override file: JSON or YAML (by suffix) mapping column headers to fields."""
    data: Any
    try:
        if PurePath(filename).suffix.lower() in {".yaml", ".yml"}:
            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise MappingError(f"cannot read the mapping file: {exc}") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in data.items()
    ):
        raise MappingError("the mapping file must map column headers to field names (or null)")
    return {k: (v or None) for k, v in data.items()}
