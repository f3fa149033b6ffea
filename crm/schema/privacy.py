"""Personal-data rights: consent records, exportPersonData and erasePerson."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from crm.db import models
from crm.resolvers import privacy
from crm.schema.enums import ConsentChannel, ConsentPurpose
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import EXPECTED_VERSION, INPUT_ARGUMENT, described, optional, plain
from crm.schema.mutation import ERRORS, attempt, payload_type
from crm.schema.node import RowNode, Versioned, reference


@strawberry.type(
    description="A person's consent to one purpose of processing: how and when it was "
    "given, under which notice, and when it was withdrawn."
)
class Consent(RowNode, Versioned):
    model = models.Consent

    purpose: ConsentPurpose = described("What the person consented to.")  # type: ignore[valid-type]
    channel: ConsentChannel = described("How the consent was given.")  # type: ignore[valid-type]
    notice_version: str = described("The privacy notice the person saw.")
    given_at: datetime = described("When it was given (UTC).")
    withdrawn_at: datetime | None = described("When it was withdrawn (UTC); null while it stands.")
    person_id: strawberry.Private[int]
    recorded_by_id: strawberry.Private[int | None]

    @strawberry.field(description="Given and not withdrawn.")
    def active(self) -> bool:
        return self.withdrawn_at is None

    person = reference(
        "Person", "person_id", required=True, description="The person who consented."
    )
    recorded_by = reference("User", "recorded_by_id", description="The staff user who recorded it.")


@strawberry.input(description="A consent a person gave to one purpose.")
class RecordConsentInput:
    person: relay.GlobalID = described("The ID of the person.")
    purpose: ConsentPurpose = described("What the person consents to.")  # type: ignore[valid-type]
    channel: ConsentChannel = described("How the consent was given.")  # type: ignore[valid-type]
    notice_version: str = described("The privacy notice shown, e.g. 2026-01.")
    given_at: datetime | None = optional("With a time zone; now if left out.")


@strawberry.input(
    description="Withdrawing consent to PROCESSING or NETWORK_ANALYSIS leaves the person "
    "out of the network analysis from the next revision on."
)
class WithdrawConsentInput:
    id: relay.GlobalID = described("The ID of the consent record.")
    expected_version: int = described(EXPECTED_VERSION)
    withdrawn_at: datetime | None = optional("With a time zone; now if left out.")


ConsentPayload = payload_type("ConsentPayload", Consent)


@strawberry.input(description="Administrators: erase a person at their request.")
class ErasePersonInput:
    id: relay.GlobalID = described("The ID of the person to erase.")
    reason: str = strawberry.field(
        description="Why: the request's reference (no personal data), e.g. "
        '"GDPR art. 17 request 2026-114".'
    )


@strawberry.type(description="How many rows of one table an erasure removed.")
class RemovedRows:
    table: str = described("The database table, e.g. affiliation.")
    count: int = described("How many of its rows were removed.")


@strawberry.type(description="The outcome of an erasure: what was removed, or `errors`.")
class ErasePersonPayload:
    erased_id: relay.GlobalID | None = described("The ID of the erased person; null on errors.")
    erased_at: datetime | None = described("When the erasure happened (UTC).")
    removed: list[RemovedRows] = described("Rows removed, per table.")
    errors: list[UserError] = described(ERRORS)


@strawberry.type(description="Everything held about one person (the right of access), or `errors`.")
class PersonDataExport:
    data: JSON | None = described(
        "The person's row and every row linked to them, keyed by table; "
        "other people appear by database key only."
    )
    errors: list[UserError] = described(ERRORS)


@strawberry.type
class PrivacyQuery:
    @strawberry.field(
        description="Administrators: everything held about a person, as JSON (the right "
        "of access). Each export is audited."
    )
    async def export_person_data(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="The ID of the person.")],
    ) -> PersonDataExport:
        data, errors = await attempt(privacy.export_person_data(info.context, plain(id)))
        return PersonDataExport(data=data, errors=errors)  # type: ignore[arg-type]


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(description="Record a person's consent to a purpose.")
    async def record_consent(
        self,
        info: Info,
        input: Annotated[RecordConsentInput, INPUT_ARGUMENT],
    ) -> ConsentPayload:  # type: ignore[valid-type]
        row, errors = await attempt(privacy.record_consent(info.context, plain(input)))
        return ConsentPayload(consent=Consent.from_row(row) if row else None, errors=errors)  # type: ignore[no-any-return]

    @strawberry.mutation(description="Record that a person withdrew a consent.")
    async def withdraw_consent(
        self,
        info: Info,
        input: Annotated[WithdrawConsentInput, INPUT_ARGUMENT],
    ) -> ConsentPayload:  # type: ignore[valid-type]
        row, errors = await attempt(privacy.withdraw_consent(info.context, plain(input)))
        return ConsentPayload(consent=Consent.from_row(row) if row else None, errors=errors)  # type: ignore[no-any-return]

    @strawberry.mutation(
        description="Administrators: delete a person everywhere (links, interactions only "
        "they took part in, introductions, metrics, search keys, merge records, audit "
        "details) and leave a tombstone of hashed keys, so the same person is not "
        "re-created silently."
    )
    async def erase_person(
        self, info: Info, input: Annotated[ErasePersonInput, INPUT_ARGUMENT]
    ) -> ErasePersonPayload:
        erasure = privacy.erase_person(info.context, plain(input.id), input.reason)
        outcome, errors = await attempt(erasure)
        if outcome is None:
            return ErasePersonPayload(erased_id=None, erased_at=None, removed=[], errors=errors)
        return ErasePersonPayload(
            erased_id=relay.GlobalID("Person", str(outcome.person_id)),
            erased_at=outcome.erased_at,
            removed=[RemovedRows(table=t, count=n) for t, n in outcome.removed.items()],
            errors=[],
        )
