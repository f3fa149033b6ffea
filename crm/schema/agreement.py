"""Agreement: the node, its filters and order, and its mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from crm.db import models
from crm.resolvers import agreement, agreement_party
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import AgreementKind, AgreementStatus
from crm.schema.inputs import described, filter_input, optional
from crm.schema.mutation import edits, record_mutations
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(description="A cooperation, employment, investment or mechanism agreement.")
class Agreement(RowNode, Versioned):
    model = models.Agreement

    title: str = described("What the agreement is called, e.g. the project and the parties.")
    kind: AgreementKind = described("What the agreement is about.")  # type: ignore[valid-type]
    status: AgreementStatus = described("Intention, signed or ended.")  # type: ignore[valid-type]
    amount: Decimal | None = described("In major units of `currency`.")
    currency: str = described("ISO 4217 code of `amount`, e.g. CNY (the default) or USD.")
    signed_on: date | None = described("Set on every SIGNED agreement.")
    description: str | None = described("Free text: terms, background, follow-up.")
    event_id: strawberry.Private[int | None]
    project_id: strawberry.Private[int | None]

    event = reference(
        "Event", "event_id", description="Where the agreement was signed or announced."
    )
    project = reference(
        "Project", "project_id", description="The project the agreement belongs to."
    )
    parties = connection(
        agreement_party.OF_AGREEMENT, "The organisations and people party to the agreement."
    )


AgreementOrder = order_input("Agreement", agreement.ORDERING)


@filter_input("Conditions on agreements; lists mean any of; fields combine with AND.")
class AgreementFilter:
    title_contains: str | None = optional("Case-insensitive part of the title.")
    kind: list[AgreementKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    status: list[AgreementStatus] | None = optional("In any of these statuses.")  # type: ignore[valid-type]
    event: list[relay.GlobalID] | None = optional("At any of these events or their sessions.")
    project: list[relay.GlobalID] | None = optional("Of any of these projects.")
    signed_after: date | None = optional("Signed on or after.")
    signed_before: date | None = optional("Signed on or before.")
    min_amount: Decimal | None = optional("At least (inclusive).")
    max_amount: Decimal | None = optional("At most (inclusive).")
    party: list[relay.GlobalID] | None = optional(
        "Any of these organisations or people is a party."
    )


@strawberry.input(description="A new agreement; add its parties with `createAgreementParty`.")
class CreateAgreementInput:
    title: str = described("What the agreement is called, at most 300 characters.")
    kind: AgreementKind = described("What the agreement is about.")  # type: ignore[valid-type]
    status: AgreementStatus = strawberry.field(  # type: ignore[valid-type]
        default=AgreementStatus.INTENTION, description="Intention, signed or ended."
    )
    amount: Decimal | None = optional("The amount in major units of `currency`; not negative.")
    currency: str | None = optional("ISO 4217 code of `amount`; CNY when not given.")
    signed_on: date | None = optional("Required when SIGNED.")
    event: relay.GlobalID | None = optional("The ID of the event where it was signed or announced.")
    project: relay.GlobalID | None = optional("The ID of the project it belongs to.")
    description: str | None = optional("Free text: terms, background, follow-up.")


AgreementQuery = list_query(Agreement, "agreements", agreement.AGREEMENTS, AgreementFilter)
AgreementMutation = record_mutations(
    Agreement,
    *edits(
        CreateAgreementInput,
        agreement.create_agreement,
        agreement.update_agreement,
        descriptions={"status": "Intention, signed or ended.", "currency": "ISO 4217 code."},
    ),
)
