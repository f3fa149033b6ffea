"""mergePeople and mergeOrganizations: inputs, the merge summary and payloads."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import merge as resolver
from crm.resolvers.duplicates import duplicate_candidates
from crm.resolvers.ids import keys_of
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import INPUT_ARGUMENT, plain
from crm.schema.mutation import attempt
from crm.schema.node import reference
from crm.schema.organization import Organization
from crm.schema.person import Person


@strawberry.input(description="A record and the version the client last read of it.")
class MergeTargetInput:
    id: relay.GlobalID
    expected_version: int


@strawberry.input
class MergePeopleInput:
    survivor: MergeTargetInput = strawberry.field(description="The person who remains.")
    absorbed: list[MergeTargetInput] = strawberry.field(
        description="People folded into the survivor and deleted (1–20)."
    )
    preview: bool = strawberry.field(
        default=False, description="Report what the merge would do and change nothing."
    )


@strawberry.input
class MergeOrganizationsInput:
    survivor: MergeTargetInput = strawberry.field(description="The organisation that remains.")
    absorbed: list[MergeTargetInput] = strawberry.field(
        description="Organisations folded into the survivor and deleted (1–20)."
    )
    preview: bool = strawberry.field(
        default=False, description="Report what the merge would do and change nothing."
    )


@strawberry.type(description="What happened to one type of link of the absorbed records.")
class MergeLinkCount:
    link: str = strawberry.field(description="affiliation, relationship, attendance, …")
    moved: int = strawberry.field(description="Moved over to the survivor.")
    merged: int = strawberry.field(
        description="The survivor had the same link: facts folded into it, the copy deleted."
    )
    dropped: int = strawberry.field(
        description="Deleted: links between the merged records, metrics of absorbed ones."
    )


@strawberry.type(description="A field both records fill differently; the survivor's is kept.")
class MergeConflict:
    field: str
    kept: str
    absorbed: str


@strawberry.type(description="What a merge did, or for a preview would do.")
class MergeSummary:
    preview: bool
    absorbed_ids: list[relay.GlobalID] = strawberry.field(
        description="These IDs now resolve to the survivor (after a merge, not a preview)."
    )
    links: list[MergeLinkCount]
    filled_fields: list[str] = strawberry.field(
        description="Survivor fields filled (or lists extended) from the absorbed records."
    )
    conflicts: list[MergeConflict]

    @classmethod
    def from_outcome(cls, outcome: resolver.MergeOutcome, type_name: str) -> MergeSummary:
        return cls(
            preview=outcome.preview,
            absorbed_ids=[relay.GlobalID(type_name, str(k)) for k in outcome.absorbed_ids],
            links=[
                MergeLinkCount(link=link, moved=m.moved, merged=m.merged, dropped=m.dropped)
                for link, m in sorted(outcome.links.items())
            ],
            filled_fields=list(dict.fromkeys(outcome.filled)),
            conflicts=[
                MergeConflict(field=c.field, kept=c.kept, absorbed=c.absorbed)
                for c in outcome.conflicts
            ],
        )


@strawberry.type
class MergePeoplePayload:
    person: Person | None = strawberry.field(
        description="The survivor after the merge (for a preview: as it would be)."
    )
    summary: MergeSummary | None
    errors: list[UserError]


@strawberry.type
class MergeOrganizationsPayload:
    organization: Organization | None = strawberry.field(
        description="The survivor after the merge (for a preview: as it would be)."
    )
    summary: MergeSummary | None
    errors: list[UserError]


@strawberry.type
class MergeMutation:
    @strawberry.mutation(
        description="Fold duplicate people into one: every link moves to the survivor and the "
        "absorbed IDs resolve to it. With `preview: true` nothing changes."
    )
    async def merge_people(
        self, info: Info, input: Annotated[MergePeopleInput, INPUT_ARGUMENT]
    ) -> MergePeoplePayload:
        outcome, errors = await attempt(resolver.merge(info.context, "person", plain(input)))
        if outcome is None:
            return MergePeoplePayload(person=None, summary=None, errors=errors)
        return MergePeoplePayload(
            person=Person.from_row(outcome.record),
            summary=MergeSummary.from_outcome(outcome, "Person"),
            errors=errors,
        )

    @strawberry.mutation(
        description="Fold duplicate organisations into one: every link, position, event and "
        "child organisation moves to the survivor; absorbed names become its aliases."
    )
    async def merge_organizations(
        self, info: Info, input: Annotated[MergeOrganizationsInput, INPUT_ARGUMENT]
    ) -> MergeOrganizationsPayload:
        outcome, errors = await attempt(resolver.merge(info.context, "organization", plain(input)))
        if outcome is None:
            return MergeOrganizationsPayload(organization=None, summary=None, errors=errors)
        return MergeOrganizationsPayload(
            organization=Organization.from_row(outcome.record),
            summary=MergeSummary.from_outcome(outcome, "Organization"),
            errors=errors,
        )


@strawberry.type(description="Two person records that are probably one person.")
class DuplicateCandidate:
    score: float = strawberry.field(
        description="0..1; 0.75 and above counts as the same person (docs/benchmarks.md)."
    )
    reasons: list[str] = strawberry.field(
        description="Why, in words: surnames, given names, birth years, contacts, organisations."
    )
    person_id: strawberry.Private[int]
    other_id: strawberry.Private[int]

    person = reference(
        "Person", "person_id", description="One record (with `person:`, that person)."
    )
    other = reference("Person", "other_id", description="The other record.")


@strawberry.type
class DuplicatesQuery:
    @strawberry.field(
        description="Pairs of people that are probably the same person, likeliest first, "
        "each with its reasons; `person` limits them to one person's."
    )
    async def duplicate_candidates(
        self,
        info: Info,
        first: int | None = None,
        min_score: float | None = None,
        person: relay.GlobalID | None = None,
    ) -> list[DuplicateCandidate]:
        person_id = keys_of("person", [plain(person)], "Person")[0] if person else None
        found = await duplicate_candidates(
            info.context, first=first, min_score=min_score, person_id=person_id
        )
        return [
            DuplicateCandidate(
                score=c.score, reasons=c.reasons, person_id=c.person_id, other_id=c.other_id
            )
            for c in found
        ]
