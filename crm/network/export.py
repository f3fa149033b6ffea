"""`crm export graph`: the network as GEXF (Gephi) or GraphML (Cytoscape, yEd).

Both formats take only scalar attributes, so every node and edge is written with
its facts flattened: lists joined with "; ", dates as ISO text, missing values left
out, the tie facts behind an edge summarised by kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Final, Literal

import networkx as nx

__all__ = ["FORMATS", "GraphFormat", "scrubbed", "write_graph"]

GraphFormat = Literal["gexf", "graphml"]
FORMATS: Final[tuple[GraphFormat, ...]] = ("gexf", "graphml")


def _scalar(value: object) -> str | int | float | bool | None:
    if value is None:
        return None
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        parts = [str(_scalar(v)) for v in value if v is not None]
        return "; ".join(parts) if parts else None
    if hasattr(value, "value"):  # an enum member
        return _scalar(value.value)
    return str(value)


def _flat(values: Mapping[str, object]) -> dict[str, str | int | float | bool]:
    flat: dict[str, str | int | float | bool] = {}
    for name, value in values.items():
        scalar = _scalar(value)
        if scalar is not None:
            flat[name] = scalar
    return flat


def scrubbed(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` with scalar attributes only (the records behind it dropped)."""
    out = nx.Graph(name="crm network")
    for key, data in graph.nodes(data=True):
        attrs: Mapping[str, object] = data.get("attrs", {})
        out.add_node(
            key,
            **_flat(
                {
                    **attrs,
                    "type": data.get("type"),
                    "label": data.get("label", key),
                    "size": data.get("size"),
                }
            ),
        )
    for a, b, data in graph.edges(data=True):
        kinds = sorted({tie.kind for tie in data.get("ties", ())})
        out.add_edge(
            a,
            b,
            **_flat(
                {
                    "kind": data.get("kind"),
                    "strength": data.get("strength"),
                    "weight": data.get("strength"),
                    "cost": data.get("cost"),
                    "ties": kinds,
                }
            ),
        )
    return out


def write_graph(graph: nx.Graph, path: Path, fmt: GraphFormat) -> None:
    """Write `graph` (scrubbed) to `path` as `fmt`."""
    clean = scrubbed(graph)
    if fmt == "gexf":
        nx.write_gexf(clean, path)
    elif fmt == "graphml":
        nx.write_graphml(clean, path)
    else:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}")
