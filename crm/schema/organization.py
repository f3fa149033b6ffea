"""Organization: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import affiliation, agreement_party, organization, participation, position
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import OrganizationKind
from crm.schema.inputs import described, filter_input, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference
from crm.schema.timeline import timeline_field


@strawberry.type(
    description="An association, federation, employer, university, agency, fund or park."
)
class Organization(RowNode, Versioned):
    model = models.Organization

    name: str = described("The name as the organisation writes it.")
    name_en: str | None = described("The English name, if there is one.")
    aliases: list[str] = described("Other names and abbreviations.")
    kind: OrganizationKind = described("What sort of body it is.")  # type: ignore[valid-type]
    country: str | None = described("ISO 3166-1 alpha-2 code of the country it is based in.")
    region: str | None = described("The region (province, area) it is counted under in reports.")
    city: str | None = described("The city it is based in.")
    is_global500: bool = described("On the Fortune Global 500 list.")
    is_state_owned: bool = described("A state-owned enterprise.")
    founded_on: date | None = described("When it was founded, if known.")
    fund_target_amount: Decimal | None = described("For funds.")
    fund_committed_amount: Decimal | None = described("For funds.")
    currency: str = described("ISO 4217 code of the fund amounts, e.g. CNY (the default).")
    website: str | None = described("Its web address.")
    description: str | None = described("Free text: what it does, why it matters to us.")
    parent_id: strawberry.Private[int | None]

    parent = reference(
        "Organization", "parent_id", description="The organisation this one belongs to."
    )
    sub_organizations = connection(organization.SUB_ORGANIZATIONS, "Branches and chapters.")
    members = connection(affiliation.OF_ORGANIZATION, "People affiliated with the organisation.")
    positions = connection(position.OF_ORGANIZATION, "The organisation's job demands.")
    agreements = connection(
        agreement_party.OF_ORGANIZATION,
        "The organisation's part in agreements (one per agreement).",
    )
    projects = connection(
        participation.OF_ORGANIZATION, "Projects the organisation takes part in, with its roles."
    )
    timeline = timeline_field(of_organization=True)


OrganizationOrder = order_input("Organization", organization.ORDERING)


@filter_input("Conditions on organisations; lists mean any of.")
class OrganizationFilter:
    name_contains: str | None = optional("Case-insensitive part of a name, English name or alias.")
    kind: list[OrganizationKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    country: list[str] | None = optional("In any of these countries (ISO 3166-1 alpha-2 codes).")
    region: list[str] | None = optional("In any of these regions (exact names).")
    parent: list[relay.GlobalID] | None = optional("A direct branch of any of these organisations.")
    is_global500: bool | None = optional("On the Fortune Global 500 list (true) or not (false).")
    is_state_owned: bool | None = optional("State-owned (true) or not (false).")
    in_list: relay.GlobalID | None = optional(
        "On this list (one you may see: yours or shared with you)."
    )


@strawberry.input(
    description="A new organisation; a branch names the organisation it belongs to as `parent`."
)
class CreateOrganizationInput:
    name: str = described("The name as the organisation writes it, at most 300 characters.")
    kind: OrganizationKind = described("What sort of body it is.")  # type: ignore[valid-type]
    name_en: str | None = optional("The English name, at most 300 characters.")
    aliases: list[str] | None = optional(
        "Other names and abbreviations (中科院, CAS); search finds them."
    )
    country: str | None = optional("ISO 3166-1 alpha-2 code, e.g. SG.")
    region: str | None = optional(
        "The region it is counted under in reports, at most 100 characters."
    )
    city: str | None = optional("The city, at most 100 characters.")
    parent: relay.GlobalID | None = optional(
        "The ID of the organisation this one belongs to (not itself)."
    )
    is_global500: bool | None = optional("On the Fortune Global 500 list; false when left out.")
    is_state_owned: bool | None = optional("A state-owned enterprise; false when left out.")
    founded_on: date | None = optional("When it was founded.")
    fund_target_amount: Decimal | None = optional(
        "Only for kind FUND: the size it aims at, in major units of `currency`; not negative."
    )
    fund_committed_amount: Decimal | None = optional(
        "Only for kind FUND: the amount committed so far, in major units of "
        "`currency`; not negative."
    )
    currency: str | None = optional("ISO 4217 code of the fund amounts; CNY by default.")
    website: str | None = optional("Its web address, at most 300 characters.")
    description: str | None = optional("Free text, at most 10,000 characters.")


OrganizationQuery = list_query(
    Organization,
    "organizations",
    organization.ORGANIZATIONS,
    OrganizationFilter,
    "Organisations, filtered and ordered, a page at a time.",
)
OrganizationMutation = record_mutations(
    Organization,
    *edits(
        CreateOrganizationInput,
        organization.create_organization,
        organization.update_organization,
    ),
)
