"""Agreement parties: the organisations and people that are party to an agreement."""

from __future__ import annotations

import dataclasses
from typing import Any

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries.common import table_of
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList, OrderField, Ordering
from crm.resolvers.validation import Data, Validator, cleaned, reference_columns

agreement_party = table_of(models.AgreementParty)

ORDERING: Ordering = {"ROLE": OrderField("role"), "CREATED_AT": OrderField("created_at")}
# In the order the parties were recorded.
DEFAULT_ORDER = [SortKey(agreement_party.c.created_at)]

#: an agreement's parties; an organisation's or a person's part in agreements
OF_AGREEMENT = ChildList(agreement_party, "agreement_id", ORDERING, DEFAULT_ORDER)
OF_ORGANIZATION = ChildList(agreement_party, "organization_id", ORDERING, DEFAULT_ORDER)
OF_PERSON = ChildList(agreement_party, "person_id", ORDERING, DEFAULT_ORDER)

_REFERENCES = {
    "agreement": models.Agreement,
    "person": models.Person,
    "organization": models.Organization,
}


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.required_of(data, values, "role")
    return values


async def create_agreement_party(context: Context, data: Data) -> models.AgreementParty:
    v = Validator()
    values = values_of(v, data)
    if (data.get("person") is None) == (data.get("organization") is None):
        message = "a party is either a person or an organisation: give exactly one of the two"
        v.fail("person", message)
        v.fail("organization", message)
    refs = v.references_of(data, _REFERENCES)
    v.check()
    values.update({"person_id": None, "organization_id": None, **reference_columns(refs)})
    party = "person" if values["person_id"] is not None else "organization"
    try:
        return await crud.create(context, models.AgreementParty, values, refs)
    except UserErrors as refused:
        # The two unique constraints are named after columns, not the input field.
        raise UserErrors(
            [
                dataclasses.replace(
                    e, field=(party,), message=f"this {party} is already a party to the agreement"
                )
                if e.code is UserErrorCode.DUPLICATE
                else e
                for e in refused.errors
            ]
        ) from None


async def update_agreement_party(context: Context, data: Data) -> models.AgreementParty:
    values, _ = cleaned(data, values_of)
    return await crud.update_of(context, models.AgreementParty, data, values)
