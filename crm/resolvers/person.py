"""People: find them, and create, change or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.enums import UserRole
from crm.db.queries import follow_up
from crm.db.queries import metrics as mq
from crm.db.queries import person as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.graph.metrics import METRICS
from crm.resolvers import crud
from crm.resolvers.context import Context, Info
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.introduction import aware
from crm.resolvers.listing import CountRows, page_of
from crm.resolvers.privacy import check_not_erased
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.person import (
        CreatePersonInput,
        PersonFilter,
        PersonOrder,
        UpdatePersonInput,
    )

#: the stored metrics people can be ordered and filtered by (a community is a label)
PERSON_METRICS = tuple(metric for metric in METRICS if metric != "community")

#: how often a person can be asked to be kept in touch with (the CHECK on the column)
MIN_CADENCE_DAYS, MAX_CADENCE_DAYS = 1, 3650

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "name": (q.person.c.name, False),
    "name_latin": (q.person.c.name_latin, True),
    "country": (q.person.c.country, True),
    "city": (q.person.c.city, True),
    "birth_year": (q.person.c.birth_year, True),
    "created_at": (q.person.c.created_at, False),
    "updated_at": (q.person.c.updated_at, False),
    "last_contacted_at": (q.person.c.last_contacted_at, True),
    "next_contact_due_at": (q.person.c.next_contact_due_at, True),
    # network metrics stored by `crm analyze` (people without one sort last)
    **{name: (mq.person_value(name), True) for name in PERSON_METRICS},
}


def person_condition(f: PersonFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.name_contains:
        parts.append(q.name_contains(f.name_contains))
    for column, values in (
        ("country", [c.upper() for c in f.country or []]),
        ("city", f.city),
        ("hometown_province", f.hometown_province),
        ("hometown_city", f.hometown_city),
        ("dialect_group", f.dialect_group),
    ):
        if values:
            parts.append(q.value_in(column, values))
    if f.expertise:
        parts.append(q.has_any("expertise", f.expertise))
    if f.honour:
        parts.append(q.has_any("honours", [str(h) for h in f.honour]))
    if f.member_of:
        parts.append(q.member_of(keys_of("memberOf", f.member_of, "Organization")))
    if f.attended:
        parts.append(q.attended(keys_of("attended", f.attended, "Event")))
    if f.owner:
        parts.append(q.owned_by(keys_of("owner", f.owner, "User")))
    if f.updated_since is not None:
        parts.append(q.updated_since(aware("updatedSince", f.updated_since)))
    if f.contact_due_before is not None:
        parts.append(follow_up.due_before(aware("contactDueBefore", f.contact_due_before)))
    if f.community:
        parts.append(mq.in_community(f.community))
    for bound in f.metric or []:
        parts.append(mq.value_between(bound.metric.value, bound.at_least, bound.at_most))
    return parts


async def people(
    context: Context,
    filter_: PersonFilter | None,
    order_by: list[PersonOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=[SortKey(q.person.c.name)])
    return await page_of(context, q.person, condition_of(filter_, person_condition), sort, request)


def _values(v: Validator, data: CreatePersonInput | UpdatePersonInput) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    if given(data.name):
        values["name"] = v.text("name", data.name, max_length=200, required=True)
    if given(data.name_latin):
        values["name_latin"] = v.text("nameLatin", data.name_latin, max_length=200)
    if given(data.gender):
        values["gender"] = data.gender
    if given(data.birth_year):
        values["birth_year"] = v.between(
            "birthYear", data.birth_year, 1900, 2100, "birth year must be between 1900 and 2100"
        )
    for field, column in (("nationality", "nationality"), ("country", "country")):
        value = getattr(data, column)
        if given(value):
            values[column] = v.country(field, value)
    for field, column, length in (
        ("city", "city", 100),
        ("hometownProvince", "hometown_province", 50),
        ("hometownCity", "hometown_city", 50),
        ("hometownCounty", "hometown_county", 50),
        ("wechat", "wechat", 64),
        ("sourcePlatform", "source_platform", 100),
        ("sourceRegion", "source_region", 100),
        ("notes", "notes", 10_000),
    ):
        value = getattr(data, column)
        if given(value):
            values[column] = v.text(field, value, max_length=length)
    if given(data.dialect_group):
        values["dialect_group"] = data.dialect_group
    for field, column in (("expertise", "expertise"), ("languages", "languages")):
        value = getattr(data, column)
        if given(value):
            values[column] = v.texts(field, value, max_length=100)
    if given(data.honours):
        values["honours"] = sorted({str(h) for h in data.honours or []})
    if given(data.contact_cadence_days):
        values["contact_cadence_days"] = v.between(
            "contactCadenceDays",
            data.contact_cadence_days,
            MIN_CADENCE_DAYS,
            MAX_CADENCE_DAYS,
            f"contactCadenceDays must be between {MIN_CADENCE_DAYS} and {MAX_CADENCE_DAYS} days",
        )
    if given(data.email):
        values["email"] = v.email("email", data.email)
    if given(data.phone):
        values["phone"] = v.phone("phone", data.phone)
    if given(data.retention_until):
        values["retention_until"] = data.retention_until
    return values


def _references(v: Validator, data: CreatePersonInput | UpdatePersonInput) -> crud.References:
    refs: dict[str, tuple[int | None, Any]] = {}
    if given(data.owner):
        refs["owner"] = (v.reference("owner", data.owner, "User"), models.User)
    if given(data.source_event):
        refs["sourceEvent"] = (v.reference("sourceEvent", data.source_event, "Event"), models.Event)
    return refs


_REFERENCE_COLUMNS = {"owner": "owner_id", "sourceEvent": "source_event_id"}


async def create_person(context: Context, data: CreatePersonInput) -> models.Person:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    values.update({_REFERENCE_COLUMNS[f]: key for f, (key, _) in refs.items()})
    await check_not_erased(
        context,
        name=values.get("name"),
        name_latin=values.get("name_latin"),
        birth_year=values.get("birth_year"),
        email=values.get("email"),
        phone=values.get("phone"),
        override=data.override_erasure,
    )
    return await crud.create(context, models.Person, values, refs)


async def update_person(context: Context, data: UpdatePersonInput) -> models.Person:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Person")
    values.update({_REFERENCE_COLUMNS[f]: k for f, (k, _) in refs.items()})
    return await crud.update(context, models.Person, key, data.expected_version, values, refs)


async def contact_channel(
    info: Info, person_id: int, owner_id: int | None, field: str, value: str | None
) -> str | None:
    """A person's email, phone or WeChat if the viewer may see it (else None), noting
    the read for the audit log."""
    if value is None:
        return None
    viewer = info.context.signed_in
    shared = False
    if viewer.role is UserRole.LIAISON and viewer.user_id is not None and not viewer.owns(owner_id):
        shared = await info.context.loaders.shared_with(viewer.user_id).load(person_id)
    if not viewer.sees_contacts_of(owner_id, shared) or not viewer.can_read_field("Person", field):
        return None
    info.context.contact_reads.setdefault(person_id, set()).add(field)
    return value
