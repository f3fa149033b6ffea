"""Human sentences for the ties of a hop, in the names as written."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final

import networkx as nx

from crm.graph.records import LinkRecord, fact_date, hub_end
from crm.graph.strength import Tie

__all__ = ["hop_evidence"]

RELATIONSHIP_PHRASE: Final[Mapping[str, str]] = {
    "classmate": "classmates",
    "colleague": "colleagues",
    "family": "family",
    "friend": "friends",
    "co_author": "co-authors",
    "business_partner": "business partners",
    "hometown": "from the same hometown",
}
#: (present, past) clause of a person's role in an organisation
AFFILIATION_CLAUSE: Final[Mapping[str, tuple[str, str]]] = {
    "member": ("is a member of", "was a member of"),
    "officer": ("is an officer of", "was an officer of"),
    "president": ("is the president of", "was the president of"),
    "founder": ("is a founder of", "is a founder of"),
    "employee": ("works at", "worked at"),
    "adviser": ("is an adviser to", "was an adviser to"),
    "alumnus": ("studied at", "studied at"),
}
#: what two people with these roles are to an organisation, together
AFFILIATION_GROUP: Final[Mapping[str, str]] = {"employee": "worked at", "alumnus": "studied at"}
PARTICIPATION_CLAUSE: Final[Mapping[str, str]] = {
    "lead": "leads",
    "partner": "is a partner in",
    "investor": "invests in",
    "host": "hosts",
    "adviser": "advises",
}


def hop_evidence(graph: nx.Graph, nodes: Sequence[str], index: int, today: date) -> str:
    """The evidence for the hop nodes[index] → nodes[index + 1] of a path.

    A hop out of an organisation, event or project that the path entered through a
    membership reads as what the two people share ("both members of …").
    """
    u, v = nodes[index], nodes[index + 1]
    ties: Sequence[Tie] = graph.edges[u, v]["ties"]
    previous = nodes[index - 1] if index > 0 else None
    by_kind: dict[str, list[Tie]] = {}
    for tie in ties:
        by_kind.setdefault(tie.kind, []).append(tie)
    sentences = [
        _sentence(graph, kind, group, u, v, previous, today)
        for kind, group in list(by_kind.items())[:2]
    ]
    return "; ".join(sentences)


def _label(graph: nx.Graph, key: str) -> str:
    return str(graph.nodes[key]["label"]) if key in graph else key


def _sentence(
    graph: nx.Graph,
    kind: str,
    ties: list[Tie],
    u: str,
    v: str,
    previous: str | None,
    today: date,
) -> str:
    link = ties[0].link
    if kind == "relationship":
        return _relationship(graph, link)
    if kind == "introduction":
        made = fact_date(link.facts, "made_on")
        broker = link.facts.get("broker")
        text = f"introduced by {broker}" if broker else "introduced"
        return f"{text} on {made.isoformat()}" if made else text
    if kind == "interaction":
        dates = sorted(d for t in ties if (d := fact_date(t.link.facts, "occurred_at")))
        if len(ties) == 1:
            return f"in contact on {dates[0].isoformat()}" if dates else "in contact"
        last = f", last on {dates[-1].isoformat()}" if dates else ""
        return f"in contact {len(ties)} times{last}"
    if kind == "agreement_party":
        title, status = link.facts.get("agreement") or "an agreement", link.facts.get("status")
        signed = fact_date(link.facts, "signed_on")
        if status == "signed" and signed:
            return f"both parties to {title}, signed on {signed.isoformat()}"
        return f"both parties to {title}" + (f" ({status})" if status else "")
    if kind == "parent":
        return f"{_label(graph, link.source)} is part of {_label(graph, link.target)}"
    if kind == "cohort":
        org = _label(graph, str(link.facts.get("organization")))
        field = f" {link.facts['field']}" if link.facts.get("field") else ""
        return f"both studied{field} at {org}, {_years(link.facts, 'from', 'to')}"
    hub = hub_end(link)
    if hub == u and previous is not None and graph.has_edge(previous, u):
        before = [t for t in graph.edges[previous, u]["ties"] if t.kind == kind]
        if before and hub_end(before[0].link) == u:
            return _shared(graph, kind, [t.link for t in before], [t.link for t in ties], u, today)
    member = v if hub == u else u
    return f"{_label(graph, member)} {_membership(graph, kind, [t.link for t in ties], today)}"


def _relationship(graph: nx.Graph, link: LinkRecord) -> str:
    kind = str(link.facts.get("kind", ""))
    if kind == "mentor":
        text = f"{_label(graph, link.source)} is the mentor of {_label(graph, link.target)}"
    else:
        text = RELATIONSHIP_PHRASE.get(kind, kind.replace("_", " ") or "acquainted")
    since = fact_date(link.facts, "since")
    if since:
        text += f" since {since.year}"
    strength = link.facts.get("strength")
    if isinstance(strength, int | float):
        text += f" (strength {strength:.1f})"
    return text


def _years(facts: Mapping[str, object], start: str, end: str) -> str:
    first, last = fact_date(facts, start), fact_date(facts, end)
    if first and last:
        return _year_range(first, last)
    return f"from {first.year}" if first else (f"until {last.year}" if last else "")


def _year_range(first: date, last: date) -> str:
    return f"{first.year}–{last.year}" if last.year != first.year else str(first.year)


def _role(link: LinkRecord) -> str:
    return str(link.facts.get("role") or "member")


def _period(link: LinkRecord, today: date) -> str:
    start, end = fact_date(link.facts, "starts_on"), fact_date(link.facts, "ends_on")
    if end and end < today:
        return f", {_years(link.facts, 'starts_on', 'ends_on')}" if start else f" until {end.year}"
    return f" since {start.year}" if start else ""


def _membership(graph: nx.Graph, kind: str, links: list[LinkRecord], today: date) -> str:
    """One person's membership of a hub: "is a member of X since 2012 (officer since 2019)"."""
    links = sorted(links, key=_start)
    main = links[0]
    hub = _label(graph, hub_end(main))
    if kind == "attendance":
        role = main.facts.get("role")
        held = fact_date(graph.nodes[hub_end(main)].get("attrs", {}), "starts_on")
        as_role = f" as {str(role).replace('_', ' ')}" if role and role != "guest" else ""
        return f"attended {hub}{as_role}" + (f" on {held.isoformat()}" if held else "")
    if kind == "participation":
        return f"{PARTICIPATION_CLAUSE.get(_role(main), 'works on')} {hub}"
    text = _affiliation(main, hub, today)
    extras = [f"{_role(k)}{_period(k, today)}".replace(", ", " ", 1) for k in links[1:]]
    return text + (f" ({'; '.join(extras)})" if extras else "")


def _affiliation(link: LinkRecord, hub: str, today: date) -> str:
    role = _role(link)
    end = fact_date(link.facts, "ends_on")
    present, past = AFFILIATION_CLAUSE.get(role, ("is linked to", "was linked to"))
    if role == "alumnus":
        field = link.facts.get("field_of_study")
        degree = link.facts.get("degree")
        details = [str(degree)] if degree else []
        if years := _years(link.facts, "starts_on", "ends_on"):
            details.append(years)
        inside = f" ({', '.join(details)})" if details else ""
        return f"studied{f' {field}' if field else ''} at {hub}{inside}"
    return f"{past if end and end < today else present} {hub}{_period(link, today)}"


def _shared(
    graph: nx.Graph,
    kind: str,
    before: list[LinkRecord],
    after: list[LinkRecord],
    hub: str,
    today: date,
) -> str:
    """What two members share: "both members of X since 2012", "both attended Y"."""
    name = _label(graph, hub)
    if kind == "attendance":
        held = fact_date(graph.nodes[hub].get("attrs", {}), "starts_on")
        return f"both attended {name}" + (f" ({held.isoformat()})" if held else "")
    if kind == "participation":
        return f"both work on {name}"
    first, second = _earliest(before), _earliest(after)
    people = [_label(graph, _member(k)) for k in (first, second)]
    roles = {AFFILIATION_GROUP.get(_role(first)), AFFILIATION_GROUP.get(_role(second))}
    starts = [fact_date(k.facts, "starts_on") for k in (first, second)]
    if roles == {None}:
        since = f" since {max(d for d in starts if d).year}" if all(starts) else ""
        return f"both members of {name}{since}"
    if len(roles) == 1:
        verb = roles.pop()
        spans = [_span(k, today) for k in (first, second)]
        if spans[0] and spans[1]:
            begin, until = max(spans[0][0], spans[1][0]), min(spans[0][1], spans[1][1])
            if begin <= until:
                return f"both {verb} {name}, {_year_range(begin, until)}"
        known = [f"{who} from {d.year}" for who, d in zip(people, starts, strict=True) if d]
        return f"both {verb} {name}" + (f" ({', '.join(known)})" if known else "")
    return (
        f"both linked to {name}: {people[0]} as {_role(first)}{_period(first, today)}, "
        f"{people[1]} as {_role(second)}{_period(second, today)}"
    )


def _start(link: LinkRecord) -> tuple[date, str]:
    return fact_date(link.facts, "starts_on") or date.max, link.identity


def _earliest(links: list[LinkRecord]) -> LinkRecord:
    return min(links, key=_start)


def _member(link: LinkRecord) -> str:
    return link.source if hub_end(link) == link.target else link.target


def _span(link: LinkRecord, today: date) -> tuple[date, date] | None:
    """When a study or a job ran; a study without an end lasted the usual four years."""
    start = fact_date(link.facts, "starts_on")
    if start is None:
        return None
    end = fact_date(link.facts, "ends_on")
    if end is None:
        end = start.replace(year=start.year + 4) if _role(link) == "alumnus" else today
    return start, max(start, end)
