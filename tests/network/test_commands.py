"""`crm analyze` and `crm export graph` as a user runs them, on a small network."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import AffiliationRole, RelationshipKind
from crm.db.revision import current_revision
from tests import factories
from tests.conftest import _empty_tables

CRM = str(Path(sys.executable).with_name("crm"))


def _run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CRM_DATABASE_URL": url}
    return subprocess.run(
        [CRM, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
async def network(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    """Three friends in a row, two of them members of one association."""
    async with session_factory() as session, session.begin():
        people = [
            await factories.person(session, name=n, expertise=["AI", "robotics"], country="GB")
            for n in ("李伟", "王芳", "张强")
        ]
        club = await factories.organization(
            session, name="牛津大学中国校友会", name_en="Oxford", country="GB"
        )
        for p, q in pairwise(people):
            session.add(
                models.Relationship(
                    person_a_id=min(p.id or 0, q.id or 0),
                    person_b_id=max(p.id or 0, q.id or 0),
                    kind=RelationshipKind.FRIEND,
                )
            )
        for p in people[:2]:
            session.add(
                models.Affiliation(
                    person_id=p.id, organization_id=club.id, role=AffiliationRole.MEMBER
                )
            )
    yield
    await _empty_tables(session_factory)


async def test_analyze_stores_every_metric_tagged_with_the_revision(
    database_url: str, session_factory: async_sessionmaker[AsyncSession], network: None
) -> None:
    result = _run(database_url, "analyze")
    assert result.returncode == 0, result.stderr
    assert "analysed 4 nodes" in result.stderr
    async with session_factory() as session:
        revision = await current_revision(session)
        m = models.ComputedMetric
        rows = (
            await session.execute(
                select(m.metric, func.count(), func.min(m.graph_revision)).group_by(m.metric)
            )
        ).all()
        pagerank = (
            await session.execute(select(func.sum(m.value)).where(m.metric == "pagerank"))
        ).scalar_one()
    # the values themselves, not only their count (COPY text on PostgreSQL)
    assert pagerank == pytest.approx(1.0, abs=1e-12)
    counts = {name: n for name, n, _ in rows}
    assert counts == {
        "pagerank": 4,
        "eigenvector": 4,
        "degree": 4,
        "betweenness": 4,
        "constraint": 3,
        "effective_size": 3,
        "community": 4,
    }
    assert {r for _, _, r in rows} == {revision}


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
async def test_export_graph_writes_a_file_gephi_and_cytoscape_read(
    database_url: str, network: None, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"network.{fmt}"
    result = _run(database_url, "export", "graph", str(target), "--format", fmt)
    assert result.returncode == 0, result.stderr
    graph = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 4
    labels = {data["label"] for _, data in graph.nodes(data=True)}
    assert labels == {"李伟", "王芳", "张强", "牛津大学中国校友会"}
    person = next(data for _, data in graph.nodes(data=True) if data["label"] == "李伟")
    assert person["type"] == "Person"
    assert person["expertise"] == "AI; robotics"
    # what Gephi sizes and colours by, without computing anything
    assert "computed now" in result.stderr  # nothing stored yet
    for _, data in graph.nodes(data=True):
        assert float(data["pagerank"]) > 0
        assert float(data["betweenness"]) >= 0
        assert int(data["community"]) >= 0
    middle = next(data for _, data in graph.nodes(data=True) if data["label"] == "王芳")
    assert float(middle["betweenness"]) > float(person["betweenness"])
    club = next(data for _, data in graph.nodes(data=True) if data["type"] == "Organization")
    assert club["kind"]
    assert club["country"]
    assert person["country"]
    for _, _, data in graph.edges(data=True):
        assert 0 < float(data["strength"]) <= 1
        assert data["kind"] in {"relationship", "affiliation"}


async def test_export_graph_reads_the_metrics_analyze_stored(
    database_url: str, network: None, tmp_path: Path
) -> None:
    assert _run(database_url, "analyze").returncode == 0
    target = tmp_path / "network.gexf"
    result = _run(database_url, "export", "graph", str(target))
    assert result.returncode == 0, result.stderr
    assert "as stored at graph revision" in result.stderr
    graph = nx.read_gexf(target)
    assert all("pagerank" in data for _, data in graph.nodes(data=True))


def test_export_graph_refuses_an_unknown_format(database_url: str, tmp_path: Path) -> None:
    result = _run(database_url, "export", "graph", str(tmp_path / "x.dot"), "--format", "dot")
    assert result.returncode == 2
    assert "unknown format 'dot'" in result.stderr
    assert not (tmp_path / "x.dot").exists()


async def test_export_graph_as_parquet_reads_back_with_weights_and_attributes(
    database_url: str, network: None, tmp_path: Path
) -> None:
    import pyarrow.parquet as pq

    target = tmp_path / "network"
    result = _run(database_url, "export", "graph", str(target), "--format", "parquet")
    assert result.returncode == 0, result.stderr
    nodes = pq.read_table(target / "nodes.parquet").to_pylist()
    edges = pq.read_table(target / "edges.parquet").to_pylist()
    assert sorted(n["label"] for n in nodes) == sorted(
        ["李伟", "王芳", "张强", "牛津大学中国校友会"]
    )
    by_index = {n["id"]: n for n in nodes}
    li = next(n for n in nodes if n["label"] == "李伟")
    assert li["type"] == "Person"
    assert li["expertise"] == ["AI", "robotics"]
    assert li["key"] == f"Person:{li['db_id']}"
    assert next(n for n in nodes if n["type"] == "Organization")["size"] == 2
    assert len(edges) == 4
    kinds = set()
    for edge in edges:
        assert edge["source"] < edge["target"]
        assert 0 < edge["strength"] <= 1
        assert edge["cost"] == pytest.approx(-math.log(edge["strength"]) + 0.1)
        assert edge[f"has_{edge['kind']}"]
        kinds.add(edge["kind"])
        assert {by_index[edge["source"]]["type"], by_index[edge["target"]]["type"]} <= {
            "Person",
            "Organization",
        }
    assert kinds == {"relationship", "affiliation"}
