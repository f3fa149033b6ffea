"""Organization: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import affiliation, agreement_party, organization, participation, position
from crm.schema.connection import connection, order_input
from crm.schema.enums import OrganizationKind
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference
from crm.schema.timeline import timeline_field


@strawberry.type(
    description="An association, federation, employer, university, agency, fund or park."
)
class Organization(RowNode):
    model = models.Organization

    version: int
    name: str = strawberry.field(description="The name as the organisation writes it.")
    name_en: str | None
    aliases: list[str] = strawberry.field(description="Other names and abbreviations.")
    kind: OrganizationKind  # type: ignore[valid-type]
    country: str | None
    region: str | None
    city: str | None
    is_global500: bool
    is_state_owned: bool
    founded_on: date | None
    fund_target_amount: Decimal | None = strawberry.field(description="For funds.")
    fund_committed_amount: Decimal | None = strawberry.field(description="For funds.")
    currency: str
    website: str | None
    description: str | None
    created_at: datetime
    updated_at: datetime
    parent_id: strawberry.Private[int | None]

    parent = reference(
        "Organization", "parent_id", description="The organisation this one belongs to."
    )
    sub_organizations = connection(
        "Organization", organization.SUB_ORGANIZATIONS, description="Branches and chapters."
    )
    members = connection(
        "Affiliation",
        affiliation.OF_ORGANIZATION,
        description="People affiliated with the organisation.",
    )
    positions = connection(
        "Position", position.OF_ORGANIZATION, description="The organisation's job demands."
    )
    agreements = connection(
        "AgreementParty",
        agreement_party.OF_ORGANIZATION,
        description="The organisation's part in agreements (one per agreement).",
    )
    projects = connection(
        "Participation",
        participation.OF_ORGANIZATION,
        description="Projects the organisation takes part in, with its roles.",
    )
    timeline = timeline_field(of_organization=True)


OrganizationOrder = order_input("Organization", organization.ORDERING)


@strawberry.input(description="Conditions on organisations; lists mean any of.")
class OrganizationFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of a name, English name or alias."
    )
    kind: list[OrganizationKind] | None = None  # type: ignore[valid-type]
    country: list[str] | None = None
    region: list[str] | None = None
    parent: list[relay.GlobalID] | None = None
    is_global500: bool | None = None
    is_state_owned: bool | None = None
    in_list: relay.GlobalID | None = strawberry.field(
        default=None, description="On this list (one you may see: yours or shared with you)."
    )
    and_: list[OrganizationFilter] | None = strawberry.field(default=None, name="and")
    or_: list[OrganizationFilter] | None = strawberry.field(default=None, name="or")
    not_: OrganizationFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateOrganizationInput:
    name: str
    kind: OrganizationKind  # type: ignore[valid-type]
    name_en: str | None = None
    aliases: list[str] | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    parent: relay.GlobalID | None = None
    is_global500: bool | None = None
    is_state_owned: bool | None = None
    founded_on: date | None = None
    fund_target_amount: Decimal | None = None
    fund_committed_amount: Decimal | None = None
    currency: str | None = None
    website: str | None = None
    description: str | None = None


UpdateOrganizationInput = update_input("UpdateOrganizationInput", CreateOrganizationInput)


@strawberry.type
class OrganizationQuery:
    organizations = connection(
        "Organization",
        organization.ORGANIZATIONS,
        description="Organisations, filtered and ordered, a page at a time.",
        arguments={"filter": OrganizationFilter},
    )


OrganizationMutation = record_mutations(
    Organization,
    Write("create", CreateOrganizationInput, organization.create_organization),
    Write("update", UpdateOrganizationInput, organization.update_organization),
)
