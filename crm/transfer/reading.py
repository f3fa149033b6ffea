"""Reads a table file (CSV in any of the encodings Chinese offices use, or XLSX) into text cells.

CSV bytes are decoded as UTF-8 (with or without a byte-order mark) when they are valid
UTF-8, and otherwise by charset-normalizer's guess, widened to the superset codec a
spreadsheet really writes: GB2312/GBK → GB18030, Big5 → Big5-HKSCS. Spreadsheets
(XLSX, XLS, ODS) are read with python-calamine: the first sheet, numbers that are whole
written without ".0", dates as ISO 8601.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import PurePath
from typing import Any

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
_DELIMITERS = ",\t;|"
#: codecs that decode everything their detected relative wrote, and more
_WIDER = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "big5hkscs": "big5hkscs",
}


class UnreadableFileError(ValueError):
    """The file is not a table we can read (unknown encoding, broken spreadsheet, no header)."""


@dataclass
class Table:
    """The header and the data rows of a file, every cell as stripped text ("" when empty)."""

    headers: list[str]
    rows: list[list[str]]
    #: the CSV encoding used, or "xlsx" and friends for spreadsheets
    encoding: str
    #: the line (CSV) or sheet row (spreadsheet) of each data row, 1-based with the header at 1
    row_numbers: list[int] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was read with."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=None).best()
    guessed = best.encoding if best is not None else None
    candidates = [_WIDER.get(guessed or "", guessed), "gb18030", "big5hkscs"]
    for encoding in dict.fromkeys(c for c in candidates if c):
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableFileError("cannot tell the file's text encoding: save it as UTF-8 CSV or XLSX")


def read_table(data: bytes, filename: str) -> Table:
    """The table in `data`; the file name's suffix tells a spreadsheet from CSV."""
    if PurePath(filename).suffix.lower() in SPREADSHEET_SUFFIXES:
        return _read_spreadsheet(data, PurePath(filename).suffix.lower().lstrip("."))
    text, encoding = decode(data)
    return _read_csv(text, encoding)


def _read_csv(text: str, encoding: str) -> Table:
    sample = text[:20_000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _table([(reader.line_num, row) for row in reader], encoding)


def _read_spreadsheet(data: bytes, kind: str) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types per format
        raise UnreadableFileError(f"cannot read the spreadsheet: {exc}") from exc
    return _table([(n, [_cell(v) for v in row]) for n, row in enumerate(rows, 1)], kind)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _table(numbered: list[tuple[int, list[str]]], encoding: str) -> Table:
    cleaned = [(n, [c.strip() for c in row]) for n, row in numbered]
    nonblank = [(n, row) for n, row in cleaned if any(row)]
    if not nonblank:
        raise UnreadableFileError("the file is empty: the first row must name the columns")
    (_, headers), data = nonblank[0], nonblank[1:]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise UnreadableFileError("the first row must name the columns")
    width = len(headers)
    rows = [(row + [""] * width)[: max(width, len(row))] for _, row in data]
    return Table(headers, rows, encoding, [n for n, _ in data])
