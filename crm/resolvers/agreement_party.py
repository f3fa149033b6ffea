"""Agreement parties: the organisations and people that are party to an agreement."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.errors import ProblemCode, Problems
from crm.resolvers.filtering import sort_keys
from crm.resolvers.listing import CountRows, nested_page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.agreement_party import (
        AgreementPartyOrder,
        CreateAgreementPartyInput,
        UpdateAgreementPartyInput,
    )

agreement_party = table_of(models.AgreementParty)

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "role": (agreement_party.c.role, False),
    "created_at": (agreement_party.c.created_at, False),
}
# In the order the parties were recorded.
DEFAULT_ORDER = [SortKey(agreement_party.c.created_at)]


async def agreement_parties_of(
    context: Context,
    *,
    agreement_id: int | None = None,
    organization_id: int | None = None,
    person_id: int | None = None,
    order_by: list[AgreementPartyOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """An agreement's parties, or the agreements an organisation or a person is party to
    (exactly one of the three)."""
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    if agreement_id is not None:
        parent, key = agreement_party.c.agreement_id, agreement_id
    elif organization_id is not None:
        parent, key = agreement_party.c.organization_id, organization_id
    elif person_id is not None:
        parent, key = agreement_party.c.person_id, person_id
    else:
        raise ValueError("give an agreement, an organisation or a person")
    return await nested_page_of(context, agreement_party, parent, key, sort, request)


def _values(
    v: Validator, data: CreateAgreementPartyInput | UpdateAgreementPartyInput
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.role):
        if data.role is None:
            v.fail("role", "role is required")
        values["role"] = data.role
    return values


async def create_agreement_party(
    context: Context, data: CreateAgreementPartyInput
) -> models.AgreementParty:
    v = Validator()
    values = _values(v, data)
    agreement_id = v.reference("agreement", data.agreement, "Agreement")
    if (data.person is None) == (data.organization is None):
        message = "a party is either a person or an organisation: give exactly one of the two"
        v.fail("person", message)
        v.fail("organization", message)
    person_id = v.reference("person", data.person, "Person")
    organization_id = v.reference("organization", data.organization, "Organization")
    v.check()
    values.update(agreement_id=agreement_id, person_id=person_id, organization_id=organization_id)
    refs: crud.References = {
        "agreement": (agreement_id, models.Agreement),
        "person": (person_id, models.Person),
        "organization": (organization_id, models.Organization),
    }
    party = "person" if person_id is not None else "organization"
    try:
        return await crud.create(context, models.AgreementParty, values, refs)
    except Problems as problems:
        # The two unique constraints are named after columns, not the input field.
        raise Problems(
            [
                dataclasses.replace(
                    p, field=(party,), message=f"this {party} is already a party to the agreement"
                )
                if p.code is ProblemCode.DUPLICATE
                else p
                for p in problems.problems
            ]
        ) from None


async def update_agreement_party(
    context: Context, data: UpdateAgreementPartyInput
) -> models.AgreementParty:
    v = Validator()
    values = _values(v, data)
    v.check()
    key = crud.key_of("id", data.id, "AgreementParty")
    return await crud.update(context, models.AgreementParty, key, data.expected_version, values)
