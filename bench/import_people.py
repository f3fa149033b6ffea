"""crm import at scale: a 100,000-person CSV into an empty database, timed end to end.

.venv/bin/python bench/import_people.py                        # SQLite file in a temp folder
createdb -h 127.0.0.1 -U postgres crm_bench_import
.venv/bin/python bench/import_people.py --database-url postgresql://postgres@127.0.0.1/crm_bench_import
dropdb -h 127.0.0.1 -U postgres crm_bench_import
.venv/bin/python bench/import_people.py --people 20000        # smaller, quicker

The file is what a liaison office exports from a spreadsheet: GB18030, Chinese headers
(姓名, 英文名, 性别, 出生年份, 国家, 城市, 祖籍, 邮箱, 电话, 专业领域), names from the demo's
name tables, countries written in Chinese, every person with an email and a phone. The
time covers reading and decoding the file, mapping, validation, duplicate look-ups,
the inserts, the name keys and the graph revision, in one all-or-nothing transaction.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import random
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.db.models import NameKey, Person
from crm.seed.name_tables import GIVEN_SYLLABLES, SURNAMES
from crm.settings import Settings
from crm.transfer.importer import import_table
from crm.transfer.reading import read_table

HEADERS = ["姓名", "英文名", "性别", "出生年份", "国家", "城市", "祖籍", "邮箱", "电话", "专业领域"]
PLACES = [
    ("英国", "伦敦"),
    ("美国", "波士顿"),
    ("新加坡", "新加坡"),
    ("马来西亚", "吉隆坡"),
    ("加拿大", "多伦多"),
    ("澳大利亚", "悉尼"),
    ("德国", "慕尼黑"),
    ("日本", "东京"),
]
HOMETOWNS = [
    "福建省福州市长乐区",
    "福建省泉州市晋江市",
    "广东省梅州市梅县区",
    "广东省汕头市潮阳区",
    "",
]
FIELDS = ["人工智能", "集成电路", "生物医药", "新能源", "海洋经济", "数字经济", "先进制造"]


def generate(people: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    weights = [s.weight for s in SURNAMES]
    for i in range(people):
        surname = rng.choices(SURNAMES, weights=weights)[0]
        given = rng.sample(GIVEN_SYLLABLES, rng.choice((1, 2, 2)))
        han = surname.simplified + "".join(g.simplified for g in given)
        latin = f"{surname.pinyin} {''.join(g.pinyin for g in given).title()}"
        country, city = rng.choice(PLACES)
        writer.writerow(
            [
                han,
                latin if rng.random() < 0.5 else "",
                rng.choice(["男", "女"]),
                rng.randint(1950, 2000),
                country,
                city,
                rng.choice(HOMETOWNS),
                f"talent{i}@example.org",
                f"+86 139 {i // 10_000:04d} {i % 10_000:04d}",
                "；".join(rng.sample(FIELDS, 2)),
            ]
        )
    return out.getvalue().encode("gb18030")


async def run(database_url: str, people: int) -> None:
    settings = Settings(database_url=database_url)
    await asyncio.to_thread(migrate.upgrade, settings.database_url)
    data = generate(people)
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    started = time.perf_counter()
    table = read_table(data, "people.csv")
    report = await import_table(factory, table, "person")
    seconds = time.perf_counter() - started
    async with factory() as session:
        count = (await session.execute(select(func.count()).select_from(Person))).scalar_one()
        keys = (await session.execute(select(func.count()).select_from(NameKey))).scalar_one()
    await engine.dispose()
    print(
        f"{settings.database_url.split(':')[0]}: {people:,} rows ({len(data) / 1e6:.1f} MB, "
        f"{report.encoding}) imported in {seconds:.1f} s ({people / seconds:,.0f} rows/s): "
        f"{report.created:,} created, {len(report.rejected):,} rejected; "
        f"{count:,} people, {keys:,} name keys"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty database (default: a SQLite temp file)")
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    if args.database_url:
        asyncio.run(run(args.database_url, args.people))
        return
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.people))


if __name__ == "__main__":
    main()
