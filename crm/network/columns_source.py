"""Reads the network from the database into columns (crm.graph.columns), with row identities.

The compact counterpart of crm.network.source: the same rows, mapped to the same facts
(tests compare the two graphs), but streamed into typed arrays instead of records.
Each link row keeps its table and id (`RowIndex`), so a mapped snapshot knows which
pairs a changed row produced when it catches up.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

import numpy as np
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_columns as q
from crm.graph.columns import TYPE_CODE, NetworkColumns, day_of
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT
from crm.network.columns_packed import load_packed

__all__ = ["ROW_TABLES", "RowIndex", "add_link_rows", "load_columns", "load_row_by_row"]

#: tables whose rows are links (the organisation table: its parent link)
ROW_TABLES: Final = (
    "affiliation",
    "relationship",
    "attendance",
    "participation",
    "introduction",
    "agreement",
    "interaction",
    "organization",
)
_P, _O, _E, _J = (TYPE_CODE[t] for t in (PERSON, ORGANIZATION, EVENT, PROJECT))


@dataclass
class RowIndex:
    """For each link the columns hold: the table (index into ROW_TABLES) and row id."""

    table: array[int] = field(default_factory=lambda: array("B"))
    row: array[int] = field(default_factory=lambda: array("q"))

    def add(self, table: str, row: int) -> None:
        self.table.append(ROW_TABLES.index(table))
        self.row.append(row)

    def extend(self, table: str, rows: np.ndarray) -> None:
        self.table.frombytes(bytes([ROW_TABLES.index(table)]) * len(rows))
        self.row.frombytes(np.ascontiguousarray(rows, dtype=np.int64).tobytes())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return str(value.value) if hasattr(value, "value") else str(value)


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _party(person_id: int | None, organization_id: int | None) -> tuple[int, int]:
    if person_id is not None:
        return _P, person_id
    assert organization_id is not None
    return _O, organization_id


async def load_columns(
    session: AsyncSession, among: q.Among = None, *, skip: Collection[str] = ()
) -> tuple[NetworkColumns, RowIndex]:
    """Every node and link (or those among `among`) as columns, in the caller's
    transaction, with the row each link came from (the whole network from PostgreSQL:
    packed records, crm.network.columns_packed). Link tables in `skip` are not read."""
    if among is None and not skip and (await session.connection()).dialect.name == "postgresql":
        out, index = NetworkColumns(), RowIndex()
        await load_packed(session, out, index)
        return out, index
    return await load_row_by_row(session, among, skip=skip)


async def load_row_by_row(
    session: AsyncSession, among: q.Among = None, *, skip: Collection[str] = ()
) -> tuple[NetworkColumns, RowIndex]:
    """`load_columns` a row at a time through the statements of
    crm.db.queries.graph_columns (SQLite, and parts of the network)."""
    out, index = NetworkColumns(), RowIndex()
    async for rows in q.stream_rows(session, "person", among):
        for r in rows:
            out.add_node(PERSON, r[0], r[1])
    async for rows in q.stream_rows(session, "organization", among):
        for r in rows:
            out.add_node(ORGANIZATION, r[0], r[1])
        add_link_rows(out, index, "organization", rows)
    async for rows in q.stream_rows(session, "event", among):
        for r in rows:
            out.add_node(EVENT, r[0], r[1], day=day_of(r[2]))
    async for rows in q.stream_rows(session, "project", among):
        for r in rows:
            out.add_node(PROJECT, r[0], r[1])
    for table in ROW_TABLES[:-1]:
        if table in skip:
            continue
        async for rows in q.stream_rows(session, table, among):
            add_link_rows(out, index, table, rows)
    return out, index


def add_link_rows(out: NetworkColumns, index: RowIndex, table: str, rows: Iterable[Any]) -> None:
    """Map rows of a link table's statement (crm.db.queries.graph_columns) to links."""
    add = _ADDERS[table]
    for r in rows:
        before = len(out.kind)
        add(out, r)
        # a row may add no link (a declined introduction): index only what was added
        for _ in range(len(out.kind) - before):
            index.add(table, r[0])


def _affiliation(out: NetworkColumns, r: Any) -> None:
    out.affiliation(
        (_P, r[1]),
        (_O, r[2]),
        role=_text(r[3]),
        starts_on=r[4],
        ends_on=r[5],
        field_of_study=r[6],
        row=r[0],
    )


def _relationship(out: NetworkColumns, r: Any) -> None:
    out.relationship((_P, r[1]), (_P, r[2]), kind=_text(r[3]), strength=r[4], seen=(r[5],))


def _attendance(out: NetworkColumns, r: Any) -> None:
    out.attendance((_P, r[1]), (_E, r[2]), role=_text(r[3]) or "")


def _participation(out: NetworkColumns, r: Any) -> None:
    out.participation(_party(r[2], r[3]), (_J, r[1]), role=_text(r[4]) or "")


def _introduction(out: NetworkColumns, r: Any) -> None:
    target = _party(r[2], r[3])
    out.introduction((_P, r[1]), target, status=_text(r[4]), made_on=_date(r[5]))


def _agreement(out: NetworkColumns, r: Any) -> None:
    a, b = _party(r[3], r[4]), _party(r[5], r[6])
    out.agreement_party(a, b, status=_text(r[1]), signed_on=r[2])


def _interaction(out: NetworkColumns, r: Any) -> None:
    out.interaction((_P, r[2]), (_P, r[3]), on=_date(r[1]))


def _parent(out: NetworkColumns, r: Any) -> None:
    if r[2] is not None:
        out.parent((_O, r[0]), (_O, r[2]))


_ADDERS: dict[str, Callable[[NetworkColumns, Any], None]] = {
    "affiliation": _affiliation,
    "relationship": _relationship,
    "attendance": _attendance,
    "participation": _participation,
    "introduction": _introduction,
    "agreement": _agreement,
    "interaction": _interaction,
    "organization": _parent,
}
