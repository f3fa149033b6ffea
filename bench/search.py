"""search at scale: p50/p95 over 200 queries of mixed forms, 100,000 generated people.

.venv/bin/python bench/search.py                       # SQLite file in a temp folder
.venv/bin/python bench/search.py --database-url postgresql://postgres@127.0.0.1/crm_bench_search
(the PostgreSQL database must exist and be empty, or hold an earlier run's people with
--reuse; it is migrated here)

People get a Han name (simplified or traditional) from the demo's name tables and, for
half of them, a Latin spelling: pinyin, a dialect spelling or a Western given name with
the surname. Queries are drawn from the same people: as written, the other script,
pinyin in both orders, initials, dialect spellings, a prefix, a 1–2 character fragment
and a typo. Then `--dialect-queries` more (100) spell a person's whole name in Hokkien,
Cantonese or Wade–Giles from the demo's tables, as issue #20's users would type them.
Times are the resolver's (SQL and ranking), measured after one warm-up pass.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy import text as sql

from crm.db import migrate
from crm.db.engine import create_engine, create_session_factory
from crm.db.models import Person
from crm.db.name_index import rebuild_name_keys
from crm.db.types import utcnow
from crm.names.normalize import to_simplified
from crm.resolvers.context import Context
from crm.resolvers.search import search
from crm.seed.name_tables import GIVEN_SYLLABLES, SURNAMES
from crm.settings import Settings

#: the query forms of `_queries`, in turn
FORMS = (
    "as written",
    "full form",
    "initials",
    "own latin or surname",
    "prefix",
    "1-2 han characters",
    "one han character",
    "typo",
)
WESTERN = ("David", "Kenneth", "Grace", "Vivian", "Michael", "Joyce", "Andrew", "Karen")
#: the whole-name forms of `_dialect_queries`, in turn
DIALECT_FORMS = ("hokkien whole name", "cantonese whole name", "wade-giles whole name")


def _person(rng: random.Random) -> dict[str, Any]:
    surname = rng.choices(SURNAMES, weights=[s.weight for s in SURNAMES])[0]
    given = rng.sample(GIVEN_SYLLABLES, rng.choice((1, 2, 2, 2)))
    traditional = rng.random() < 0.3
    han = (surname.traditional if traditional else surname.simplified) + "".join(
        g.traditional if traditional else g.simplified for g in given
    )
    style = rng.random()
    latin = None
    if style < 0.2:
        latin = f"{surname.pinyin} {''.join(g.pinyin for g in given).title()}"
    elif style < 0.4:
        dialect = surname.cantonese.split("/")[0].replace("_", " ")
        latin = f"{'-'.join(g.cantonese for g in given).title()} {dialect}"
    elif style < 0.5:
        latin = f"{rng.choice(WESTERN)} {surname.hokkien.split('/')[0].replace('_', ' ')}"
    return {
        "name": han,
        "name_latin": latin,
        "birth_year": rng.randint(1950, 2000),
        "expertise": [],
        "honours": [],
        "languages": [],
        "created_at": utcnow(),
        "updated_at": utcnow(),
    }


def _queries(rng: random.Random, people: list[dict[str, Any]], count: int) -> list[str]:
    from crm.names import person_keys

    queries = []
    for index in range(count):
        p = rng.choice(people)
        keys = person_keys(p["name"], latin=p["name_latin"])
        # The same forms as before issue #20: its reading keys ("陈 lak-sai (闽)", "丁 c.c.")
        # are not text anyone types; `_dialect_queries` spells whole names instead.
        full = sorted(key for key in keys.full if not key.endswith((")", ".")))
        form = index % 8
        if form == 0:
            queries.append(p["name"])
        elif form == 1:
            queries.append(rng.choice(full))
        elif form == 2:
            queries.append(rng.choice(sorted(keys.initials)) if keys.initials else p["name"])
        elif form == 3:
            queries.append(p["name_latin"] or rng.choice(sorted(keys.surnames)))
        elif form == 4:
            form_full = rng.choice(full)
            queries.append(form_full[: max(3, len(form_full) - 3)])  # a prefix
        elif form == 5:
            queries.append(p["name"][1:3] or p["name"])  # a 1–2 character fragment
        elif form == 6:
            queries.append(p["name"][:1])  # one character: a surname
        else:
            longest = max(full, key=len)
            cut = rng.randrange(1, max(2, len(longest) - 1))
            queries.append(longest[:cut] + longest[cut + 1 :])  # a typo: one letter missing
    return queries


def _dialect_queries(people: list[dict[str, Any]], count: int) -> list[tuple[str, str]]:
    """Whole names of people spelled in Hokkien, Cantonese or Wade–Giles from the demo's
    tables (their spellings were written by hand, not derived by crm.names), each with the
    person's name in simplified characters."""
    rng = random.Random(20)
    surnames = {s.simplified: s for s in SURNAMES} | {s.traditional: s for s in SURNAMES}
    syllables = {g.simplified: g for g in GIVEN_SYLLABLES}
    syllables |= {g.traditional: g for g in GIVEN_SYLLABLES}
    queries = []
    for index in range(count):
        name = rng.choice([p["name"] for p in people[:5_000] if len(p["name"]) == 3])
        surname, given = surnames[name[0]], [syllables[char] for char in name[1:]]
        form = index % 3
        if form == 0:
            family = surname.hokkien.split("/")[0].replace("_", " ")
            text = f"{family} {' '.join(g.hokkien.title() for g in given)}"
        elif form == 1:
            family = surname.cantonese.split("/")[0].replace("_", " ")
            text = f"{family} {'-'.join(g.cantonese for g in given).capitalize()}"
        else:
            text = f"{surname.wade_giles} {'-'.join(g.wade_giles for g in given).capitalize()}"
        queries.append((text, surname.simplified + "".join(g.simplified for g in given)))
    return queries


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"p50 {statistics.median(ordered):5.1f} ms  p95 {p95:5.1f} ms  max {ordered[-1]:5.1f} ms"


async def run(
    url: str, people_count: int, query_count: int, dialect_count: int, reuse: bool = False
) -> None:
    settings = Settings(database_url=url)
    await migrate.upgrade_async(settings.database_url)
    engine = create_engine(settings)
    factory = create_session_factory(engine)
    rng = random.Random(20231221)
    people = [_person(rng) for _ in range(people_count)]
    backend = settings.database_url.split("+")[0].split(":")[0]
    try:
        started = time.perf_counter()
        async with factory() as session:
            held = (await session.execute(sql("SELECT count(*) FROM person"))).scalar_one()
        if reuse and held == people_count:
            # the same generated people (a fixed seed) are there from an earlier run
            keys = -1
        else:
            async with factory() as session, session.begin():
                for start in range(0, len(people), 5_000):
                    await session.execute(insert(Person), people[start : start + 5_000])
                keys = await rebuild_name_keys(session)
        if backend == "postgresql" and keys >= 0:
            # what autovacuum does soon after a bulk load: plans need the statistics
            async with engine.connect() as connection:
                await connection.execute(sql("ANALYZE"))
                await connection.commit()
        print(f"{backend}: {people_count:,} people, {keys:,} keys loaded in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        context = Context(settings=settings, session_factory=factory)
        queries = _queries(rng, people, query_count)
        forms = [FORMS[index % len(FORMS)] for index in range(len(queries))]
        dialect = _dialect_queries(people, dialect_count)
        queries += [text for text, _ in dialect]
        forms += [DIALECT_FORMS[index % len(DIALECT_FORMS)] for index in range(len(dialect))]
        entities = ["person", "organization"]
        for text in queries:  # warm-up: caches, plans, pages
            await search(context, text, first=10, entities=entities)
        times, tiers = [], {}
        by_form: dict[str, list[float]] = {}
        whole_name_tiers: dict[str, int] = {}
        named = 0  # whole-name queries whose best hit has the name they spell
        for index, text in enumerate(queries):
            begun = time.perf_counter()
            hits = await search(context, text, first=10, entities=entities)
            elapsed = (time.perf_counter() - begun) * 1000
            times.append(elapsed)
            by_form.setdefault(forms[index], []).append(elapsed)
            tier = hits[0].match.value if hits else "none"
            target = tiers if index < len(queries) - len(dialect) else whole_name_tiers
            target[tier] = target.get(tier, 0) + 1
            if target is whole_name_tiers and hits and hits[0].entity == "person":
                # a fresh database numbers the generated people from 1, in order
                best = people[hits[0].entity_id - 1]["name"]
                named += to_simplified(best) == dialect[index - query_count][1]
        print(f"{backend}: {len(times)} queries  {_percentiles(times)}")
        print(f"  best hit by tier: first {query_count} {tiers}, "
              f"whole names {whole_name_tiers}; best hit has the spelled name: "
              f"{named}/{len(dialect)}")  # fmt: skip
        before = times[:query_count]
        print(f"  the first {query_count} (the forms before issue #20) {_percentiles(before)}")
        for form, form_times in by_form.items():
            print(f"  {form:<22} {_percentiles(form_times)}")
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--dialect-queries", type=int, default=100)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the people an earlier run of the same size left in --database-url",
    )
    args = parser.parse_args()
    if args.database_url:
        asyncio.run(
            run(args.database_url, args.people, args.queries, args.dialect_queries, args.reuse)
        )
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'search.sqlite3'}"
        asyncio.run(run(url, args.people, args.queries, args.dialect_queries))


if __name__ == "__main__":
    main()
