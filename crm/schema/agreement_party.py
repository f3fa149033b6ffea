"""AgreementParty: an organisation or a person that is party to an agreement, in a role."""

from __future__ import annotations

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import agreement_party, role_link
from crm.schema.connection import order_input
from crm.schema.enums import PartyRole
from crm.schema.inputs import described, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="An organisation or a person party to an agreement.")
class AgreementParty(RowNode, Versioned):
    model = models.AgreementParty

    role: PartyRole = described("Signatory, witness or guarantor.")  # type: ignore[valid-type]
    agreement_id: strawberry.Private[int]
    organization_id: strawberry.Private[int | None]
    person_id: strawberry.Private[int | None]

    agreement = reference("Agreement", "agreement_id", required=True, description="The agreement.")
    organization = reference(
        "Organization", "organization_id", description="The party, when it is an organisation."
    )
    person = reference("Person", "person_id", description="The party, when it is a person.")


AgreementPartyOrder = order_input("AgreementParty", role_link.ORDERING)


@strawberry.input(description="Give exactly one of `person` and `organization`.")
class CreateAgreementPartyInput:
    agreement: relay.GlobalID = described("The ID of the agreement.")
    person: relay.GlobalID | None = optional("The ID of the person who is the party.")
    organization: relay.GlobalID | None = optional("The ID of the organisation that is the party.")
    role: PartyRole = strawberry.field(  # type: ignore[valid-type]
        default=PartyRole.SIGNATORY, description="Signatory, witness or guarantor."
    )


AgreementPartyMutation = record_mutations(
    AgreementParty,
    *edits(
        CreateAgreementPartyInput,
        agreement_party.create_agreement_party,
        agreement_party.update_agreement_party,
        description="Only the fields sent are changed.",
        without=("agreement", "person", "organization"),
        descriptions={"role": "Signatory, witness or guarantor."},
    ),
)
