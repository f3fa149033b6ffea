"""AgreementParty: an organisation or a person that is party to an agreement, in a role."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import agreement_party
from crm.schema.connection import order_input
from crm.schema.enums import PartyRole
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(description="An organisation or a person party to an agreement.")
class AgreementParty(RowNode):
    model = models.AgreementParty

    version: int
    role: PartyRole  # type: ignore[valid-type]
    created_at: datetime
    updated_at: datetime
    agreement_id: strawberry.Private[int]
    organization_id: strawberry.Private[int | None]
    person_id: strawberry.Private[int | None]

    agreement = reference("Agreement", "agreement_id", required=True)
    organization = reference(
        "Organization", "organization_id", description="The party, when it is an organisation."
    )
    person = reference("Person", "person_id", description="The party, when it is a person.")


AgreementPartyOrder = order_input("AgreementParty", agreement_party.ORDERING)


@strawberry.input(description="Give exactly one of `person` and `organization`.")
class CreateAgreementPartyInput:
    agreement: relay.GlobalID
    person: relay.GlobalID | None = None
    organization: relay.GlobalID | None = None
    role: PartyRole = PartyRole.SIGNATORY  # type: ignore[valid-type]


UpdateAgreementPartyInput = update_input(
    "UpdateAgreementPartyInput",
    CreateAgreementPartyInput,
    description="Only the fields sent are changed.",
    without=("agreement", "person", "organization"),
)


AgreementPartyMutation = record_mutations(
    AgreementParty,
    Write("create", CreateAgreementPartyInput, agreement_party.create_agreement_party),
    Write("update", UpdateAgreementPartyInput, agreement_party.update_agreement_party),
)
