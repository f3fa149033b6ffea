"""What the analysis answers name nodes and paths by, whichever engine found them
(networkx in `crm.resolvers.analysis`, the compact engine in `live_analysis`)."""

from __future__ import annotations

from dataclasses import dataclass

from crm.graph.paths import Path

__all__ = ["LabelledPath", "NodeRef"]


@dataclass(frozen=True, slots=True)
class NodeRef:
    """A node of the graph as a result names it: key, type and label."""

    key: str
    type: str
    label: str


@dataclass(frozen=True, slots=True)
class LabelledPath:
    """A path and the names of its nodes."""

    path: Path
    refs: dict[str, NodeRef]
