"""Reading files, mapping headers and parsing cells (no database)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook

from crm.db.enums import AffiliationRole, Gender, OrganizationKind
from crm.reference.country import country_code
from crm.transfer import values
from crm.transfer.entities import ENTITIES
from crm.transfer.mapping import FIELDS, MappingError, auto_map, load_mapping
from crm.transfer.reading import UnreadableFileError, decode, read_table

# Traditional characters: Big5 has no simplified ones.
ROWS = [["姓名", "國家", "城市"], ["陳建國", "英國", "倫敦"], ["黃志明", "新加坡", "新加坡"]]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    return "\n".join(delimiter.join(row) for row in rows) + "\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("big5", "big5hkscs"),
        ("utf-16", "utf-16"),
    ],
)
def test_encodings_are_detected(encoding: str, expected: str) -> None:
    text = _csv(ROWS * 20)
    table = read_table(text.encode(encoding), "people.csv")
    assert table.encoding == expected
    assert table.headers == ["姓名", "國家", "城市"]
    assert table.rows[0] == ["陳建國", "英國", "倫敦"]
    assert auto_map("person", table.headers).fields == ["name", "country", "city"]


def test_gb18030_is_not_taken_for_big5() -> None:
    text = _csv([["姓名", "单位"], *[["张伟", "福州大学海外校友会"]] * 5])
    assert decode(text.encode("gb18030")) == (text, "gb18030")


def test_delimiters_blank_rows_and_row_numbers() -> None:
    text = "姓名;邮箱\n\n张伟;a@example.org\n;\n李娜;b@example.org\n"
    table = read_table(text.encode(), "x.csv")
    assert table.rows == [["张伟", "a@example.org"], ["李娜", "b@example.org"]]
    assert table.row_numbers == [3, 5]


def test_xlsx_cells_become_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "出生年份", "日期", "金额"])
    sheet.append(["陈建国", 1968, datetime(2023, 12, 21), 1.5])
    data = io.BytesIO()
    book.save(data)
    table = read_table(data.getvalue(), "people.xlsx")
    assert table.headers == ["姓名", "出生年份", "日期", "金额"]
    assert table.rows == [["陈建国", "1968", "2023-12-21", "1.5"]]


def test_empty_and_broken_files_are_refused() -> None:
    with pytest.raises(UnreadableFileError):
        read_table(b"\n\n", "x.csv")
    with pytest.raises(UnreadableFileError):
        read_table(b"not a spreadsheet", "x.xlsx")


def test_headers_map_in_chinese_and_english() -> None:
    headers = ["姓名", "Name (English)", "Birth_Year", "专业/领域", "E-mail", "微信", "备用"]
    mapped = auto_map("person", headers)
    assert mapped.fields == ["name", None, "birth_year", "expertise", "email", "wechat", None]
    assert mapped.unknown == ["Name (English)", "备用"]
    english = auto_map("person", ["Name", "Latin name", "birthYear", "country"])
    assert english.fields == ["name", "name_latin", "birth_year", "country"]


def test_an_override_file_wins() -> None:
    override = load_mapping('{"Name (English)": "name_latin", "微信": null}', "map.json")
    mapped = auto_map("person", ["姓名", "Name (English)", "微信"], override)
    assert mapped.fields == ["name", "name_latin", None]
    assert mapped.unknown == []
    assert load_mapping("备用: notes\n", "map.yaml") == {"备用": "notes"}
    with pytest.raises(MappingError, match="has no field 'shoe_size'"):
        auto_map("person", ["x"], {"x": "shoe_size"})
    with pytest.raises(MappingError):
        load_mapping("[1, 2]", "map.json")


def test_every_mapped_field_has_a_parser() -> None:
    for name, entity in ENTITIES.items():
        assert set(FIELDS[name]) <= set(entity.parsers), name


def test_cells() -> None:
    assert values.integer("1,968") == 1968
    assert values.integer("1968年") == 1968
    with pytest.raises(values.BadCellError):
        values.integer("19x5")
    assert values.day("2023年12月21日") == date(2023, 12, 21)
    assert values.day("2023/12/21") == date(2023, 12, 21)
    assert values.day("20231221") == date(2023, 12, 21)
    assert values.day("2023-12") == date(2023, 12, 1)
    with pytest.raises(values.BadCellError):
        values.day("2023-02-30")
    assert values.moment("2023-12-21 09:00") == datetime(2023, 12, 21, 1, 0, tzinfo=UTC)
    assert values.moment("2023-12-21T09:00:00+00:00") == datetime(2023, 12, 21, 9, tzinfo=UTC)
    assert values.amount("1.5亿") == Decimal("150000000")
    assert values.amount("¥12,000") == Decimal("12000")
    assert values.boolean("是") is True
    assert values.boolean("no") is False
    assert values.words("人工智能；芯片、 机器学习") == ["人工智能", "芯片", "机器学习"]
    assert values.choice(Gender)("女") is Gender.FEMALE
    assert values.choice(Gender)("MALE") is Gender.MALE
    assert values.choice(OrganizationKind)("校友会") is OrganizationKind.ALUMNI_ASSOCIATION
    assert values.choice(AffiliationRole)("Alumnus") is AffiliationRole.ALUMNUS
    with pytest.raises(values.BadCellError, match="is not one of"):
        values.choice(Gender)("maybe")


def test_countries() -> None:
    assert [country_code(c) for c in ("中国", "美國", "英国", "United Kingdom", "UK", "U.K.")] == [
        "CN",
        "US",
        "GB",
        "GB",
        "GB",
        "GB",
    ]
    assert country_code("de") == "DE"
    assert [country_code(c) for c in ("XX", "ZZ", "QQ", "Atlantis")] == [None] * 4
