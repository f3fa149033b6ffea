"""A generated people file with deliberate errors and duplicates, and the outcome of each row."""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field

from openpyxl import Workbook

# Simplified, traditional and English headers in one header row.
HEADERS = [
    "姓名",
    "Latin name",
    "性别",
    "birth year",
    "國家",
    "City",
    "祖籍",
    "邮箱",
    "Phone",
    "专业领域",
]
#: the same in traditional characters, for Big5 (which has no simplified ones)
TRADITIONAL = [
    "姓名",
    "Latin name",
    "性別",
    "birth year",
    "國家",
    "City",
    "祖籍",
    "郵箱",
    "Phone",
    "專業領域",
]
SURNAMES = ["陳", "黃", "林", "張", "李", "王", "吳", "劉", "蔡", "楊"]
GIVEN = ["建國", "志明", "美玲", "家豪", "淑芬", "文華", "國強", "麗華", "俊傑", "雅婷"]
COUNTRIES = ["英國", "美國", "新加坡", "馬來西亞", "United Kingdom", "UK", "CA", "澳大利亞"]


@dataclass
class People:
    rows: list[list[str]]
    #: data row index (0-based) → the start of the reason it is rejected with
    rejected: dict[int, str] = field(default_factory=dict)
    skipped: set[int] = field(default_factory=set)

    @property
    def created(self) -> int:
        return len(self.rows) - len(self.rejected) - len(self.skipped)

    def csv(self, encoding: str) -> bytes:
        out = io.StringIO()
        headers = TRADITIONAL if encoding == "big5" else HEADERS
        csv.writer(out).writerows([headers, *self.rows])
        return out.getvalue().encode(encoding)

    def xlsx(self) -> bytes:
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for row in [HEADERS, *self.rows]:
            sheet.append(row)
        data = io.BytesIO()
        book.save(data)
        return data.getvalue()


def people(count: int, seed: int = 5) -> People:
    """Traditional names (so every encoding can write them); about 8 % of the rows are
    rejected for a bad birth year, email, country or a missing name, and about 2 % repeat
    an earlier row (skipped as duplicates)."""
    rng = random.Random(seed)
    result = People([])
    for i in range(count):
        earlier = i - 9
        if i % 41 == 20 and earlier not in result.rejected and earlier not in result.skipped:
            result.rows.append(list(result.rows[earlier]))
            result.skipped.add(i)
            continue
        row = [
            rng.choice(SURNAMES) + rng.choice(GIVEN),
            "",
            rng.choice(["男", "女", "F", "male"]),
            str(rng.randint(1950, 2000)),
            rng.choice(COUNTRIES),
            "London",
            rng.choice(["福建省福州市長樂區", "廣東梅州", ""]),
            f"talent{i}@example.org",
            f"+86 139{i:08d}",
            "人工智能；芯片",
        ]
        # A cell that cannot be read is reported alone; otherwise the validation's errors
        # in the mutation's order (name, country, email).
        reasons = []
        if i % 50 == 7:
            row[3] = "19x5"
            reasons.append("birth year: not a whole number")
        if i % 97 == 11:
            row[0] = ""
            reasons.append("name: name is required")
        if i % 73 == 5:
            row[4] = "Atlantis"
            reasons.append("country: 'Atlantis' is not a country")
        if i % 61 == 3:
            row[7] = "not-an-email"
            reasons.append("email: not a valid email address")
        if reasons:
            result.rejected[i] = reasons[0]
        result.rows.append(row)
    return result
