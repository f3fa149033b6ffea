"""People: the list of them, and creating, changing or deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.enums import UserRole
from crm.db.paging import SortKey
from crm.db.queries import follow_up
from crm.db.queries import list as list_q
from crm.db.queries import metrics as mq
from crm.db.queries import person as q
from crm.db.queries.conditions import any_of, text_in
from crm.graph.metrics import METRICS
from crm.reference.division import city_name, parse_hometown, province_name
from crm.reference.expertise import field_keys
from crm.resolvers import crud
from crm.resolvers import list as list_
from crm.resolvers.context import Context
from crm.resolvers.ids import key_of, keys_of
from crm.resolvers.listing import Filter, OrderField, Ordering, TableList, any_of_asked, aware
from crm.resolvers.pipeline import countries_of
from crm.resolvers.privacy import check_not_erased
from crm.resolvers.validation import Data, Validator, camel, cleaned, copy_of

#: the stored metrics people can be ordered and filtered by (a community is a label)
PERSON_METRICS = tuple(metric for metric in METRICS if metric != "community")

#: how often a person can be asked to be kept in touch with (the CHECK on the column)
MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 1, 3650

ORDERING: Ordering = {
    "NAME": OrderField("name"),
    "NAME_LATIN": OrderField("name_latin", nullable=True),
    "COUNTRY": OrderField("country", nullable=True),
    "CITY": OrderField("city", nullable=True),
    "BIRTH_YEAR": OrderField("birth_year", nullable=True),
    "CREATED_AT": OrderField("created_at"),
    "UPDATED_AT": OrderField("updated_at"),
    "LAST_CONTACTED_AT": OrderField("last_contacted_at", nullable=True),
    "NEXT_CONTACT_DUE": OrderField("next_contact_due_at", nullable=True),
    # network metrics stored by `crm analyze` (people without one sort last)
    **{name.upper(): OrderField(mq.person_value(name), nullable=True) for name in PERSON_METRICS},
}
DEFAULT_ORDER = [SortKey(q.person.c.name)]

#: the records a person's input names
_REFERENCES = {"owner": models.User, "source_event": models.Event}


def person_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("name_contains"):
        parts.append(text_in(f["name_contains"], q.person.c.name, q.person.c.name_latin))
    if f.get("country"):
        parts.append(any_of(q.person.c.country, countries_of("country", f["country"])))
    parts += any_of_asked(f, q.person, "city", "dialect_group")
    if f.get("hometown_province"):
        provinces = [province_name(p) or p for p in f["hometown_province"]]
        parts.append(any_of(q.person.c.hometown_province, provinces))
    if f.get("hometown_city"):
        cities = [city_name(c) or c for c in f["hometown_city"]]
        parts.append(any_of(q.person.c.hometown_city, cities))
    if f.get("expertise"):
        parts.append(q.has_any("expertise", field_keys(f["expertise"])))
    if f.get("honour"):
        parts.append(q.has_any("honours", [str(h) for h in f["honour"]]))
    if f.get("member_of"):
        parts.append(q.member_of(keys_of("memberOf", f["member_of"], "Organization")))
    if f.get("attended"):
        parts.append(q.attended(keys_of("attended", f["attended"], "Event")))
    if f.get("owner"):
        parts.append(q.owned_by(keys_of("owner", f["owner"], "User")))
    if f.get("in_list") is not None:
        parts.append(list_q.people_in([key_of("inList", f["in_list"], "List")]))
    if f.get("updated_since") is not None:
        parts.append(q.updated_since(aware("updatedSince", f["updated_since"])))
    if f.get("contact_due_before") is not None:
        due = aware("contactDueBefore", f["contact_due_before"])
        parts.append(follow_up.due_before(due))
    if f.get("community"):
        parts.append(mq.in_community(f["community"]))
    for bound in f.get("metric") or []:
        metric = bound["metric"].value
        parts.append(mq.value_between(metric, bound.get("at_least"), bound.get("at_most")))
    return parts


PEOPLE = TableList(q.person, ORDERING, DEFAULT_ORDER, person_conditions, check=list_.check_in_list)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    v.required_texts_of(data, values, name=200)
    v.texts_of(data, values, name_latin=200)
    if "birth_year" in data:
        message = "birth year must be between 1900 and 2100"
        values["birth_year"] = v.between("birthYear", data["birth_year"], 1900, 2100, message)
    for column in ("nationality", "country"):
        if column in data:
            values[column] = v.country(column, data[column])
    v.texts_of(data, values, city=100, wechat=64, source_platform=100)
    v.texts_of(data, values, source_region=100, notes=10_000)
    values.update(hometown_values(v, data))
    copy_of(data, values, "gender", "dialect_group", "retention_until")
    if "expertise" in data:
        written = v.texts("expertise", data["expertise"], max_length=100)
        values["expertise"], values["expertise_as_written"] = field_keys(written), written
    if "languages" in data:
        values["languages"] = v.texts("languages", data["languages"], max_length=100)
    if "honours" in data:
        values["honours"] = sorted({str(h) for h in data["honours"] or []})
    if "contact_cadence_days" in data:
        values["contact_cadence_days"] = v.between(
            "contactCadenceDays",
            data["contact_cadence_days"],
            MIN_CADENCE_DAYS,
            MAX_CADENCE_DAYS,
            f"contactCadenceDays must be between {MIN_CADENCE_DAYS} and {MAX_CADENCE_DAYS} days",
        )
    if "email" in data:
        values["email"] = v.email("email", data["email"])
    if "phone" in data:
        values["phone"] = v.phone("phone", data["phone"])
    return values


_HOMETOWN_PARTS = ("hometown_province", "hometown_city", "hometown_county")


def hometown_values(v: Validator, data: Data) -> dict[str, Any]:
    """The ancestral hometown as written (`hometown`) and its parts, parsed from it: the
    official names of China's divisions (福建晋江 → 福建省, 泉州市, 晋江市). Parts sent
    without the text are the text, written in parts, and must all be understood; the text
    may go on past the county (a town, a village), kept as written."""
    if "hometown" not in data and not any(c in data for c in _HOMETOWN_PARTS):
        return {}
    sent = {c: v.text(camel(c), data[c], max_length=50) for c in _HOMETOWN_PARTS if c in data}
    if "hometown" not in data and not any(sent.values()):
        return dict.fromkeys(sent)  # parts cleared one by one; the others stay
    text = v.text("hometown", data["hometown"], max_length=100) if "hometown" in data else None
    if text or not any(sent.values()):
        field, written = "hometown", text
    else:
        field, written = (
            camel(next(c for c, part in sent.items() if part)),
            "".join(filter(None, sent.values())),
        )
    parsed = parse_hometown(written or "")
    if written and not parsed.understood:
        v.fail(field, f"{written!r} names no province, city or county of China")
    elif written and field != "hometown" and parsed.rest:
        v.fail(field, f"{parsed.rest!r} in {written!r} is no division of China")
    parts = (parsed.province, parsed.city, parsed.county)
    return {"hometown": written, **dict(zip(_HOMETOWN_PARTS, parts, strict=True))}


async def create_person(context: Context, data: Data) -> models.Person:
    values, refs = cleaned(data, values_of, _REFERENCES)
    await check_not_erased(
        context,
        name=values.get("name"),
        name_latin=values.get("name_latin"),
        birth_year=values.get("birth_year"),
        email=values.get("email"),
        phone=values.get("phone"),
        override=bool(data.get("override_erasure")),
    )
    return await crud.create(context, models.Person, values, refs)


async def update_person(context: Context, data: Data) -> models.Person:
    return await crud.update_from(context, models.Person, data, values_of, _REFERENCES)


async def contact_channel(
    context: Context, person_id: int, owner_id: int | None, field: str, value: str | None
) -> str | None:
    """A person's email, phone or WeChat if the viewer may see it (else None), noting
    the read for the audit log."""
    if value is None:
        return None
    viewer = context.signed_in
    shared = False
    if viewer.role is UserRole.LIAISON and viewer.user_id is not None and not viewer.owns(owner_id):
        shared = await context.loaders.shared_with(viewer.user_id).load(person_id)
    if not viewer.sees_contacts_of(owner_id, shared) or not viewer.can_read_field("Person", field):
        return None
    context.contact_reads.setdefault(person_id, set()).add(field)
    return value
