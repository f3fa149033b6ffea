"""A deterministic synthetic talent network of any size, for benchmarks and load tests.

People join associations of heavy-tailed sizes (a few with thousands of members,
most with a few dozen), preferring those of their hometown, field or country of
residence; they attend events, know people in their associations and from their
hometown and field (homophily), meet, get introduced, and study in cohorts.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, TypedDict, Unpack

from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT, LinkRecord, NodeRecord

__all__ = ["NetworkSize", "SyntheticNetwork", "synthetic_network", "synthetic_records"]

PROVINCES: Final = ("福建", "广东", "浙江", "江苏", "上海", "北京", "山东", "四川", "湖北", "海南")
FIELDS: Final = (
    "AI", "semiconductors", "biomedicine", "new energy", "materials", "finance", "marine",
    "agriculture", "robotics", "software", "chemistry", "physics", "law", "education",
    "architecture", "telecom", "aerospace", "environment", "medicine", "logistics",
)  # fmt: skip
COUNTRIES: Final = ("US", "GB", "CA", "AU", "SG", "MY", "JP", "DE", "FR", "NZ", "ID", "TH")
KINDS: Final = (
    ("hometown_association", "province"),
    ("science_association", "field"),
    ("alumni_association", "country"),
    ("university", "country"),
    ("company", "field"),
    ("chamber_of_commerce", "country"),
)
RELATIONSHIP_KINDS: Final = ("friend", "colleague", "classmate", "business_partner", "hometown")


@dataclass(frozen=True, slots=True)
class SyntheticNetwork:
    nodes: list[NodeRecord]
    links: list[LinkRecord]


def _pareto(rng: random.Random, minimum: int, alpha: float, cap: int) -> int:
    return min(cap, int(minimum / (1.0 - rng.random()) ** (1.0 / alpha)))


class NetworkSize(TypedDict, total=False):
    """What `synthetic_network` is asked for: the arguments of `synthetic_records`, whose
    defaults are the ones that count (~100k nodes, ~1M edges)."""

    people: int
    organizations: int
    events: int
    projects: int
    contacts: float
    seed: int
    today: date


def synthetic_network(**size: Unpack[NetworkSize]) -> SyntheticNetwork:
    """People, organisations, events and projects with about `contacts` personal ties
    per person on top of memberships (the defaults: ~100k nodes, ~1M edges)."""
    nodes: list[NodeRecord] = []
    links: list[LinkRecord] = []
    for record in synthetic_records(**size):
        if isinstance(record, NodeRecord):
            nodes.append(record)
        else:
            links.append(record)
    return SyntheticNetwork(nodes, links)


def synthetic_records(
    *,
    people: int = 90_000,
    organizations: int = 7_000,
    events: int = 2_500,
    projects: int = 500,
    contacts: float = 14.0,
    seed: int = 42,
    today: date = date(2025, 6, 1),
) -> Iterator[NodeRecord | LinkRecord]:
    """The records of `synthetic_network` one by one, as they are drawn (nothing kept):
    how a network of millions of links is written to a database."""
    rng = random.Random(seed)
    traits: list[dict[str, str]] = []
    pools: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i in range(people):
        trait = {
            "province": PROVINCES[min(len(PROVINCES) - 1, int(rng.expovariate(0.5)))],
            "field": rng.choice(FIELDS),
            "country": COUNTRIES[min(len(COUNTRIES) - 1, int(rng.expovariate(0.4)))],
        }
        traits.append(trait)
        for name, value in trait.items():
            pools[name, value].append(i)
        attrs: dict[str, object] = {
            "name": f"P{i}",
            "country": trait["country"],
            "expertise": (trait["field"],),
            "hometown_province": trait["province"],
        }
        yield NodeRecord(f"{PERSON}:{i}", PERSON, f"P{i}", attrs)

    def pick(attribute: str, value: str, local: float) -> int:
        pool = pools[attribute, value]
        return rng.choice(pool) if pool and rng.random() < local else rng.randrange(people)

    values = {"province": PROVINCES, "field": FIELDS, "country": COUNTRIES}
    memberships: dict[int, list[int]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for o in range(organizations):
        kind, attribute = KINDS[o % len(KINDS)]
        value = rng.choice(values[attribute])
        size = _pareto(rng, 6, 1.2, 5000)
        attrs = {"name": f"O{o}", "kind": kind, "member_count": size}
        yield NodeRecord(f"{ORGANIZATION}:{o}", ORGANIZATION, f"O{o}", attrs)
        for p in {pick(attribute, value, 0.8) for _ in range(size)}:
            members[o].append(p)
            memberships[p].append(o)
            yield _affiliation(rng, p, o, kind, traits[p]["field"])
        if o >= 50 and rng.random() < 0.05:
            parent = f"{ORGANIZATION}:{rng.randrange(50)}"
            yield LinkRecord(f"{ORGANIZATION}:{o}", parent, "parent", {}, f"parent:{o}")
    for e in range(events):
        held = today - timedelta(days=rng.randrange(5 * 365))
        key = f"{EVENT}:{e}"
        yield NodeRecord(key, EVENT, f"E{e}", {"name": f"E{e}", "starts_on": held})
        value = rng.choice(FIELDS)
        for p in {pick("field", value, 0.7) for _ in range(_pareto(rng, 10, 1.3, 2000))}:
            role = "speaker" if rng.random() < 0.05 else "guest"
            yield LinkRecord(f"{PERSON}:{p}", key, "attendance", {"role": role}, f"a:{e}:{p}")
    for j in range(projects):
        key = f"{PROJECT}:{j}"
        field = rng.choice(FIELDS)
        yield NodeRecord(key, PROJECT, f"J{j}", {"name": f"J{j}", "field": field})
        for n, p in enumerate({pick("field", field, 0.9) for _ in range(rng.randint(2, 6))}):
            role = "lead" if n == 0 else "partner"
            yield LinkRecord(f"{PERSON}:{p}", key, "participation", {"role": role}, f"j:{j}:{p}")
    yield from _personal_ties(rng, traits, memberships, members, contacts, today)


def _affiliation(rng: random.Random, p: int, o: int, kind: str, field: str) -> LinkRecord:
    facts: dict[str, object]
    if kind in ("university", "alumni_association"):
        start = date(rng.randint(1980, 2022), 9, 1)
        facts = {"role": "alumnus", "starts_on": start, "field_of_study": field}
    else:
        draw = rng.random()
        role = "president" if draw < 0.01 else "officer" if draw < 0.06 else "member"
        role = "employee" if kind == "company" else role
        facts = {"role": role, "starts_on": date(rng.randint(1995, 2024), 1, 1)}
    return LinkRecord(f"{PERSON}:{p}", f"{ORGANIZATION}:{o}", "affiliation", facts, f"f:{o}:{p}")


def _personal_ties(
    rng: random.Random,
    traits: list[dict[str, str]],
    memberships: dict[int, list[int]],
    members: dict[int, list[int]],
    contacts: float,
    today: date,
) -> Iterator[LinkRecord]:
    """Relationships (60% within an association, 25% same hometown and field, 15% at
    random), shared interactions on existing ties, and made introductions."""
    people = len(traits)
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    for p in range(people):
        for _ in range(int(rng.expovariate(2.0 / contacts))):
            draw = rng.random()
            if draw < 0.6 and memberships[p]:
                q = rng.choice(members[rng.choice(memberships[p])])
            elif draw < 0.85:
                q = _alike(rng, traits, p)
            else:
                q = rng.randrange(people)
            pair = (min(p, q), max(p, q))
            if p != q and pair not in seen:
                seen.add(pair)
                pairs.append(pair)
                since = date(rng.randint(1990, 2025), 1, 1)
                facts = {
                    "kind": rng.choice(RELATIONSHIP_KINDS),
                    "strength": round(rng.uniform(0.2, 1.0), 2),
                    "since": min(since, today),
                }
                ends = f"{PERSON}:{pair[0]}", f"{PERSON}:{pair[1]}"
                yield LinkRecord(*ends, "relationship", facts, f"r:{pair[0]}:{pair[1]}")
    for n in range(people):
        a, b = pairs[rng.randrange(len(pairs))]
        occurred = today - timedelta(days=rng.randrange(3 * 365))
        yield (
            LinkRecord(
                f"{PERSON}:{a}", f"{PERSON}:{b}", "interaction", {"occurred_at": occurred}, f"i:{n}"
            )
        )
    for n in range(people // 10):
        a, b = rng.randrange(people), rng.randrange(people)
        if a != b:
            made = today - timedelta(days=rng.randrange(2 * 365))
            made_facts = {"status": "made", "made_on": made, "broker": f"P{rng.randrange(people)}"}
            yield (
                LinkRecord(f"{PERSON}:{a}", f"{PERSON}:{b}", "introduction", made_facts, f"n:{n}")
            )


def _alike(rng: random.Random, traits: list[dict[str, str]], p: int) -> int:
    """Someone from the same province in the same field, found by rejection."""
    mine = (traits[p]["province"], traits[p]["field"])
    for _ in range(40):
        q = rng.randrange(len(traits))
        if (traits[q]["province"], traits[q]["field"]) == mine:
            return q
    return rng.randrange(len(traits))
