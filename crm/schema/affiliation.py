"""Affiliation: a person at an organisation (member, officer, employee, alumnus…)."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import affiliation
from crm.schema.connection import order_input
from crm.schema.enums import AffiliationRole, Degree
from crm.schema.inputs import described, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="A person's membership, office, employment or study.")
class Affiliation(RowNode, Versioned):
    model = models.Affiliation

    role: AffiliationRole = strawberry.field(  # type: ignore[valid-type]
        description="What the person is to the organisation."
    )
    title: str | None = described(
        "The person's title there as the organisation words it (副会长, CTO)."
    )
    starts_on: date | None = described("The first day; null when unknown.")
    ends_on: date | None = described("The last day; null while it lasts or when unknown.")
    degree: Degree | None = described("For study (role ALUMNUS).")  # type: ignore[valid-type]
    field_of_study: str | None = described(
        "For study (role ALUMNUS): the subject, e.g. materials science."
    )
    person_id: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    person = reference("Person", "person_id", required=True, description="The person affiliated.")
    organization = reference(
        "Organization",
        "organization_id",
        required=True,
        description="The organisation the person is affiliated with.",
    )


AffiliationOrder = order_input("Affiliation", affiliation.ORDERING)


@strawberry.input(description="A new affiliation of a person with an organisation.")
class CreateAffiliationInput:
    person: relay.GlobalID = described("The ID of the person.")
    organization: relay.GlobalID = described("The ID of the organisation.")
    role: AffiliationRole = strawberry.field(  # type: ignore[valid-type]
        description="What the person is to the organisation."
    )
    title: str | None = optional("Title there, at most 200 characters.")
    starts_on: date | None = optional("The first day, if known.")
    ends_on: date | None = optional("The last day, if over; not before `startsOn`.")
    degree: Degree | None = optional("For study (role ALUMNUS): the degree.")  # type: ignore[valid-type]
    field_of_study: str | None = optional(
        "For study (role ALUMNUS): the subject, at most 100 characters."
    )


AffiliationMutation = record_mutations(
    Affiliation,
    *edits(
        CreateAffiliationInput,
        affiliation.create_affiliation,
        affiliation.update_affiliation,
        without=("person", "organization"),
    ),
)
