"""Imported countries, hometowns (祖籍) and fields (专业) land as the API stores them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.transfer.importer import import_table
from crm.transfer.reading import read_table

Factory = async_sessionmaker[AsyncSession]

PEOPLE = """姓名,国家,祖籍,专业,邮箱
甲,英國,福建福清,人工智能；芯片,a@example.org
乙,UK,福建晋江,artificial intelligence,b@example.org
丙,United Kingdom,福建省福州市长乐区,,c@example.org
丁,中国,福建,,d@example.org
戊,XX,福建,,e@example.org
己,Atlantis,福建,,f@example.org
"""


async def _people(db: Factory) -> dict[str, models.Person]:
    async with db() as session:
        rows = (await session.execute(select(models.Person))).scalars().all()
    return {p.name: p for p in rows}


async def test_countries_hometowns_and_fields_are_normalised_on_import(db: Factory) -> None:
    report = await import_table(db, read_table(PEOPLE.encode(), "p.csv"), "person")
    assert report.created == 4
    reasons = {r.row: r.reason for r in report.rejected}
    # spreadsheet rows: the header is row 1
    assert set(reasons) == {6, 7}
    assert reasons[6].startswith("country: 'XX' is not a country")
    assert reasons[7].startswith("country: 'Atlantis' is not a country")
    people = await _people(db)
    assert {p.country for p in people.values()} == {"GB", "CN"}
    # one province, four ways of writing it
    assert {p.hometown_province for p in people.values()} == {"福建省"}
    jia = people["甲"]
    assert (jia.hometown, jia.hometown_city, jia.hometown_county) == (
        "福建福清",
        "福州市",
        "福清市",
    )
    assert jia.expertise == ["artificial intelligence", "integrated circuits"]
    assert jia.expertise_as_written == ["人工智能", "芯片"]
    assert people["乙"].expertise == ["artificial intelligence"]


async def test_an_update_from_a_file_changes_the_parsed_parts_with_the_text(db: Factory) -> None:
    await import_table(db, read_table(PEOPLE.encode(), "p.csv"), "person")
    again = "姓名,邮箱,祖籍,专业\n甲,a@example.org,广东台山,高能物理\n"
    report = await import_table(db, read_table(again.encode(), "p.csv"), "person",
                                on_duplicate="update")  # fmt: skip
    assert report.updated == 1
    jia = (await _people(db))["甲"]
    assert (jia.hometown, jia.hometown_province, jia.hometown_city, jia.hometown_county) == (
        "广东台山",
        "广东省",
        "江门市",
        "台山市",
    )
    assert (jia.expertise, jia.expertise_as_written) == (["high-energy physics"], ["高能物理"])
