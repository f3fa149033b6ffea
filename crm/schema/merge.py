"""mergePeople and mergeOrganizations: inputs, the merge summary and payloads."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from crm.resolvers import duplicates
from crm.resolvers import merge as resolver
from crm.resolvers.ids import keys_of
from crm.resolvers.merge import MAX_ABSORBED
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import EXPECTED_VERSION, INPUT_ARGUMENT, described, plain
from crm.schema.mutation import ERRORS, attempt
from crm.schema.node import RowNode, reference
from crm.schema.organization import Organization
from crm.schema.person import Person


@strawberry.input(description="A record and the version the client last read of it.")
class MergeTargetInput:
    id: relay.GlobalID = described("The record's ID.")
    expected_version: int = described(EXPECTED_VERSION)


def _merge_input(name: str, noun: str, nouns: str) -> type:
    """`Merge<Nouns>Input { survivor, absorbed, preview }`."""
    namespace = {
        "__annotations__": {
            "survivor": MergeTargetInput,
            "absorbed": list[MergeTargetInput],
            "preview": bool,
        },
        "survivor": described(f"The {noun} that remains."),
        "absorbed": described(f"{nouns} folded into the survivor and deleted (1–{MAX_ABSORBED})."),
        "preview": strawberry.field(
            default=False, description="Report what the merge would do and change nothing."
        ),
    }
    description = f"Duplicate {nouns.lower()} to fold into one, and whether only to preview it."
    return strawberry.input(type(name, (), namespace), description=description)


MergePeopleInput = _merge_input("MergePeopleInput", "person", "People")
MergeOrganizationsInput = _merge_input("MergeOrganizationsInput", "organisation", "Organisations")


@strawberry.type(description="What happened to one type of link of the absorbed records.")
class MergeLinkCount:
    link: str = described("affiliation, relationship, attendance, …")
    moved: int = described("Moved over to the survivor.")
    merged: int = described(
        "The survivor had the same link: facts folded into it, the copy deleted."
    )
    dropped: int = described("Deleted: links between the merged records, metrics of absorbed ones.")


@strawberry.type(description="A field both records fill differently; the survivor's is kept.")
class MergeConflict:
    field: str = described("The field, e.g. birthYear.")
    kept: str = described("The survivor's value, which stays.")
    absorbed: str = described("The absorbed record's value, which is dropped.")


@strawberry.type(description="What a merge did, or for a preview would do.")
class MergeSummary:
    preview: bool = described("True when nothing was changed.")
    absorbed_ids: list[relay.GlobalID] = described(
        "These IDs now resolve to the survivor (after a merge, not a preview)."
    )
    links: list[MergeLinkCount] = described("Per kind of link: moved, merged or dropped.")
    filled_fields: list[str] = described(
        "Survivor fields filled (or lists extended) from the absorbed records."
    )
    conflicts: list[MergeConflict] = described("Fields both records fill differently.")

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


def _merge_payload(name: str, node: type[RowNode]) -> type:
    """`Merge<Nouns>Payload { <node>, summary, errors }`."""
    field = node.__name__.lower()
    namespace = {
        "__annotations__": {
            field: node | None,
            "summary": MergeSummary | None,
            "errors": list[UserError],
        },
        field: described("The survivor after the merge (for a preview: as it would be)."),
        "summary": described("What the merge did or would do."),
        "errors": described(ERRORS),
    }
    description = "The outcome of a merge: the survivor and a summary, or `errors`."
    return strawberry.type(type(name, (), namespace), description=description)


def _merge_field(
    entity: str, node: type[RowNode], input_type: type, payload: type, description: str
) -> Any:
    """The mutation merging records of `node`, with its `Merge…Input`."""
    field = node.__name__.lower()

    async def merge(info: Info, input: Any) -> Any:
        outcome, errors = await attempt(resolver.merge(info.context, entity, plain(input)))
        return payload(
            **{
                field: node.from_row(outcome.record) if outcome else None,
                "summary": MergeSummary.from_outcome(outcome, node.__name__) if outcome else None,
                "errors": errors,
            }
        )

    merge.__annotations__.update(
        {"input": Annotated[input_type, INPUT_ARGUMENT], "return": payload}
    )
    return strawberry.mutation(resolver=merge, description=description)


MergePeoplePayload = _merge_payload("MergePeoplePayload", Person)
MergeOrganizationsPayload = _merge_payload("MergeOrganizationsPayload", Organization)


@strawberry.type
class MergeMutation:
    merge_people = _merge_field(
        "person",
        Person,
        MergePeopleInput,
        MergePeoplePayload,
        "Fold duplicate people into one: every link moves to the survivor and the absorbed "
        "IDs resolve to it. With `preview: true` nothing changes.",
    )
    merge_organizations = _merge_field(
        "organization",
        Organization,
        MergeOrganizationsInput,
        MergeOrganizationsPayload,
        "Fold duplicate organisations into one: every link, position, event and child "
        "organisation moves to the survivor; absorbed names become its aliases.",
    )


@strawberry.type(description="Two person records that are probably one person.")
class DuplicateCandidate:
    score: float = described("0..1; 0.75 and above counts as the same person (docs/benchmarks.md).")
    reasons: list[str] = described(
        "Why, in words: surnames, given names, birth years, contacts, organisations."
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
        first: Annotated[
            int | None,
            strawberry.argument(
                description=f"How many pairs, 1 to the server's page maximum; "
                f"{duplicates.DEFAULT_FIRST} when left out."
            ),
        ] = None,
        min_score: Annotated[
            float | None,
            strawberry.argument(
                description=f"The lowest score listed, 0 to 1; {duplicates.DEFAULT_THRESHOLD} "
                "when left out."
            ),
        ] = None,
        person: Annotated[
            relay.GlobalID | None,
            strawberry.argument(description="Only the pairs this person is in."),
        ] = None,
    ) -> list[DuplicateCandidate]:
        person_id = keys_of("person", [plain(person)], "Person")[0] if person else None
        found = await duplicates.duplicate_candidates(
            info.context, first=first, min_score=min_score, person_id=person_id
        )
        return [
            DuplicateCandidate(
                score=c.score, reasons=c.reasons, person_id=c.person_id, other_id=c.other_id
            )
            for c in found
        ]
