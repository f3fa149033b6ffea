"""Suggested introductions: people two steps away worth meeting, by link prediction."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

import networkx as nx

from crm.graph.records import EVENT, PERSON, PROJECT
from crm.graph.strength import Tie

__all__ = ["DIRECT_KINDS", "Suggestion", "suggested_introductions"]

#: a person already tied by one of these needs no introduction
DIRECT_KINDS: Final = frozenset({"relationship", "introduction", "interaction"})


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Someone worth meeting: the score, what `person` and they share, and why in words."""

    key: str
    label: str
    score: float
    common_contacts: tuple[str, ...]
    shared: tuple[str, ...]
    reason: str


def suggested_introductions(
    graph: nx.Graph,
    person: str,
    *,
    first: int = 10,
    visible: Callable[[str], bool] | None = None,
) -> list[Suggestion]:
    """The `first` people two hops from `person`, by weighted Adamic–Adar, best first.

    score(q) = Σ over common neighbours w (people, organisations, events, projects) of
    s(p, w) · s(w, q) / ln(e − 1 + deg w): strong ties through a small circle count
    most. People already tied to `person` by a relationship, an introduction or an
    interaction are left out, and so are nodes for which `visible` is false.
    """
    if person not in graph:
        return []
    adj, nodes = graph.adj, graph.nodes
    direct = {q for q, data in adj[person].items() if _personal(data)}
    via: dict[str, dict[str, float]] = defaultdict(dict)
    for middle, first_edge in adj[person].items():
        if visible is not None and not visible(middle):
            continue
        damping = 1.0 / math.log(math.e - 1.0 + len(adj[middle]))
        for other, second_edge in adj[middle].items():
            if other == person or other in direct or nodes[other].get("type") != PERSON:
                continue
            if visible is not None and not visible(other):
                continue
            via[other][middle] = first_edge["strength"] * second_edge["strength"] * damping
    scores = {other: sum(parts.values()) for other, parts in via.items()}
    chosen = sorted(scores, key=lambda q: (-scores[q], q))[:first]
    return [_suggestion(graph, other, scores[other], via[other]) for other in chosen]


def _personal(data: Mapping[str, Any]) -> bool:
    ties: tuple[Tie, ...] = data.get("ties", ())
    return any(tie.kind in DIRECT_KINDS for tie in ties)


def _suggestion(graph: nx.Graph, key: str, score: float, via: dict[str, float]) -> Suggestion:
    nodes = graph.nodes
    ranked = sorted(via, key=lambda w: (-via[w], w))
    contacts = tuple(w for w in ranked if nodes[w].get("type") == PERSON)
    shared = tuple(w for w in ranked if nodes[w].get("type") != PERSON)
    label = str(nodes[key].get("label", key))
    return Suggestion(key, label, score, contacts, shared, _reason(graph, contacts, shared))


def _reason(graph: nx.Graph, contacts: tuple[str, ...], shared: tuple[str, ...]) -> str:
    def name(key: str) -> str:
        return str(graph.nodes[key].get("label", key))

    parts = []
    if len(contacts) == 1:
        parts.append(f"1 contact in common: {name(contacts[0])}")
    elif len(contacts) == 2:
        parts.append(f"2 contacts in common: {name(contacts[0])}, {name(contacts[1])}")
    elif contacts:
        leading = ", ".join(name(c) for c in contacts[:2])
        parts.append(f"{len(contacts)} contacts in common, incl. {leading}")
    groups: dict[str, list[str]] = defaultdict(list)
    for key in shared:
        groups[_verb(graph.nodes[key].get("type"))].append(name(key))
    for verb, names in groups.items():
        more = f" and {len(names) - 2} more" if len(names) > 2 else ""
        parts.append(f"both {verb} {' and '.join(names[:2])}{more}")
    return "; ".join(parts)


def _verb(kind: object) -> str:
    if kind == EVENT:
        return "attended"
    if kind == PROJECT:
        return "work on"
    return "in"
