"""importRecords (small CSV or XLSX files sent as base64 in a JSON body) and the fields an
import can fill."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from enum import Enum
from typing import Annotated, Any

import strawberry

from crm.resolvers.idempotency import idempotent
from crm.schema.enums import described_enum
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import INPUT_ARGUMENT, described, optional, plain
from crm.schema.mutation import ERRORS, IdempotencyKeyArgument, attempt
from crm.schema.values import from_attributes
from crm.transfer import upload
from crm.transfer.importer import ImportReport
from crm.transfer.mapping import FIELDS

#: the most rejected rows a payload lists (`rejectsCsv` has them all)
MAX_LISTED_REJECTS = 500


class ImportEntity(Enum):
    PERSON = "person"
    ORGANIZATION = "organization"
    EVENT = "event"
    PROJECT = "project"
    POSITION = "position"
    AGREEMENT = "agreement"
    AFFILIATION = "affiliation"
    RELATIONSHIP = "relationship"
    ATTENDANCE = "attendance"
    PARTICIPATION = "participation"
    AGREEMENT_PARTY = "agreement_party"
    APPLICATION = "application"
    INTERACTION = "interaction"
    INTRODUCTION = "introduction"


described_enum(
    ImportEntity,
    "What the rows of an imported file are.",
    {
        "PERSON": "People.",
        "ORGANIZATION": "Organisations.",
        "EVENT": "Events.",
        "PROJECT": "Projects.",
        "POSITION": "Job demands (positions).",
        "AGREEMENT": "Agreements.",
        "AFFILIATION": "Affiliations of people with organisations, both named in the row.",
        "RELATIONSHIP": "Ties between two people named in the row.",
        "ATTENDANCE": "People at events, both named in the row.",
        "PARTICIPATION": "People or organisations in projects, named in the row.",
        "AGREEMENT_PARTY": "Parties to agreements, named in the row.",
        "APPLICATION": "Applications of people for positions, named in the row.",
        "INTERACTION": "Meetings, calls, messages and notes.",
        "INTRODUCTION": "Introduction requests, seeker and target named in the row.",
    },
)


class DuplicatePolicy(Enum):
    SKIP = "skip"
    UPDATE = "update"
    CREATE = "create"


described_enum(
    DuplicatePolicy,
    "What a row that matches an existing record does.",
    {
        "SKIP": "Leave the existing record as it is.",
        "UPDATE": "Write the row's non-empty cells into the existing record.",
        "CREATE": "Create another record anyway (rejected for records that must be unique, "
        "such as a person at an event).",
    },
)


@strawberry.input(description="Which field a column of the file fills.")
class ImportColumnInput:
    column: str = described("The header as written in the file.")
    field: str | None = optional("A field of `importFields`; null ignores the column.")


@strawberry.input(description="A file to import and how.")
class ImportRecordsInput:
    entity: ImportEntity = described("What the rows are.")
    filename: str = described(
        "The file's name: .xlsx (and .xls, .ods) is read as a spreadsheet, "
        "anything else as CSV in any encoding (UTF-8, GB18030, Big5)."
    )
    content: str = described(
        "The file in base64, within the request body cap (`crm import` takes files of any size)."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Report what would happen and change nothing."
    )
    on_duplicate: DuplicatePolicy = strawberry.field(
        default=DuplicatePolicy.SKIP, description="What a row matching an existing record does."
    )
    mapping: list[ImportColumnInput] | None = optional(
        "Columns whose headers are not recognised (Chinese and English headers "
        "such as 姓名, 英文名, 单位, 邮箱 are)."
    )


@strawberry.type(description="A column of the file and the field it filled.")
class ImportedColumn:
    column: str = described("The header as written in the file.")
    field: str = described("The field it filled (see `importFields`).")


@strawberry.type(description="A row that was not imported, and why.")
class RejectedRow:
    row: int = described("The row of the file, the header being row 1.")
    reason: str = described("Why, in words (a bad value, an unknown name, an ambiguous duplicate).")
    cells: list[str] = described("The row's cells as read.")


@strawberry.type(description="What an import did, or for a dry run would do.")
class ImportResult:
    entity: str = described("What the rows were (person, organization, …).")
    encoding: str = described("The encoding the file was read in (utf-8, gb18030, xlsx, …).")
    dry_run: bool = described("True when nothing was written.")
    rows: int = described("Data rows read (the header not counted).")
    created: int = described("Records created.")
    updated: int = described("Existing records updated (onDuplicate UPDATE).")
    skipped: int = described("Rows matching an existing record and left alone (onDuplicate SKIP).")
    rejected_count: int = described("Rows not imported; see `rejected`.")
    rejected: list[RejectedRow] = described(f"The first {MAX_LISTED_REJECTS} rejected rows.")
    columns: list[ImportedColumn] = described("The columns used, with the field each filled.")
    ignored_columns: list[str] = described("Headers that matched no field and were not mapped.")
    rejects_csv: str = described("Every rejected row: the file's columns, `row` and `reason`.")

    @classmethod
    def from_report(cls, report: ImportReport) -> ImportResult:
        return from_attributes(
            cls,
            report,
            rejected_count=len(report.rejected),
            rejected=[
                from_attributes(RejectedRow, r) for r in report.rejected[:MAX_LISTED_REJECTS]
            ],
            columns=[ImportedColumn(column=c, field=f) for c, f in report.columns.items()],
            ignored_columns=report.unknown_columns,
            rejects_csv=report.rejects_csv(),
        )

    @classmethod
    def from_dict(cls, kept: dict[str, Any]) -> ImportResult:
        """The result as an idempotency key keeps it (`dataclasses.asdict`)."""
        rejected = [RejectedRow(**r) for r in kept["rejected"]]
        columns = [ImportedColumn(**c) for c in kept["columns"]]
        return cls(**{**kept, "rejected": rejected, "columns": columns})


def _kept(result: ImportResult) -> dict[str, Any]:
    return dataclasses.asdict(result)


@strawberry.type(
    description="What the import did, or `errors` when the file could not be read at all."
)
class ImportRecordsPayload:
    result: ImportResult | None = described("The counts and the rejected rows.")
    errors: list[UserError] = described(ERRORS)


@strawberry.type(description="A field an import can fill and the headers it recognises.")
class ImportField:
    name: str = described("The field's name, e.g. name_latin.")
    headers: list[str] = described("Column headers recognised for it, e.g. 英文名, English name.")


@strawberry.type
class TransferQuery:
    @strawberry.field(description="The fields of an entity an import can fill.")
    def import_fields(
        self,
        entity: Annotated[ImportEntity, strawberry.argument(description="What the rows are.")],
    ) -> list[ImportField]:
        return [
            ImportField(name=name, headers=list(headers))
            for name, headers in FIELDS[entity.value].items()
        ]


@strawberry.type
class TransferMutation:
    @strawberry.mutation(
        description="Import the rows of a small CSV or XLSX file as records, as `crm import` "
        "does: validated like the create mutations, duplicates found by natural keys, links "
        "resolved by name, all rows or none; rejected rows come back with their reasons."
    )
    async def import_records(
        self,
        info: Info,
        input: Annotated[ImportRecordsInput, INPUT_ARGUMENT],
        idempotency_key: IdempotencyKeyArgument = None,
    ) -> ImportRecordsPayload:
        async def run() -> ImportResult:
            report = await upload.import_records(
                info.context,
                entity=input.entity.value,
                filename=input.filename,
                content=input.content,
                dry_run=input.dry_run,
                on_duplicate=input.on_duplicate.value,
                mapping=[(c.column, c.field) for c in input.mapping or []],
            )
            return ImportResult.from_report(report)

        async def replay(kept: dict[str, Any]) -> ImportResult:
            return ImportResult.from_dict(kept)

        once: Awaitable[ImportResult] = idempotent(
            info.context,
            idempotency_key,
            "importRecords",
            plain(input),
            run,
            remember=_kept,
            replay=replay,
        )
        result, errors = await attempt(once)
        return ImportRecordsPayload(result=result, errors=errors)
