"""`crm seed synthetic`: a synthetic talent network of any size, written as the app's rows.

The records of `crm.graph.synthetic.synthetic_records` (heavy-tailed association sizes,
hometown and field homophily, events, projects, relationships, interactions, made
introductions) become the rows the application would have written: an interaction is an
`interaction` and its two `interaction_participant`s, an introduction names its broker, a
parent link sets `organization.parent_id`. Keys are `index + 1` per table. Records are
drawn one at a time and never kept: on PostgreSQL each table's rows go to a temporary
file in COPY's text format, then every file is COPYed in foreign-key order in one
transaction (1M people / 10M links in minutes; docs/scale.md); on SQLite they are
inserted in batches. Like any bulk load the graph revision moves once and no
`graph_change` rows are logged, so graph caches rebuild. Only into an empty database.

Organisations have no declared `member_count` column, so the generator's declared sizes
are dropped: a hub's size is its number of members. People get their name keys
(`synthetic_name_keys`: a synthetic person is named "P12", so search finds "P12" as it
finds anyone), written with the people; organisations, events and projects get none.
"""

from __future__ import annotations

import asyncio
import json
import re
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import IO, Any, Final

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.models import NameKeyKind
from crm.db.name_index import person_name_keys
from crm.db.queries.common import table_of
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT, LinkRecord, NodeRecord
from crm.graph.synthetic import synthetic_records
from crm.seed.bulk_indexes import without_indexes

__all__ = [
    "COLUMNS",
    "TODAY",
    "NotEmptyError",
    "SyntheticLoad",
    "network_size",
    "seed_synthetic",
    "synthetic_name_keys",
]

#: the generator's "today": dates of ties and events are relative to it
TODAY: Final = date(2025, 6, 1)
#: per 90,000 people, as in the generator's defaults (~100k nodes, ~1M links)
_PER_90K: Final = {"organizations": 7_000, "events": 2_500, "projects": 500}
_EVENT_KINDS: Final = ("conference", "roadshow", "recruitment_fair", "meeting", "session", "visit")
_PROJECT_KINDS: Final = ("project_lead", "entrepreneurial", "high_tech_achievement", "cooperation")
#: tables in foreign-key order, with the columns filled (the rest take defaults)
COLUMNS: Final[Mapping[str, tuple[str, ...]]] = {
    "organization": ("id", "name", "kind", "aliases", "parent_id"),
    "event": ("id", "name", "kind", "starts_on"),
    "person": (
        "id", "name", "country", "hometown_province", "expertise", "honours", "languages",
    ),
    "name_key": ("id", "entity", "entity_id", "key", "kind"),
    "project": ("id", "name", "kind", "stage", "field"),
    "affiliation": ("id", "person_id", "organization_id", "role", "starts_on", "field_of_study"),
    "relationship": ("id", "person_a_id", "person_b_id", "kind", "strength", "since"),
    "attendance": ("id", "person_id", "event_id", "role"),
    "participation": ("id", "project_id", "person_id", "role"),
    "interaction": ("id", "kind", "occurred_at", "summary"),
    "interaction_participant": ("id", "interaction_id", "person_id"),
    "introduction": (
        "id", "seeker_id", "target_person_id", "broker_id", "status",
        "requested_at", "status_changed_at", "path",
    ),
}  # fmt: skip
#: the link tables loaded without their secondary indexes and foreign keys
BULK_TABLES: Final = (
    "name_key",
    "affiliation",
    "relationship",
    "attendance",
    "participation",
    "interaction",
    "interaction_participant",
    "introduction",
)
_JSON: Final = frozenset({"aliases", "expertise", "honours", "languages", "path"})
_TABLES: Final = {name: table_of(getattr(models, m)) for name, m in (
    ("organization", "Organization"), ("event", "Event"), ("person", "Person"),
    ("name_key", "NameKey"),
    ("project", "Project"), ("affiliation", "Affiliation"), ("relationship", "Relationship"),
    ("attendance", "Attendance"), ("participation", "Participation"),
    ("interaction", "Interaction"), ("interaction_participant", "InteractionParticipant"),
    ("introduction", "Introduction"),
)}  # fmt: skip

Row = tuple[Any, ...]
Progress = Callable[[str, int, int], None]


class NotEmptyError(Exception):
    """The database already holds people."""


def network_size(people: int) -> dict[str, int]:
    """Generator arguments for `people` people, other nodes in the defaults' proportions."""
    return {"people": people} | {k: max(1, round(v * people / 90_000)) for k, v in _PER_90K.items()}


@dataclass
class SyntheticLoad:
    """What was loaded: rows per table, links per kind, seconds per step."""

    rows: dict[str, int] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_links(self) -> int:
        return sum(self.links.values())


def _index(key: str) -> int:
    """The row key of a node key: "Person:12" → 13."""
    return int(key.partition(":")[2]) + 1


_SYNTHETIC_NAME: Final = re.compile(r"P[0-9]+")


def synthetic_name_keys(name: str) -> dict[str, NameKeyKind]:
    """The name keys of a synthetic person, as `person_name_keys` derives them.

    A synthetic person is named "P" and a number: its one key is the name case-folded
    (no reading, surname or part applies to a Latin letter and digits). Derived here
    without `person_name_keys`' machinery (≈ 0.3 ms a name: 5 minutes of the load at 1M
    people); tests/seed/test_synthetic.py checks it against that function, and any other
    name goes through it.

    >>> synthetic_name_keys("P12")
    {'p12': <NameKeyKind.NAME: 'name'>}
    """
    if _SYNTHETIC_NAME.fullmatch(name) is None:
        return person_name_keys(name)
    return {name.casefold(): NameKeyKind.NAME}


def _midday(day: date) -> datetime:
    return datetime.combine(day, clock(12), tzinfo=UTC)


class _Rows:
    """Rows by table, numbered as they come, handed to a sink (a file or a batch)."""

    def __init__(self, sink: Callable[[str, Row], None]) -> None:
        self._sink = sink
        self.count: dict[str, int] = dict.fromkeys(COLUMNS, 0)

    def add(self, table: str, *values: Any) -> int:
        self.count[table] += 1
        key = self.count[table]
        self._sink(table, (key, *values))
        return key


#: the order in which the generator finishes tables (each phase's records come
#: together), which is also an order that satisfies every foreign key
PHASES: Final = (
    ("person", "name_key"),
    ("organization", "affiliation"),
    ("event", "attendance"),
    ("project", "participation"),
    ("relationship",),
    ("interaction", "interaction_participant"),
    ("introduction",),
)
_PHASE_OF: Final = {
    PERSON: 0, ORGANIZATION: 1, "affiliation": 1, "parent": 1, EVENT: 2, "attendance": 2,
    PROJECT: 3, "participation": 3, "relationship": 4, "interaction": 5, "introduction": 6,
}  # fmt: skip


def _rows_of(
    records: Iterator[NodeRecord | LinkRecord],
    out: _Rows,
    load: SyntheticLoad,
    finished: Callable[[int], None] = lambda phase: None,
) -> None:
    """Turn records into rows; `finished(phase)` once a phase's tables are complete.

    Hubs are written when their phase ends (a parent link follows its organisation)."""
    hubs: list[Row] = []
    parents: dict[int, int] = {}
    phase = 0

    def end_phases(until: int) -> None:
        nonlocal phase, hubs
        while phase < until:
            table = PHASES[phase][0]
            if table in ("organization", "event", "project"):
                for n, *values in hubs:
                    out.add(table, *values, *([parents.get(n)] if table == "organization" else []))
                hubs = []
            finished(phase)
            phase += 1

    for record in records:
        kind = record.kind if isinstance(record, LinkRecord) else record.type
        end_phases(_PHASE_OF[kind])
        if isinstance(record, LinkRecord):
            load.links[record.kind] = load.links.get(record.kind, 0) + 1
            if record.kind == "parent":
                parents[_index(record.source)] = _index(record.target)
            else:
                _link_rows(out, record)
            continue
        a, n = record.attrs, _index(record.key)
        if record.type == PERSON:
            expertise = list(a["expertise"])  # type: ignore[call-overload]
            person = out.add(
                "person", record.label, a["country"], a["hometown_province"], expertise, [], []
            )
            for key, kind in synthetic_name_keys(record.label).items():
                out.add("name_key", "person", person, key, kind.value)
        elif record.type == ORGANIZATION:
            hubs.append((n, record.label, a["kind"], []))
        elif record.type == EVENT:
            hubs.append((n, record.label, _EVENT_KINDS[n % len(_EVENT_KINDS)], a["starts_on"]))
        elif record.type == PROJECT:
            kind = _PROJECT_KINDS[n % len(_PROJECT_KINDS)]
            hubs.append((n, record.label, kind, "lead", a["field"]))
    end_phases(len(PHASES))


def _link_rows(out: _Rows, link: LinkRecord) -> None:
    f = link.facts
    a, b = _index(link.source), _index(link.target)
    if link.kind == "affiliation":
        out.add("affiliation", a, b, f["role"], f.get("starts_on"), f.get("field_of_study"))
    elif link.kind == "relationship":
        out.add("relationship", min(a, b), max(a, b), f["kind"], f["strength"], f.get("since"))
    elif link.kind == "attendance":
        out.add("attendance", a, b, f["role"])
    elif link.kind == "participation":
        out.add("participation", b, a, f["role"])
    elif link.kind == "interaction":
        occurred = f["occurred_at"]
        assert isinstance(occurred, date)
        interaction = out.add("interaction", "meeting", _midday(occurred), "Met")
        out.add("interaction_participant", interaction, a)
        out.add("interaction_participant", interaction, b)
    elif link.kind == "introduction":
        made = f["made_on"]
        assert isinstance(made, date)
        broker: int | None = int(str(f["broker"]).removeprefix("P")) + 1
        broker = None if broker in (a, b) else broker
        out.add("introduction", a, b, broker, f["status"], _midday(made), _midday(made), [])
    else:
        raise ValueError(f"no table for link kind {link.kind!r}")


def _copy_text(value: Any, json_column: bool) -> str:
    """A value in COPY's text format (tens of millions of calls: numbers go straight)."""
    kind = type(value)
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return "\\N"
    if json_column:
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime | date):
        return value.isoformat()
    text_value = str(value)
    if _SPECIAL.search(text_value) is None:
        return text_value
    return (
        text_value.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


_SPECIAL: Final = re.compile(r"[\\\t\n\r]")


async def seed_synthetic(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    people: int,
    seed: int = 42,
    progress: Progress | None = None,
) -> SyntheticLoad:
    """Generate the network of `people` people and load it in one transaction."""
    load = SyntheticLoad()
    records = synthetic_records(**network_size(people), seed=seed, today=TODAY)
    async with session_factory() as session, session.begin():
        if (await session.execute(text("SELECT count(*) FROM person"))).scalar_one():
            raise NotEmptyError("the synthetic network loads only into a database without people")
        postgresql = (await session.connection()).dialect.name == "postgresql"
        if postgresql:
            await _load_postgresql(session, records, load, progress)
        else:
            await _load_sqlite(session, records, load, progress)
        # Bulk loads bypass the flush listener: move the revision once, log nothing.
        await session.execute(text("UPDATE graph_state SET revision = revision + 1 WHERE id = 1"))
        started = time.perf_counter()
    load.seconds["commit"] = time.perf_counter() - started
    if postgresql:
        async with session_factory() as session:
            started = time.perf_counter()
            connection = await session.connection(
                execution_options={"isolation_level": "AUTOCOMMIT"}
            )
            await connection.execute(text("ANALYZE"))
            load.seconds["analyze"] = time.perf_counter() - started
    return load


async def _load_postgresql(
    session: AsyncSession,
    records: Iterator[NodeRecord | LinkRecord],
    load: SyntheticLoad,
    progress: Progress | None,
) -> None:
    """Generate into chunk files on a thread while this coroutine COPYs each chunk as soon
    as it is closed: Python draws on one core while PostgreSQL loads on the other. The
    link tables' secondary indexes and foreign keys are dropped for the load and built
    once at the end (the tables are empty: nothing to check row by row)."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Queue[tuple[str, Path] | None] = asyncio.Queue()
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    with tempfile.TemporaryDirectory(prefix="crm-synthetic-") as folder:
        started = time.perf_counter()
        counts: dict[str, int] = {}

        def tell(item: tuple[str, Path] | None) -> None:
            loop.call_soon_threadsafe(ready.put_nowait, item)

        def generate() -> None:
            try:
                counts.update(_write_copy_files(records, Path(folder), load, tell))
                load.seconds["generate"] = time.perf_counter() - started
            finally:
                tell(None)

        async with raw.cursor() as cursor:
            async with without_indexes(cursor, BULK_TABLES, load.seconds):
                drawing = asyncio.create_task(asyncio.to_thread(generate))
                while (item := await ready.get()) is not None:
                    table, path = item
                    if progress is not None:
                        progress(f"COPY {table}", len(load.seconds), len(COLUMNS) + 3)
                    copied = time.perf_counter()
                    columns = ", ".join(COLUMNS[table])
                    async with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for block in _blocks(path):
                            await copy.write(block)
                    path.unlink()
                    key = f"copy {table}"
                    load.seconds[key] = load.seconds.get(key, 0.0) + time.perf_counter() - copied
                await drawing
                load.seconds["generate and copy"] = time.perf_counter() - started
            for table in COLUMNS:
                await cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    "greatest(1, (SELECT max(id) FROM " + table + ")))",
                    (table,),
                )
        load.rows = counts


#: rows per chunk file: a chunk is COPYed while the next one is drawn
CHUNK_ROWS: Final = 500_000


def _write_copy_files(
    records: Iterator[NodeRecord | LinkRecord],
    folder: Path,
    load: SyntheticLoad,
    ready: Callable[[tuple[str, Path]], None],
) -> dict[str, int]:
    """Every table's rows into chunk files in `folder` (COPY text format), each handed to
    `ready` once closed (a full chunk, or the last of a table when its phase ends)."""
    flags = {t: [c in _JSON for c in columns] for t, columns in COLUMNS.items()}
    files: dict[str, tuple[IO[str], Path, int]] = {}
    chunks = dict.fromkeys(COLUMNS, 0)

    def close(table: str) -> None:
        if table in files:
            handle, path, _ = files.pop(table)
            handle.close()
            ready((table, path))

    def write(table: str, row: Row) -> None:
        if table not in files:
            chunks[table] += 1
            path = folder / f"{table}.{chunks[table]}.copy"
            files[table] = (path.open("w", encoding="utf-8"), path, 0)
        handle, path, rows = files[table]
        handle.write(
            "\t".join(_copy_text(v, j) for v, j in zip(row, flags[table], strict=True)) + "\n"
        )
        files[table] = (handle, path, rows + 1)
        if rows + 1 == CHUNK_ROWS:
            close(table)

    def phase_done(phase: int) -> None:
        for table in PHASES[phase]:
            close(table)

    out = _Rows(write)
    try:
        _rows_of(records, out, load, phase_done)
    finally:
        for handle, _, _ in files.values():
            handle.close()
    return dict(out.count)


def _blocks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as source:
        while block := source.read(1 << 20):
            yield block


async def _load_sqlite(
    session: AsyncSession,
    records: Iterator[NodeRecord | LinkRecord],
    load: SyntheticLoad,
    progress: Progress | None,
) -> None:
    started = time.perf_counter()
    kept: dict[str, list[Row]] = {t: [] for t in COLUMNS}
    out = _Rows(lambda table, row: kept[table].append(row))
    _rows_of(records, out, load)
    load.seconds["generate"] = time.perf_counter() - started
    load.rows = dict(out.count)
    for done, (table, columns) in enumerate(COLUMNS.items()):
        started = time.perf_counter()
        if progress is not None:
            progress(f"insert {table}", done, len(COLUMNS))
        rows = kept.pop(table)
        for start in range(0, len(rows), 5000):
            batch = [dict(zip(columns, r, strict=True)) for r in rows[start : start + 5000]]
            await session.execute(insert(_TABLES[table]), batch)
        load.seconds[f"insert {table}"] = time.perf_counter() - started
