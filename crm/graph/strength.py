"""The tie-strength model: how strong each fact makes a tie, and what an edge costs.

Every formula here is explained, with its constants, in docs/analysis.md.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

from crm.graph.records import HUB_KIND, LinkRecord, fact_date, hub_end

__all__ = [
    "HOP_COST",
    "MIN_STRENGTH",
    "Hub",
    "Tie",
    "cost_of",
    "edge_strength",
    "edge_ties",
    "recency",
    "size_factor",
    "tie_strength",
]

#: strengths are clamped into [MIN_STRENGTH, 1] so that every cost is finite
MIN_STRENGTH: Final = 1e-6
#: added to every edge's cost: among equally strong chains the shorter one wins, and
#: a chain of perfect ties is not free
HOP_COST: Final = 0.1

AFFILIATION_ROLE: Final[Mapping[str, float]] = {
    "founder": 0.9,
    "president": 0.9,
    "officer": 0.8,
    "employee": 0.7,
    "adviser": 0.6,
    "member": 0.5,
    "alumnus": 0.5,
}
ATTENDANCE_ROLE: Final[Mapping[str, float]] = {
    "organiser": 0.7,
    "speaker": 0.6,
    "expert": 0.6,
    "official": 0.5,
    "employer_representative": 0.5,
    "guest": 0.4,
    "candidate": 0.4,
}
PARTICIPATION_ROLE: Final[Mapping[str, float]] = {
    "lead": 0.9,
    "partner": 0.7,
    "investor": 0.7,
    "host": 0.6,
    "adviser": 0.5,
}
#: used when a relationship has no recorded strength
RELATIONSHIP_DEFAULT: Final[Mapping[str, float]] = {
    "family": 0.9,
    "mentor": 0.7,
    "classmate": 0.6,
    "colleague": 0.6,
    "co_author": 0.6,
    "business_partner": 0.6,
    "friend": 0.6,
    "hometown": 0.3,
}
INTRODUCTION_STATUS: Final[Mapping[str, float]] = {"made": 0.5, "outcome": 0.6}
AGREEMENT_STATUS: Final[Mapping[str, float]] = {"signed": 0.6, "intention": 0.4, "ended": 0.3}
INTERACTION_EACH: Final = 0.3
INTERACTION_CAP: Final = 0.9
PARENT_STRENGTH: Final = 0.3


@dataclass(frozen=True, slots=True)
class Hub:
    """What a membership tie needs to know about its organisation, event or project.

    `size` is what the tie model uses (`weighed_size` of the members); `members` the
    exact number, for display. Two hubs with the same `size` and date are equal: a
    member joining a large organisation changes no other member's tie.
    """

    size: int
    on: date | None = None
    members: int = field(default=0, compare=False)


def weighed_size(members: int) -> int:
    """The size a hub's ties are weighed by: exact below 100 members, rounded to two
    significant figures above (2,406 → 2,400). The size factor moves by under 1 % within
    a step, and one member more or less rarely changes every member's tie."""
    if members < 100:
        return members
    return int(float(f"{members:.2g}"))


@dataclass(frozen=True, slots=True)
class Tie:
    """One fact's contribution to an edge: its kind, its strength and the record."""

    kind: str
    strength: float
    link: LinkRecord


def recency(since: date | None, today: date, *, floor: float, scale_years: float) -> float:
    """floor + (1 − floor)·exp(−age / scale): 1 for today, decaying toward `floor`.

    An undated fact is taken at face value (1).
    """
    if since is None:
        return 1.0
    age = max(0.0, (today - since).days / 365.25)
    return floor + (1.0 - floor) * math.exp(-age / scale_years)


def size_factor(size: int) -> float:
    """1 / ln(e − 1 + n): 1 for a hub of one, 0.33 for 20 members, 0.12 for 5,000.

    The Adamic–Adar weight of a common neighbour of degree n, shifted to be 1 at n = 1.
    """
    return 1.0 / math.log(math.e - 1.0 + max(1, size))


def _latest(*dates: date | None) -> date | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _number(value: object, default: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return default


def _role(facts: Mapping[str, object], table: Mapping[str, float], default: float) -> float:
    return table.get(str(facts.get("role", "")), default)


def tie_strength(
    link: LinkRecord, *, hub: Hub | None, last_contact: date | None, today: date
) -> float:
    """The strength in [0, 1] of one link; 0 means "no tie" (a declined introduction).

    `hub` describes the organisation, event or project of a membership-like link;
    `last_contact` is the latest shared interaction or introduction of the pair.
    """
    facts, kind = link.facts, link.kind
    if kind == "relationship":
        recorded = _number(
            facts.get("strength"), RELATIONSHIP_DEFAULT.get(str(facts.get("kind")), 0.5)
        )
        floor = 0.9 if facts.get("kind") == "family" else 0.5
        seen = _latest(
            fact_date(facts, "since"),
            fact_date(facts, "recorded_on"),
            fact_date(facts, "last_contact_on"),
            last_contact,
        )
        return min(1.0, max(0.0, recorded)) * recency(seen, today, floor=floor, scale_years=5)
    if kind == "introduction":
        base = INTRODUCTION_STATUS.get(str(facts.get("status")), 0.0)
        seen = _latest(fact_date(facts, "made_on"), last_contact)
        return base * recency(seen, today, floor=0.4, scale_years=3)
    if kind == "interaction":
        occurred = fact_date(facts, "occurred_at")
        age = 0.0 if occurred is None else max(0.0, (today - occurred).days / 365.25)
        return INTERACTION_EACH * math.exp(-age / 2)
    if kind == "agreement_party":
        base = AGREEMENT_STATUS.get(str(facts.get("status")), 0.3)
        return base * recency(fact_date(facts, "signed_on"), today, floor=0.5, scale_years=5)
    if kind == "parent":
        return PARENT_STRENGTH
    size = hub.size if hub is not None else 1
    if kind == "affiliation":
        ended = fact_date(facts, "ends_on")
        ended = ended if ended is not None and ended < today else None
        period = recency(ended, today, floor=0.5, scale_years=10)
        return math.sqrt(_role(facts, AFFILIATION_ROLE, 0.5) * size_factor(size) * period)
    if kind == "attendance":
        held = hub.on if hub is not None else None
        when = recency(held, today, floor=0.5, scale_years=3)
        return math.sqrt(_role(facts, ATTENDANCE_ROLE, 0.4) * size_factor(size) * when)
    if kind == "participation":
        return math.sqrt(_role(facts, PARTICIPATION_ROLE, 0.6) * size_factor(size))
    raise ValueError(f"unknown link kind {kind!r}")


def _last_contact(links: Sequence[LinkRecord]) -> date | None:
    latest: date | None = None
    for link in links:
        if link.kind == "interaction":
            seen = fact_date(link.facts, "occurred_at")
        elif link.kind == "introduction" and link.facts.get("status") in INTRODUCTION_STATUS:
            seen = fact_date(link.facts, "made_on")
        else:
            continue
        latest = _latest(latest, seen)
    return latest


def edge_ties(links: Iterable[LinkRecord], *, hubs: Mapping[str, Hub], today: date) -> list[Tie]:
    """The ties the links between one pair make, strongest first (ties of strength 0 dropped)."""
    ordered = list(links)
    if len(ordered) == 1:
        # alone, a link is its own latest contact
        link = ordered[0]
        hub = hubs.get(hub_end(link)) if link.kind in HUB_KIND else None
        strength = tie_strength(link, hub=hub, last_contact=None, today=today)
        return [Tie(link.kind, max(MIN_STRENGTH, strength), link)] if strength > 0.0 else []
    ordered.sort(key=lambda link: link.identity)
    contact = _last_contact(ordered)
    ties = []
    for link in ordered:
        hub = hubs.get(hub_end(link)) if link.kind in HUB_KIND else None
        strength = tie_strength(link, hub=hub, last_contact=contact, today=today)
        if strength > 0.0:
            ties.append(Tie(link.kind, max(MIN_STRENGTH, strength), link))
    ties.sort(key=lambda tie: (-tie.strength, tie.kind, tie.link.identity))
    return ties


def edge_strength(ties: Iterable[Tie]) -> float:
    """Combine an edge's ties: the strongest of each kind, then noisy-or across kinds.

    Repeated interactions are the exception: each adds evidence (noisy-or among
    themselves, capped at INTERACTION_CAP). Several facts of one kind (two
    affiliations, a relationship recorded twice) describe one tie and are not counted
    twice.
    """
    ties = list(ties)
    if len(ties) == 1:
        return min(1.0, max(MIN_STRENGTH, ties[0].strength))
    best: dict[str, float] = {}
    interactions: list[float] = []
    for tie in sorted(ties, key=lambda t: (t.kind, t.link.identity)):
        if tie.kind == "interaction":
            interactions.append(tie.strength)
        else:
            best[tie.kind] = max(best.get(tie.kind, 0.0), tie.strength)
    if interactions:
        best["interaction"] = min(INTERACTION_CAP, _noisy_or(interactions))
    if not best:
        return MIN_STRENGTH
    return min(1.0, max(MIN_STRENGTH, _noisy_or([best[kind] for kind in sorted(best)])))


def _noisy_or(values: Sequence[float]) -> float:
    if len(values) == 1:
        return values[0]
    miss = 1.0
    for value in values:
        miss *= 1.0 - value
    return 1.0 - miss


def cost_of(strength: float) -> float:
    """−ln(strength) + HOP_COST: a path's cost is −ln of its strength plus its length."""
    return -math.log(strength) + HOP_COST
