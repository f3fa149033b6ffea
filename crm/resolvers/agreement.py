"""Agreements: find them, and create, change or delete them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.enums import AgreementStatus
from crm.db.queries import agreement as q
from crm.db.queries import event as event_queries
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.listing import CountRows, nested_page_of, page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.agreement import (
        AgreementFilter,
        AgreementOrder,
        CreateAgreementInput,
        UpdateAgreementInput,
    )

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "title": (q.agreement.c.title, False),
    "signed_on": (q.agreement.c.signed_on, True),
    "amount": (q.agreement.c.amount, True),
    "created_at": (q.agreement.c.created_at, False),
}
DEFAULT_ORDER = [SortKey(q.agreement.c.title)]


def agreement_condition(f: AgreementFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.title_contains:
        parts.append(q.title_contains(f.title_contains))
    for column, values in (("kind", f.kind), ("status", f.status)):
        if values:
            parts.append(q.value_in(column, values))
    if f.event:
        # "at the conference" includes its sessions
        event_ids = keys_of("event", f.event, "Event")
        parts.append(q.agreement.c.event_id.in_(event_queries.subtree(event_ids)))
    if f.project:
        parts.append(q.value_in("project_id", keys_of("project", f.project, "Project")))
    if f.signed_after is not None:
        parts.append(q.signed_on_or_after(f.signed_after))
    if f.signed_before is not None:
        parts.append(q.signed_on_or_before(f.signed_before))
    if f.min_amount is not None:
        parts.append(q.amount_at_least(f.min_amount))
    if f.max_amount is not None:
        parts.append(q.amount_at_most(f.max_amount))
    if f.party:
        keys_of("party", f.party, "Organization", "Person")  # every ID of a party type
        organizations = [g for g in f.party if g.type_name == "Organization"]
        people = [g for g in f.party if g.type_name == "Person"]
        parts.append(
            q.has_party(
                organization_ids=keys_of("party", organizations, "Organization"),
                person_ids=keys_of("party", people, "Person"),
            )
        )
    return parts


async def agreements(
    context: Context,
    filter_: AgreementFilter | None,
    order_by: list[AgreementOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    condition = condition_of(filter_, agreement_condition)
    return await page_of(context, q.agreement, condition, sort, request)


async def agreements_of(
    context: Context,
    *,
    event_id: int | None = None,
    project_id: int | None = None,
    order_by: list[AgreementOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """The agreements signed at an event, or of a project (exactly one of the two)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if event_id is not None:
        parent, key = q.agreement.c.event_id, event_id
    elif project_id is not None:
        parent, key = q.agreement.c.project_id, project_id
    else:
        raise ValueError("give an event or a project")
    return await nested_page_of(context, q.agreement, parent, key, sort, request)


def _values(v: Validator, data: CreateAgreementInput | UpdateAgreementInput) -> dict[str, Any]:
    """Cleaned column values for the fields the input carries."""
    values: dict[str, Any] = {}
    if given(data.title):
        values["title"] = v.text("title", data.title, max_length=300, required=True)
    for field, column in (("kind", "kind"), ("status", "status")):
        value = getattr(data, column)
        if given(value):
            if value is None:
                v.fail(field, f"{field} is required")
            values[column] = value
    if given(data.amount):
        values["amount"] = v.amount("amount", data.amount)
    if given(data.currency):
        values["currency"] = v.currency("currency", data.currency)
    if given(data.signed_on):
        values["signed_on"] = data.signed_on
    if given(data.description):
        values["description"] = v.text("description", data.description, max_length=10_000)
    return values


def _check_signed_has_date(v: Validator, values: dict[str, Any], *, creating: bool) -> None:
    """A signed agreement needs its date, as far as the input tells.

    On update, a status or date the input leaves out is the row's: the database's
    CHECK then reports the same problem on the same field.
    """
    status = values.get("status", AgreementStatus.INTENTION if creating else None)
    if status is not AgreementStatus.SIGNED:
        return
    if (creating or "signed_on" in values) and values.get("signed_on") is None:
        v.fail("signedOn", "a signed agreement needs the date it was signed")


def _references(v: Validator, data: CreateAgreementInput | UpdateAgreementInput) -> crud.References:
    refs: dict[str, tuple[int | None, Any]] = {}
    if given(data.event):
        refs["event"] = (v.reference("event", data.event, "Event"), models.Event)
    if given(data.project):
        refs["project"] = (v.reference("project", data.project, "Project"), models.Project)
    return refs


_REFERENCE_COLUMNS = {"event": "event_id", "project": "project_id"}


async def create_agreement(context: Context, data: CreateAgreementInput) -> models.Agreement:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    _check_signed_has_date(v, values, creating=True)
    v.check()
    values.update({_REFERENCE_COLUMNS[f]: key for f, (key, _) in refs.items()})
    return await crud.create(context, models.Agreement, values, refs)


async def update_agreement(context: Context, data: UpdateAgreementInput) -> models.Agreement:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    _check_signed_has_date(v, values, creating=False)
    v.check()
    key = crud.key_of("id", data.id, "Agreement")
    values.update({_REFERENCE_COLUMNS[f]: k for f, (k, _) in refs.items()})
    return await crud.update(context, models.Agreement, key, data.expected_version, values, refs)
