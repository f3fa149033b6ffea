"""Personal ties: communities by association, field and hometown, joined by a few bridges.

Within a community ties grow by preferential attachment (newcomers mostly link to the
well connected), so degrees are heavy-tailed and leaders become hubs; a handful of
association presidents, academicians and federation officials bridge the communities.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from random import Random

from crm.db.enums import OrganizationKind, RelationshipKind
from crm.db.models import Relationship
from crm.seed.cast import Cast
from crm.seed.membership import Memberships
from crm.seed.organizations import Institutions
from crm.seed.plan import Plan, Ref

__all__ = ["build_relationships"]

_R = RelationshipKind
_K = OrganizationKind
Link = Callable[[Ref, Ref], None]
#: the kinds of tie an association breeds, with their weights and strength ranges
_ASSOCIATION_TIES: dict[
    OrganizationKind, tuple[tuple[RelationshipKind, int, float, float], ...]
] = {
    _K.ALUMNI_ASSOCIATION: ((_R.CLASSMATE, 7, 0.3, 0.7), (_R.FRIEND, 3, 0.5, 0.8)),
    _K.SCIENCE_ASSOCIATION: (
        (_R.COLLEAGUE, 6, 0.3, 0.6),
        (_R.CO_AUTHOR, 3, 0.5, 0.85),
        (_R.FRIEND, 1, 0.5, 0.8),
    ),
    _K.HOMETOWN_ASSOCIATION: (
        (_R.HOMETOWN, 6, 0.3, 0.6),
        (_R.FRIEND, 3, 0.5, 0.8),
        (_R.BUSINESS_PARTNER, 1, 0.4, 0.8),
    ),
    _K.CHAMBER_OF_COMMERCE: (
        (_R.BUSINESS_PARTNER, 6, 0.4, 0.8),
        (_R.FRIEND, 3, 0.5, 0.8),
        (_R.HOMETOWN, 1, 0.3, 0.6),
    ),
}


class _Ties:
    def __init__(self, rng: Random, plan: Plan) -> None:
        self._rng = rng
        self._plan = plan

    def add(
        self, a: Ref, b: Ref, kind: RelationshipKind, low: float, high: float, source: str
    ) -> None:
        if a == b:
            return
        key: tuple[RelationshipKind, int, int] = (
            kind,
            min(a.index, b.index),
            max(a.index, b.index),
        )
        if kind == _R.MENTOR:
            if self._plan.has(Relationship, (kind, b.index, a.index)):
                return
            key = (kind, a.index, b.index)
        rng = self._rng
        self._plan.add_once(
            Relationship,
            key,
            person_a_id=a,
            person_b_id=b,
            kind=kind,
            strength=round(rng.uniform(low, high), 2),
            since=date(rng.randint(1995, 2023), rng.randint(1, 12), 1),
            source=source,
        )

    def mix(
        self, kinds: tuple[tuple[RelationshipKind, int, float, float], ...], source: str
    ) -> Link:
        def link(a: Ref, b: Ref) -> None:
            kind, _, low, high = self._rng.choices(kinds, weights=[k[1] for k in kinds])[0]
            self.add(a, b, kind, low, high, source)

        return link

    def of(self, kind: RelationshipKind, low: float, high: float, source: str) -> Link:
        return lambda a, b: self.add(a, b, kind, low, high, source)


def build_relationships(
    rng: Random, plan: Plan, inst: Institutions, cast: Cast, memberships: Memberships
) -> None:
    """Tie people within their associations, fields, universities and hometowns, then bridge."""
    ties = _Ties(rng, plan)
    kinds = {a.ref: a.kind for a in inst.associations}
    for association, members in memberships.members.items():
        name = str(plan.row(association)["name_en"])
        _attach(rng, members, 2, ties.mix(_ASSOCIATION_TIES[kinds[association]], name))

    scientists = cast.academicians + cast.experts + cast.talent_wall
    by_field: dict[str, list[Ref]] = defaultdict(list)
    for person in scientists:
        by_field[plan.row(person)["expertise"][0]].append(person)
    for field, people in by_field.items():
        _attach(rng, people, 2, ties.of(_R.CO_AUTHOR, 0.5, 0.9, f"co-authors in {field}"))
    seniors = cast.academicians + cast.experts
    for talent in cast.talent_wall:
        row = plan.row(talent)
        # A supervisor a generation older, in the talent's field when there is one.
        older = [s for s in seniors if plan.row(s)["birth_year"] <= row["birth_year"] - 15]
        mentors = [s for s in older if row["expertise"][0] in plan.row(s)["expertise"]] or older
        ties.add(
            rng.choice(mentors),
            talent,
            _R.MENTOR,
            0.7,
            0.95,
            "doctoral or postdoctoral supervision",
        )

    domestic = set(cast.domestic)
    for university, alumni in cast.alumni.items():
        people = [p for p in alumni if p in domestic]
        name = str(plan.row(university)["name_en"])
        _attach(rng, people, 2, ties.of(_R.CLASSMATE, 0.3, 0.8, f"studied at {name}"))
    by_county: dict[str, list[Ref]] = defaultdict(list)
    for person in cast.domestic + cast.diaspora:
        by_county[str(plan.row(person)["hometown_county"])].append(person)
    for county, people in by_county.items():
        sample = [p for p in people if rng.random() < 0.5]
        _attach(rng, sample, 1, ties.of(_R.HOMETOWN, 0.2, 0.6, f"both from {county}"))

    officials = [person for person, _ in cast.officials]
    _attach(
        rng,
        officials + cast.organisers,
        2,
        ties.of(_R.COLLEAGUE, 0.4, 0.8, "overseas Chinese affairs"),
    )
    presidents = {
        plan.row(org)["city"]: person
        for person, org in cast.officials
        if org in inst.city_federations.values()
    }
    for person, employer in cast.representatives:
        if employer.city in presidents:
            ties.add(
                person, presidents[employer.city], _R.BUSINESS_PARTNER, 0.3, 0.6, "local federation"
            )
    _bridges(rng, ties, cast, memberships, officials)
    _families(rng, plan, ties, cast.diaspora)


def _attach(rng: Random, members: list[Ref], m: int, link: Link) -> None:
    """Preferential attachment: each member links to `m` earlier ones, mostly the well connected."""
    targets: list[Ref] = []
    for i, person in enumerate(members):
        if i == 0:
            continue
        chosen = {
            rng.choice(targets) if targets and rng.random() < 0.75 else members[rng.randrange(i)]
            for _ in range(min(m, i))
        }
        for other in sorted(chosen, key=lambda r: r.index):
            link(person, other)
            targets += (person, other)


def _bridges(
    rng: Random, ties: _Ties, cast: Cast, memberships: Memberships, officials: list[Ref]
) -> None:
    presidents = [members[0] for members in memberships.members.values()]
    bridges = (
        rng.sample(presidents, 8)
        + rng.sample(cast.academicians, 4)
        + rng.sample(cast.entrepreneurs, 3)
    )
    everyone = memberships.leaders + cast.academicians + cast.experts + cast.entrepreneurs
    for bridge in bridges:
        for other in rng.sample(everyone, rng.randint(8, 15)):
            kind = _R.FRIEND if rng.random() < 0.6 else _R.BUSINESS_PARTNER
            ties.add(bridge, other, kind, 0.5, 0.9, "introduced through overseas Chinese networks")
    # Federation officials keep in touch with association presidents abroad.
    for official in officials[:16]:
        for president in rng.sample(presidents, rng.randint(3, 8)):
            ties.add(official, president, _R.FRIEND, 0.4, 0.7, "liaison work")


def _families(rng: Random, plan: Plan, ties: _Ties, people: list[Ref]) -> None:
    by_clan: dict[tuple[str, str], list[Ref]] = defaultdict(list)
    for person in people:
        row = plan.row(person)
        by_clan[(str(row["name"])[0], str(row["hometown_county"]))].append(person)
    clans = [members for members in by_clan.values() if len(members) >= 2]
    for members in rng.sample(clans, min(40, len(clans))):
        a, b = rng.sample(members, 2)
        ties.add(a, b, _R.FAMILY, 0.85, 1.0, "family")
