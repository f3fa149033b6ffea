"""Agreements: the list of them, and creating, changing or deleting one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.enums import AgreementStatus
from crm.db.paging import SortKey
from crm.db.queries import agreement as q
from crm.db.queries.conditions import any_of, text_in
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.event import at_events
from crm.resolvers.ids import keys_of
from crm.resolvers.listing import ChildList, Filter, OrderField, Ordering, TableList, any_of_asked
from crm.resolvers.validation import Data, References, Validator, copy_of, reference_columns

ORDERING: Ordering = {
    "TITLE": OrderField("title"),
    "SIGNED_ON": OrderField("signed_on", nullable=True),
    "AMOUNT": OrderField("amount", nullable=True),
    "CREATED_AT": OrderField("created_at"),
}
DEFAULT_ORDER = [SortKey(q.agreement.c.title)]

_REFERENCES = {"event": models.Event, "project": models.Project}


def agreement_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    table = q.agreement
    if f.get("title_contains"):
        parts.append(text_in(f["title_contains"], table.c.title))
    parts += any_of_asked(f, table, "kind", "status")
    parts += at_events(f, table.c.event_id)
    if f.get("project"):
        parts.append(any_of(table.c.project_id, keys_of("project", f["project"], "Project")))
    for name, condition in (
        ("signed_after", table.c.signed_on.__ge__),
        ("signed_before", table.c.signed_on.__le__),
        ("min_amount", table.c.amount.__ge__),
        ("max_amount", table.c.amount.__le__),
    ):
        if f.get(name) is not None:
            parts.append(condition(f[name]))
    if f.get("party"):
        parties = f["party"]
        keys_of("party", parties, "Organization", "Person")  # every ID of a party type
        organizations = [g for g in parties if g.type_name == "Organization"]
        people = [g for g in parties if g.type_name == "Person"]
        parts.append(
            q.has_party(
                organization_ids=keys_of("party", organizations, "Organization"),
                person_ids=keys_of("party", people, "Person"),
            )
        )
    return parts


AGREEMENTS = TableList(q.agreement, ORDERING, DEFAULT_ORDER, agreement_conditions)
#: the agreements signed at an event; a project's
OF_EVENT = ChildList(q.agreement, "event_id", ORDERING, DEFAULT_ORDER)
OF_PROJECT = ChildList(q.agreement, "project_id", ORDERING, DEFAULT_ORDER)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    v.required_texts_of(data, values, title=300)
    v.required_of(data, values, "kind", "status")
    v.money_of(data, values, "amount")
    copy_of(data, values, "signed_on")
    v.texts_of(data, values, description=10_000)
    return values


def check_signed_has_date(v: Validator, values: dict[str, Any], *, creating: bool) -> None:
    """A signed agreement needs its date, as far as the input tells.

    On update, a status or date the input leaves out is the row's: the database's
    CHECK then reports the same problem on the same field.
    """
    status = values.get("status", AgreementStatus.INTENTION if creating else None)
    if status is not AgreementStatus.SIGNED:
        return
    if (creating or "signed_on" in values) and values.get("signed_on") is None:
        v.fail("signedOn", "a signed agreement needs the date it was signed")


async def create_agreement(context: Context, data: Data) -> models.Agreement:
    values, refs = _checked(data, creating=True)
    return await crud.create(context, models.Agreement, values, refs)


async def update_agreement(context: Context, data: Data) -> models.Agreement:
    values, refs = _checked(data, creating=False)
    return await crud.update_of(context, models.Agreement, data, values, refs)


def _checked(data: Data, *, creating: bool) -> tuple[dict[str, Any], References]:
    """The input's column values and references, checked (a signed agreement's date too)."""
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    check_signed_has_date(v, values, creating=creating)
    v.check()
    values.update(reference_columns(refs))
    return values, refs
