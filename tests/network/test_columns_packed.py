"""The whole network read from PostgreSQL as packed records equals the row-by-row read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import numpy as np
import pytest

from crm.graph.columns import NetworkColumns
from crm.network import columns_packed
from crm.network.columns_source import RowIndex, load_columns, load_row_by_row
from tests.conftest import DatabaseFactory
from tests.seed.conftest import SeededDemo, SeededDemos

_LINK_COLUMNS = (
    ("kind", "u1"),
    ("a_type", "u1"),
    ("a_id", "i8"),
    ("b_type", "u1"),
    ("b_id", "i8"),
    ("base", "f8"),
    ("day", "i8"),
    ("floor", "f8"),
)


@pytest.fixture(scope="session")
async def packed_demos(databases: DatabaseFactory) -> AsyncIterator[SeededDemos]:
    demos = SeededDemos(databases)
    yield demos
    await demos.close()


@pytest.fixture
async def demo(backend: str, packed_demos: SeededDemos) -> SeededDemo:
    if backend != "postgresql":
        pytest.skip("packed records are read from PostgreSQL only")
    return await packed_demos.get(backend)


def _links(columns: NetworkColumns, index: RowIndex) -> list[tuple[Any, ...]]:
    arrays = [np.frombuffer(getattr(columns, name), dtype=t) for name, t in _LINK_COLUMNS]
    arrays += [np.frombuffer(index.table, dtype="u1"), np.frombuffer(index.row, dtype="i8")]
    return sorted(zip(*(a.tolist() for a in arrays), strict=True))


def _nodes(columns: NetworkColumns) -> list[tuple[Any, ...]]:
    return sorted(
        zip(
            columns.node_type.tolist(),
            columns.node_id.tolist(),
            columns.labels,
            columns.node_day.tolist(),
            columns.node_declared.tolist(),
            strict=True,
        )
    )


@pytest.mark.parametrize("ids_per_statement", [columns_packed.RANGE, 7])
async def test_packed_records_are_the_rows_read_one_by_one(
    demo: SeededDemo, ids_per_statement: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(columns_packed, "RANGE", ids_per_statement)
    async with demo.session_factory() as session, session.begin():
        packed, packed_rows = await load_columns(session)
        rows, row_rows = await load_row_by_row(session)
    assert len(rows.kind) > 100
    # every kind of link the demo holds, with the facts that weigh it
    assert set(packed.kind.tolist()) == set(rows.kind.tolist())
    assert len(set(rows.kind.tolist())) >= 7
    assert _links(packed, packed_rows) == _links(rows, row_rows)
    assert _nodes(packed) == _nodes(rows)
    assert sorted(packed.alumni, key=repr) == sorted(rows.alumni, key=repr)
