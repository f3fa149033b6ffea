"""Affiliation: a person at an organisation (member, officer, employee, alumnus…)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import affiliation
from crm.schema.connection import order_input
from crm.schema.enums import AffiliationRole, Degree
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(description="A person's membership, office, employment or study.")
class Affiliation(RowNode):
    model = models.Affiliation

    version: int
    role: AffiliationRole  # type: ignore[valid-type]
    title: str | None
    starts_on: date | None
    ends_on: date | None
    degree: Degree | None = strawberry.field(description="For study (role ALUMNUS).")  # type: ignore[valid-type]
    field_of_study: str | None
    created_at: datetime
    updated_at: datetime
    person_id: strawberry.Private[int]
    organization_id: strawberry.Private[int]

    person = reference("Person", "person_id", required=True)
    organization = reference("Organization", "organization_id", required=True)


AffiliationOrder = order_input("Affiliation", affiliation.ORDERING)


@strawberry.input
class CreateAffiliationInput:
    person: relay.GlobalID
    organization: relay.GlobalID
    role: AffiliationRole  # type: ignore[valid-type]
    title: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    degree: Degree | None = None  # type: ignore[valid-type]
    field_of_study: str | None = None


UpdateAffiliationInput = update_input(
    "UpdateAffiliationInput", CreateAffiliationInput, without=("person", "organization")
)


AffiliationMutation = record_mutations(
    Affiliation,
    Write("create", CreateAffiliationInput, affiliation.create_affiliation),
    Write("update", UpdateAffiliationInput, affiliation.update_affiliation),
)
