"""The records behind a network graph, indexed for incremental updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from crm.graph.cohort import Study
from crm.graph.records import LinkRecord, NodeRecord
from crm.graph.strength import Hub, Tie

__all__ = ["NetworkState", "Pair"]

#: two node keys, the smaller first
Pair = tuple[str, str]


@dataclass(slots=True)
class NetworkState:
    """The records a graph was built from, indexed for incremental updates.

    `build_graph` keeps it in `graph.graph["state"]`; `apply_changes` reads and
    updates it. Links whose ends are missing stay here until the node arrives.
    """

    today: date
    exclude: frozenset[str]
    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    links: dict[str, LinkRecord] = field(default_factory=dict)
    node_links: dict[str, set[str]] = field(default_factory=dict)
    hubs: dict[str, Hub] = field(default_factory=dict)
    #: organisation → the pairs its alumni cohorts tie; pair → organisation → tie
    cohort_pairs: dict[str, set[Pair]] = field(default_factory=dict)
    cohort_ties: dict[Pair, dict[str, Tie]] = field(default_factory=dict)
    #: organisation → field key → the alumni studies its cohort ties were computed from
    cohort_studies: dict[str, dict[str, tuple[Study, ...]]] = field(default_factory=dict)
    #: organisation → field key → the ties of that cohort group
    cohort_groups: dict[str, dict[str, dict[Pair, Tie]]] = field(default_factory=dict)

    def present(self, key: str) -> bool:
        return key in self.nodes and key not in self.exclude

    def add_link(self, link: LinkRecord) -> None:
        identity = link.identity
        self.links[identity] = link
        self.node_links.setdefault(link.source, set()).add(identity)
        self.node_links.setdefault(link.target, set()).add(identity)

    def drop_link(self, identity: str) -> LinkRecord | None:
        link = self.links.pop(identity, None)
        if link is not None:
            for end in (link.source, link.target):
                ids = self.node_links.get(end)
                if ids is not None:
                    ids.discard(identity)
                    if not ids:
                        del self.node_links[end]
        return link

    def links_of(self, key: str) -> list[LinkRecord]:
        return [self.links[i] for i in self.node_links.get(key, ())]
