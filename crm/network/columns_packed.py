"""Reads the whole network from PostgreSQL into columns as packed binary records.

The row-by-row reader (crm.network.columns_source) makes a Python row, and a call per
fact, for each of ten million links: 21 minutes at 1M people on a loaded machine. Here
PostgreSQL computes each link's own part of the tie strength (role, status or recorded
strength as `base`, its ordinal day, the recency floor: the same tables of
crm.graph.strength, written into the statement) and packs every row of a range of ids
into one `bytea` of fixed-width big-endian records (`string_agg` of `int4send`…, one
aggregate, so the fields of a record cannot come apart); NumPy views it without a
Python object per row. Ranges of ids keep each value far below PostgreSQL's 1 GB.
Tests compare the columns with the row-by-row reader's on the same database.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from crm.graph.columns import NO_DAY, TYPE_CODE, Alumnus, NetworkColumns
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.graph.strength import (
    AFFILIATION_ROLE,
    AGREEMENT_STATUS,
    ATTENDANCE_ROLE,
    INTERACTION_EACH,
    INTRODUCTION_STATUS,
    PARENT_STRENGTH,
    PARTICIPATION_ROLE,
    RELATIONSHIP_DEFAULT,
)

if TYPE_CHECKING:
    from crm.network.columns_source import RowIndex

__all__ = ["LINK_RECORD", "RANGE", "load_packed"]

#: ids per statement: at most RANGE records of 36 bytes in one bytea value
RANGE: Final = 1 << 22
#: one link: the row id, both ends (type code, id), base, ordinal day, recency floor
LINK_RECORD: Final = np.dtype(
    [
        ("row", ">i4"),
        ("a_type", ">i2"),
        ("a_id", ">i4"),
        ("b_type", ">i2"),
        ("b_id", ">i4"),
        ("base", ">f8"),
        ("day", ">i4"),
        ("floor", ">f8"),
    ]
)
_P, _O, _E, _J = (TYPE_CODE[t] for t in (PERSON, ORGANIZATION, EVENT, PROJECT))


def _float(value: float) -> str:
    return f"float8 '{value!r}'"


def _table(column: str, values: Mapping[str, float], default: float) -> str:
    """`values.get(column, default)` in SQL (the strength tables of crm.graph.strength)."""
    cases = " ".join(f"WHEN '{key}' THEN {_float(v)}" for key, v in values.items())
    return f"CASE {column} {cases} ELSE {_float(default)} END"


def _ordinal(day: str) -> str:
    """`date.toordinal()` of a date expression, NO_DAY when it is null."""
    return f"COALESCE(({day}) - DATE '0001-01-01' + 1, {NO_DAY})"


def _party(person: str, organization: str) -> tuple[str, str]:
    kind = f"CASE WHEN {person} IS NOT NULL THEN {_P} ELSE {_O} END"
    return kind, f"COALESCE({person}, {organization}, -1)"


def _record(
    row: str, a: tuple[str, str], b: tuple[str, str], base: str, day: str, floor: str
) -> str:
    parts = (
        f"int4send({row})",
        f"int2send(({a[0]})::int2)",
        f"int4send({a[1]})",
        f"int2send(({b[0]})::int2)",
        f"int4send({b[1]})",
        f"float8send({base})",
        f"int4send({day})",
        f"float8send({floor})",
    )
    return f"string_agg({' || '.join(parts)}, ''::bytea)"


def _relationship_base() -> str:
    default = _table("kind", RELATIONSHIP_DEFAULT, 0.5)
    return f"LEAST({_float(1.0)}, GREATEST({_float(0.0)}, COALESCE(strength, {default})))"


#: per link table: the kind of its links, the id column ranged over, and the statement
#: (a `{where}` for the range of ids)
_LINKS: Final[Mapping[str, tuple[str, str, str]]] = {
    "organization": (
        "parent",
        "id",
        "SELECT "
        + _record(
            "id",
            (str(_O), "id"),
            (str(_O), "parent_id"),
            _float(PARENT_STRENGTH),
            str(NO_DAY),
            _float(0.0),
        )
        + " FROM organization WHERE parent_id IS NOT NULL AND {where}",
    ),
    "affiliation": (
        "affiliation",
        "id",
        "SELECT "
        + _record(
            "id",
            (str(_P), "person_id"),
            (str(_O), "organization_id"),
            _table("role", AFFILIATION_ROLE, 0.5),
            _ordinal("ends_on"),
            _float(0.0),
        )
        + " FROM affiliation WHERE {where}",
    ),
    "relationship": (
        "relationship",
        "id",
        "SELECT "
        + _record(
            "id",
            (str(_P), "person_a_id"),
            (str(_P), "person_b_id"),
            _relationship_base(),
            _ordinal("since"),
            f"CASE kind WHEN 'family' THEN {_float(0.9)} ELSE {_float(0.5)} END",
        )
        + " FROM relationship WHERE {where}",
    ),
    "attendance": (
        "attendance",
        "id",
        "SELECT "
        + _record(
            "id",
            (str(_P), "person_id"),
            (str(_E), "event_id"),
            _table("role", ATTENDANCE_ROLE, 0.4),
            str(NO_DAY),
            _float(0.0),
        )
        + " FROM attendance WHERE {where}",
    ),
    "participation": (
        "participation",
        "id",
        "SELECT "
        + _record(
            "id",
            _party("person_id", "organization_id"),
            (str(_J), "project_id"),
            _table("role", PARTICIPATION_ROLE, 0.6),
            str(NO_DAY),
            _float(0.0),
        )
        + " FROM participation WHERE {where}",
    ),
    "introduction": (
        "introduction",
        "id",
        "SELECT "
        + _record(
            "id",
            (str(_P), "seeker_id"),
            _party("target_person_id", "target_organization_id"),
            _table("status", INTRODUCTION_STATUS, 0.0),
            _ordinal("status_changed_at::date"),
            _float(0.4),
        )
        # a declined or pending introduction makes no tie
        + " FROM introduction WHERE status IN ("
        + ", ".join(f"'{s}'" for s, v in INTRODUCTION_STATUS.items() if v > 0.0)
        + ") AND {where}",
    ),
    "agreement": (
        "agreement_party",
        "g.id",
        "SELECT "
        + _record(
            "g.id",
            _party("a.person_id", "a.organization_id"),
            _party("b.person_id", "b.organization_id"),
            _table("g.status", AGREEMENT_STATUS, 0.3),
            _ordinal("g.signed_on"),
            _float(0.5),
        )
        + " FROM agreement g JOIN agreement_party a ON a.agreement_id = g.id"
        " JOIN agreement_party b ON b.agreement_id = g.id AND b.id > a.id WHERE {where}",
    ),
    "interaction": (
        "interaction",
        "i.id",
        "SELECT "
        + _record(
            "i.id",
            (str(_P), "a.person_id"),
            (str(_P), "b.person_id"),
            _float(INTERACTION_EACH),
            _ordinal("i.occurred_at::date"),
            _float(0.0),
        )
        + " FROM interaction i"
        " JOIN interaction_participant a ON a.interaction_id = i.id"
        " JOIN interaction_participant b ON b.interaction_id = i.id"
        " AND b.person_id > a.person_id WHERE {where}",
    ),
}

#: the node tables: type, statement (id, label, ordinal day)
_NODES: Final = (
    (PERSON, f"SELECT id, name, {NO_DAY} FROM person"),
    (ORGANIZATION, f"SELECT id, name, {NO_DAY} FROM organization"),
    (EVENT, f"SELECT id, name, {_ordinal('starts_on::date')} FROM event"),
    (PROJECT, f"SELECT id, name, {NO_DAY} FROM project"),
)
_ALUMNI: Final = (
    "SELECT person_id, organization_id, starts_on, ends_on, COALESCE(field_of_study, ''), id"
    " FROM affiliation WHERE role = 'alumnus' AND starts_on IS NOT NULL"
)


async def load_packed(session: AsyncSession, out: NetworkColumns, index: RowIndex) -> None:
    """Every node and link of the database into `out`, each link's row into `index`, in
    the session's transaction (PostgreSQL only)."""
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    async with raw.cursor(binary=True) as cursor:
        for type_name, statement in _NODES:
            await cursor.execute(statement)
            rows = await cursor.fetchall()
            out.extend_nodes(
                type_name,
                [r[0] for r in rows],
                [r[1] for r in rows],
                days=[r[2] for r in rows],
            )
        for table in _LINKS:
            for records in await _link_records(cursor, table):
                _add_records(out, index, table, records)
        await cursor.execute(_ALUMNI)
        out.alumni.extend(Alumnus(*row) for row in await cursor.fetchall())


async def _link_records(cursor: Any, table: str) -> list[np.ndarray]:
    """The packed records of `table`'s links, a range of ids at a time."""
    _, column, statement = _LINKS[table]
    await cursor.execute(f"SELECT min(id), max(id) FROM {table}")
    low, high = await cursor.fetchone()
    found: list[np.ndarray] = []
    if low is None:
        return found
    for start in range(int(low), int(high) + 1, RANGE):
        where = f"{column} >= {start} AND {column} < {start + RANGE}"
        await cursor.execute(statement.format(where=where))
        (packed,) = await cursor.fetchone()
        if packed:
            found.append(np.frombuffer(packed, dtype=LINK_RECORD))
    return found


def _add_records(out: NetworkColumns, index: RowIndex, table: str, records: np.ndarray) -> None:
    out.extend_links(
        _LINKS[table][0],
        records["a_type"],
        records["a_id"],
        records["b_type"],
        records["b_id"],
        base=records["base"],
        day=records["day"],
        floor=records["floor"],
    )
    index.extend(table, records["row"])
