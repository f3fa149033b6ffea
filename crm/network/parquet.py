"""`crm export graph --format parquet`: the weighted network as Parquet, for engines past
one machine (Spark GraphFrames, Neo4j GDS, DuckDB; docs/scale.md).

A folder with two files: `nodes.parquet` (one row per node: its index, key, type,
database id, label, hub size and the attributes filters use) and `edges.parquet` (one
row per linked pair, `source` < `target` by index: strength, cost = −ln(strength) + 0.1,
the kind of the strongest tie and one boolean column per kind of tie behind it). The
arrays of the compact graph go to Arrow without a copy per value, so ten million edges
are written in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from crm.graph.compact import KINDS, NODE_TYPES, CompactGraph

__all__ = ["NodeAttributes", "write_parquet"]

#: node key → the attributes exported beside it (country, expertise, …)
NodeAttributes = dict[str, dict[str, Any]]

_ATTRIBUTES = ("country", "city", "hometown_province", "expertise", "kind", "starts_on", "field")


def _labels(graph: CompactGraph) -> pa.Array:
    offsets = pa.array(np.asarray(graph.label_offsets, dtype=np.int64).astype(np.int32))
    data = pa.py_buffer(np.asarray(graph.label_bytes).tobytes())
    return pa.StringArray.from_buffers(graph.node_count, offsets.buffers()[1], data)


def nodes_table(graph: CompactGraph, attributes: NodeAttributes | None = None) -> pa.Table:
    types = np.asarray(graph.types)
    ids = np.asarray(graph.ids)
    type_names = pa.DictionaryArray.from_arrays(
        pa.array(types.astype(np.int32)), pa.array(list(NODE_TYPES))
    )
    keys = [f"{NODE_TYPES[t]}:{i}" for t, i in zip(types.tolist(), ids.tolist(), strict=True)]
    columns: dict[str, Any] = {
        "id": pa.array(np.arange(graph.node_count, dtype=np.int64)),
        "key": pa.array(keys, pa.string()),
        "type": type_names,
        "db_id": pa.array(ids),
        "label": _labels(graph),
        "size": pa.array(np.asarray(graph.sizes)),
    }
    found = attributes or {}
    for name in _ATTRIBUTES:
        values = [found.get(key, {}).get(name) for key in keys]
        if any(v is not None for v in values):
            columns[name] = pa.array(values)
    return pa.table(columns)


def edges_table(graph: CompactGraph) -> pa.Table:
    u, v, at = graph.edge_list()
    kind = np.asarray(graph.kind)[at]
    kinds = np.asarray(graph.kinds)[at]
    columns: dict[str, Any] = {
        "source": pa.array(u.astype(np.int64)),
        "target": pa.array(v.astype(np.int64)),
        "strength": pa.array(np.asarray(graph.strength)[at]),
        "weight": pa.array(np.asarray(graph.strength)[at]),
        "cost": pa.array(np.asarray(graph.cost)[at]),
        "kind": pa.DictionaryArray.from_arrays(pa.array(kind.astype(np.int32)), pa.array(KINDS)),
    }
    for code, name in enumerate(KINDS):
        columns[f"has_{name}"] = pa.array((kinds & (1 << code)) != 0)
    return pa.table(columns)


def write_parquet(
    graph: CompactGraph, folder: Path, attributes: NodeAttributes | None = None
) -> tuple[Path, Path]:
    """Write `folder`/nodes.parquet and `folder`/edges.parquet; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.parquet", folder / "edges.parquet"
    pq.write_table(nodes_table(graph, attributes), nodes, compression="zstd")
    pq.write_table(edges_table(graph), edges, compression="zstd")
    return nodes, edges
