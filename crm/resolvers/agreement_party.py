"""Agreement parties: the organisations and people that are party to an agreement."""

from __future__ import annotations

import dataclasses

from crm.db import models
from crm.db.queries.common import table_of
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers.context import Context
from crm.resolvers.listing import ChildList
from crm.resolvers.role_link import ORDERING, create_with_party, recorded_order, update_role
from crm.resolvers.validation import Data

agreement_party = table_of(models.AgreementParty)

# In the order the parties were recorded.
DEFAULT_ORDER = recorded_order(agreement_party)

#: an agreement's parties; an organisation's or a person's part in agreements
OF_AGREEMENT = ChildList(agreement_party, "agreement_id", ORDERING, DEFAULT_ORDER)
OF_ORGANIZATION = ChildList(agreement_party, "organization_id", ORDERING, DEFAULT_ORDER)
OF_PERSON = ChildList(agreement_party, "person_id", ORDERING, DEFAULT_ORDER)


async def create_agreement_party(context: Context, data: Data) -> models.AgreementParty:
    references = {"agreement": models.Agreement}
    try:
        return await create_with_party(context, models.AgreementParty, data, references, "a party")
    except UserErrors as refused:
        # The two unique constraints are named after columns, not the input field.
        party = "person" if data.get("person") is not None else "organization"
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
    return await update_role(context, models.AgreementParty, data)
