"""What an import did: its counts, its rejected rows with their reasons, and its failure."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "POLICIES",
    "CannotImportError",
    "ImportFailedError",
    "ImportReport",
    "Policy",
    "Rejected",
]

#: what a row matching an existing record does
Policy = Literal["skip", "update", "create"]
POLICIES: tuple[Policy, ...] = ("skip", "update", "create")


class CannotImportError(Exception):
    """The file cannot be imported at all (a needed column is missing, a bad option)."""


@dataclass
class Rejected:
    #: the row's line (CSV) or sheet row (XLSX), the header being row 1
    row: int
    cells: list[str]
    reason: str


@dataclass
class ImportReport:
    entity: str
    encoding: str
    headers: list[str]
    #: header → field for the columns used
    columns: dict[str, str]
    unknown_columns: list[str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    dry_run: bool = False
    #: the row this run started at, numbered as a spreadsheet shows it (the header is
    #: row 1, the first data row 2): the numbering of `Rejected.row` and `--start-row`
    start: int = 2
    #: data rows of this run whose batch committed (all of them after a full success)
    committed: int = 0
    #: the row a rerun starts at to finish the import (`--start-row`); None when finished
    resume_at: int | None = None
    #: why the import stopped before its end; None when it finished
    failure: str | None = None

    def rejects_csv(self) -> str:
        """The rejected rows with their original columns, their row and the reason."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*self.headers, "row", "reason"])
        width = len(self.headers)
        for r in self.rejected:
            writer.writerow([*(r.cells + [""] * width)[:width], r.row, r.reason])
        return out.getvalue()


class ImportFailedError(Exception):
    """An unexpected failure: the failed batch (or the whole import) changed nothing."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(report.failure)
        self.report = report
