"""importRecords (small CSV or XLSX files sent as base64 in a JSON body) and the fields an
import can fill."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable
from enum import Enum
from typing import Any

import strawberry

from crm.resolvers.idempotency import idempotent
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import plain
from crm.schema.mutation import IdempotencyKeyArgument, attempt
from crm.transfer import upload
from crm.transfer.importer import ImportReport
from crm.transfer.mapping import FIELDS

#: the most rejected rows a payload lists (`rejectsCsv` has them all)
MAX_LISTED_REJECTS = 500


@strawberry.enum(description="What the rows of an imported file are.")
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


@strawberry.enum(description="What a row that matches an existing record does.")
class DuplicatePolicy(Enum):
    SKIP = "skip"
    UPDATE = "update"
    CREATE = "create"


@strawberry.input(description="Which field a column of the file fills.")
class ImportColumnInput:
    column: str = strawberry.field(description="The header as written in the file.")
    field: str | None = strawberry.field(
        default=None, description="A field of `importFields`; null ignores the column."
    )


@strawberry.input
class ImportRecordsInput:
    entity: ImportEntity
    filename: str = strawberry.field(
        description="The file's name: .xlsx (and .xls, .ods) is read as a spreadsheet, "
        "anything else as CSV in any encoding (UTF-8, GB18030, Big5)."
    )
    content: str = strawberry.field(
        description="The file in base64, within the request body cap (`crm import` takes "
        "files of any size)."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Report what would happen and change nothing."
    )
    on_duplicate: DuplicatePolicy = DuplicatePolicy.SKIP
    mapping: list[ImportColumnInput] | None = strawberry.field(
        default=None,
        description="Columns whose headers are not recognised (Chinese and English headers "
        "such as 姓名, 英文名, 单位, 邮箱 are).",
    )


@strawberry.type
class ImportedColumn:
    column: str
    field: str


@strawberry.type(description="A row that was not imported, and why.")
class RejectedRow:
    row: int = strawberry.field(description="The row of the file, the header being row 1.")
    reason: str
    cells: list[str]


@strawberry.type(description="What an import did, or for a dry run would do.")
class ImportResult:
    entity: str
    encoding: str
    dry_run: bool
    rows: int
    created: int
    updated: int
    skipped: int
    rejected_count: int
    rejected: list[RejectedRow] = strawberry.field(
        description=f"The first {MAX_LISTED_REJECTS} rejected rows."
    )
    columns: list[ImportedColumn]
    ignored_columns: list[str]
    rejects_csv: str = strawberry.field(
        description="Every rejected row: the file's columns, `row` and `reason`."
    )

    @classmethod
    def from_report(cls, report: ImportReport) -> ImportResult:
        return cls(
            entity=report.entity,
            encoding=report.encoding,
            dry_run=report.dry_run,
            rows=report.rows,
            created=report.created,
            updated=report.updated,
            skipped=report.skipped,
            rejected_count=len(report.rejected),
            rejected=[
                RejectedRow(row=r.row, reason=r.reason, cells=r.cells)
                for r in report.rejected[:MAX_LISTED_REJECTS]
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


@strawberry.type
class ImportRecordsPayload:
    result: ImportResult | None
    errors: list[UserError]


@strawberry.type(description="A field an import can fill and the headers it recognises.")
class ImportField:
    name: str
    headers: list[str]


@strawberry.type
class TransferQuery:
    @strawberry.field(description="The fields of an entity an import can fill.")
    def import_fields(self, entity: ImportEntity) -> list[ImportField]:
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
        input: ImportRecordsInput,
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
