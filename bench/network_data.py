"""Loads a synthetic talent network of any size into an empty, migrated PostgreSQL database.

    .venv/bin/python bench/network_data.py --database-url postgresql://…/db [--people 100000]

`crm.graph.synthetic.synthetic_network` gives the records (heavy-tailed association
sizes, hometown and field homophily, events, projects, relationships, interactions,
introductions); each becomes the rows the application would have written: an
interaction is an `interaction` and its two `interaction_participant`s, an
introduction names its broker, a parent link sets `organization.parent_id`. Keys
are `index + 1` per table (the sequences are moved past them), and every table is
COPYed with psycopg 3 in one transaction, all constraints in force. Like the demo
seed, the bulk load moves the graph revision once and logs no `graph_change` rows
("bulk change: rebuild").

Organisations have no declared `member_count` column, so the declared sizes of the
generator are dropped: a hub's size in the graph is its number of members (the
generator draws about that many, so the two agree up to duplicates).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as clock
from pathlib import Path
from typing import Any

import psycopg

from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT, LinkRecord, NodeRecord
from crm.graph.synthetic import synthetic_network

__all__ = ["TODAY", "load_network", "network_rows", "plain_url"]

#: the generator's "today": dates of ties and events are relative to it
TODAY = date(2025, 6, 1)
#: per 90,000 people, as in the generator's defaults (~100k nodes, ~1M links)
_PER_90K = {"organizations": 7_000, "events": 2_500, "projects": 500}
_EVENT_KINDS = ("conference", "roadshow", "recruitment_fair", "meeting", "session", "visit")
_PROJECT_KINDS = ("project_lead", "entrepreneurial", "high_tech_achievement", "cooperation")
#: tables in foreign-key order, with the columns COPY fills (the rest take defaults)
COLUMNS: Mapping[str, tuple[str, ...]] = {
    "organization": ("id", "name", "kind", "aliases", "parent_id"),
    "event": ("id", "name", "kind", "starts_on"),
    "person": (
        "id", "name", "country", "hometown_province", "expertise", "honours", "languages",
    ),
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
#: link kinds and the table that stores each (one row per link, parent excepted)
_LINK_TABLES = {
    "affiliation": "affiliation",
    "relationship": "relationship",
    "attendance": "attendance",
    "participation": "participation",
    "interaction": "interaction",
    "introduction": "introduction",
}

Row = tuple[Any, ...]


@dataclass
class NetworkRows:
    """The rows of each table, and how many links of each kind they hold."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in COLUMNS})
    links: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, *values: Any) -> int:
        rows = self.tables[table]
        key = len(rows) + 1
        rows.append((key, *values))
        return key


def plain_url(url: str) -> str:
    """A libpq URL (postgresql://…) from an SQLAlchemy one (postgresql+psycopg://…)."""
    scheme, sep, rest = url.partition("://")
    return f"postgresql://{rest}" if sep and scheme.startswith("postgres") else url


def network_size(people: int) -> dict[str, int]:
    """Generator arguments for `people` people, other nodes in the defaults' proportions."""
    return {"people": people} | {k: max(1, round(v * people / 90_000)) for k, v in _PER_90K.items()}


def _index(key: str) -> int:
    """The row key of a node key: "Person:12" → 13."""
    return int(key.partition(":")[2]) + 1


def _midday(day: date) -> datetime:
    return datetime.combine(day, clock(12), tzinfo=UTC)


def network_rows(nodes: Sequence[NodeRecord], links: Iterable[LinkRecord]) -> NetworkRows:
    """The generator's records as table rows (keys: index + 1)."""
    out = NetworkRows()
    parents: dict[int, int] = {}
    people: list[NodeRecord] = []
    for link in links:
        if link.kind == "parent":
            parents[_index(link.source)] = _index(link.target)
        else:
            _link_rows(out, link)
        out.links[link.kind] = out.links.get(link.kind, 0) + 1
    empty = "[]"
    for node in nodes:
        a = node.attrs
        if node.type == ORGANIZATION:
            key = _index(node.key)
            out.tables["organization"].append((key, node.label, a["kind"], empty, parents.get(key)))
        elif node.type == EVENT:
            n = _index(node.key)
            kind = _EVENT_KINDS[n % len(_EVENT_KINDS)]
            out.tables["event"].append((n, node.label, kind, a["starts_on"]))
        elif node.type == PROJECT:
            n = _index(node.key)
            kind = _PROJECT_KINDS[n % len(_PROJECT_KINDS)]
            out.tables["project"].append((n, node.label, kind, "lead", a["field"]))
        elif node.type == PERSON:
            people.append(node)
    for node in people:
        a = node.attrs
        expertise = json.dumps(list(a["expertise"]))  # type: ignore[call-overload]
        row = (_index(node.key), node.label, a["country"], a["hometown_province"])
        out.tables["person"].append((*row, expertise, empty, empty))
    for table in ("organization", "event", "project"):
        out.tables[table].sort()
    return out


def _link_rows(out: NetworkRows, link: LinkRecord) -> None:
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
        out.add("introduction", a, b, broker, f["status"], _midday(made), _midday(made), "[]")
    else:
        raise ValueError(f"no table for link kind {link.kind!r}")


def copy_rows(connection: psycopg.Connection[Any], rows: NetworkRows) -> dict[str, float]:
    """COPY every table (in foreign-key order); seconds per table."""
    seconds: dict[str, float] = {}
    with connection.cursor() as cursor:
        for table, columns in COLUMNS.items():
            started = time.perf_counter()
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows.tables[table]:
                    copy.write_row(row)
            if rows.tables[table]:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    (table, len(rows.tables[table])),
                )
            seconds[table] = time.perf_counter() - started
    return seconds


def load_network(url: str, *, people: int, seed: int = 42) -> dict[str, Any]:
    """Generate and load the network; a summary with counts and timings."""
    with psycopg.connect(plain_url(url)) as connection:
        taken = connection.execute("SELECT count(*) FROM person").fetchone()
        if taken is None or taken[0]:
            raise SystemExit("the network loads only into an empty database")
        started = time.perf_counter()
        network = synthetic_network(**network_size(people), seed=seed, today=TODAY)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        rows = network_rows(network.nodes, network.links)
        mapped = time.perf_counter() - started
        del network
        per_table = copy_rows(connection, rows)
        # Bulk loads bypass the flush listener: move the revision once, log nothing.
        connection.execute("UPDATE graph_state SET revision = revision + 1 WHERE id = 1")
        started = time.perf_counter()
        connection.commit()
        committed = time.perf_counter() - started
    with psycopg.connect(plain_url(url), autocommit=True) as connection:
        started = time.perf_counter()
        connection.execute("ANALYZE")
        analyzed = time.perf_counter() - started
    return {
        "people": people,
        "seed": seed,
        "rows": {table: len(r) for table, r in rows.tables.items()},
        "links": rows.links,
        "total_links": sum(rows.links.values()),
        "seconds": {
            "generate": generated,
            "map": mapped,
            "copy": sum(per_table.values()) + committed,
            "analyze": analyzed,
        },
        "copy_seconds": per_table,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", required=True, help="an empty, migrated database")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--json", type=Path, help="write the summary here")
    args = parser.parse_args()
    summary = load_network(args.database_url, people=args.people, seed=args.seed)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    rows, s = summary["rows"], summary["seconds"]
    print(
        f"loaded {rows['person']:,} people, {summary['total_links']:,} links "
        f"({sum(rows.values()):,} rows): generate {s['generate']:.1f} s, "
        f"map {s['map']:.1f} s, COPY {s['copy']:.1f} s, ANALYZE {s['analyze']:.1f} s"
    )


if __name__ == "__main__":
    main()
