"""Agreement: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import agreement, agreement_party
from crm.schema.connection import connection, order_input
from crm.schema.enums import AgreementKind, AgreementStatus
from crm.schema.inputs import update_input
from crm.schema.mutation import Write, record_mutations
from crm.schema.node import RowNode, reference


@strawberry.type(description="A cooperation, employment, investment or mechanism agreement.")
class Agreement(RowNode):
    model = models.Agreement

    version: int
    title: str
    kind: AgreementKind  # type: ignore[valid-type]
    status: AgreementStatus  # type: ignore[valid-type]
    amount: Decimal | None = strawberry.field(description="In major units of `currency`.")
    currency: str
    signed_on: date | None = strawberry.field(description="Set on every SIGNED agreement.")
    description: str | None
    created_at: datetime
    updated_at: datetime
    event_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int | None]

    event = reference(
        "Event", "event_id", description="Where the agreement was signed or announced."
    )
    project = reference(
        "Project", "project_id", description="The project the agreement belongs to."
    )
    parties = connection(
        "AgreementParty",
        agreement_party.OF_AGREEMENT,
        description="The organisations and people party to the agreement.",
    )


AgreementOrder = order_input("Agreement", agreement.ORDERING)


@strawberry.input(
    description="Conditions on agreements; lists mean any of; fields combine with AND."
)
class AgreementFilter:
    title_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the title."
    )
    kind: list[AgreementKind] | None = None  # type: ignore[valid-type]
    status: list[AgreementStatus] | None = None  # type: ignore[valid-type]
    event: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="At any of these events or their sessions."
    )
    project: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Of any of these projects."
    )
    signed_after: date | None = strawberry.field(default=None, description="Signed on or after.")
    signed_before: date | None = strawberry.field(default=None, description="Signed on or before.")
    min_amount: Decimal | None = strawberry.field(default=None, description="At least (inclusive).")
    max_amount: Decimal | None = strawberry.field(default=None, description="At most (inclusive).")
    party: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Any of these organisations or people is a party."
    )
    and_: list[AgreementFilter] | None = strawberry.field(default=None, name="and")
    or_: list[AgreementFilter] | None = strawberry.field(default=None, name="or")
    not_: AgreementFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateAgreementInput:
    title: str
    kind: AgreementKind  # type: ignore[valid-type]
    status: AgreementStatus = AgreementStatus.INTENTION  # type: ignore[valid-type]
    amount: Decimal | None = None
    currency: str | None = None
    signed_on: date | None = strawberry.field(default=None, description="Required when SIGNED.")
    event: relay.GlobalID | None = None
    project: relay.GlobalID | None = None
    description: str | None = None


UpdateAgreementInput = update_input("UpdateAgreementInput", CreateAgreementInput)


@strawberry.type
class AgreementQuery:
    agreements = connection(
        "Agreement",
        agreement.AGREEMENTS,
        description="Agreements, filtered and ordered, a page at a time.",
        arguments={"filter": AgreementFilter},
    )


AgreementMutation = record_mutations(
    Agreement,
    Write("create", CreateAgreementInput, agreement.create_agreement),
    Write("update", UpdateAgreementInput, agreement.update_agreement),
)
