"""Members of the overseas associations: heavy-tailed sizes, a president, officers, advisers.

Alumni associations recruit their university's alumni, science and technology
associations the scientists and engineers of their country, hometown associations and
chambers of commerce the people of their country whose families come from their counties.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random

from crm.db.enums import AffiliationRole, OrganizationKind
from crm.db.models import Affiliation
from crm.seed.cast import Cast
from crm.seed.organizations import Association, Institutions
from crm.seed.plan import Plan, Ref

__all__ = ["Memberships", "build_memberships"]

_K = OrganizationKind
_OFFICER_TITLES = ("副会长", "副会长", "秘书长", "理事", "理事", "财务")


@dataclass(frozen=True)
class Memberships:
    #: members of each association, its president first and its officers next
    members: dict[Ref, list[Ref]]
    #: presidents and officers, association by association
    leaders: list[Ref]


def build_memberships(rng: Random, plan: Plan, inst: Institutions, cast: Cast) -> Memberships:
    """Fill every overseas association from the people who may join it."""
    scientists = set(cast.talent_wall + cast.experts + cast.academicians)
    business = set(cast.entrepreneurs)
    everyone = (
        cast.diaspora + cast.talent_wall + cast.experts + cast.academicians + cast.entrepreneurs
    )
    overseas = [p for p in everyone if plan.row(p)["country"] != "CN"]
    universities = {name: ref for name, (ref, _) in inst.renowned.items()}
    universities |= inst.chinese_universities
    members: dict[Ref, list[Ref]] = {}
    leaders: list[Ref] = []
    for association in inst.associations:
        pool = _eligible(rng, plan, association, overseas, scientists, business, cast, universities)
        if len(pool) < 3:
            continue  # too few people for an association with officers
        size = min(len(pool), max(6, int(8 * rng.paretovariate(0.8))), 450)
        chosen = rng.sample(pool, size)
        # The president is the eldest of a few candidates; officers come next.
        candidates = chosen[: min(5, len(chosen))]
        president = min(candidates, key=lambda p: int(plan.row(p)["birth_year"]))
        chosen.remove(president)
        officers = chosen[: min(rng.randint(2, 6), len(chosen))]
        rest = chosen[len(officers) :]
        _join(rng, plan, president, association, AffiliationRole.PRESIDENT, "会长")
        for person in officers:
            _join(
                rng, plan, person, association, AffiliationRole.OFFICER, rng.choice(_OFFICER_TITLES)
            )
        for person in rest:
            _join(rng, plan, person, association, AffiliationRole.MEMBER, "会员")
        if rest and rng.random() < 0.3:
            _join(rng, plan, rest[0], association, AffiliationRole.FOUNDER, "创会会员")
        if association.kind == _K.SCIENCE_ASSOCIATION:
            # Academicians and ACFROC experts advise science associations abroad.
            for adviser in rng.sample(cast.academicians + cast.experts, rng.randint(1, 3)):
                _join(rng, plan, adviser, association, AffiliationRole.ADVISER, "学术顾问")
        members[association.ref] = [president, *officers, *rest]
        leaders += [president, *officers]
    return Memberships(members, leaders)


def _eligible(
    rng: Random,
    plan: Plan,
    association: Association,
    overseas: list[Ref],
    scientists: set[Ref],
    business: set[Ref],
    cast: Cast,
    universities: dict[str, Ref],
) -> list[Ref]:
    if association.university is not None:
        alumni = cast.alumni.get(universities[association.university], [])
        # Returnees keep in touch with their alumni association abroad.
        return [p for p in alumni if plan.row(p)["country"] != "CN" or rng.random() < 0.3]
    local = [p for p in overseas if plan.row(p)["country"] == association.country]
    if association.kind == _K.SCIENCE_ASSOCIATION:
        return [p for p in local if p in scientists or rng.random() < 0.35]
    if association.kind == _K.CHAMBER_OF_COMMERCE:
        return [p for p in local if p in business or rng.random() < 0.4]
    counties = association.counties
    return [p for p in local if counties is None or plan.row(p)["hometown_county"] in counties]


def _join(
    rng: Random,
    plan: Plan,
    person: Ref,
    association: Association,
    role: AffiliationRole,
    title: str,
) -> None:
    plan.add_once(
        Affiliation,
        (person.index, association.ref.index, role),
        person_id=person,
        organization_id=association.ref,
        role=role,
        title=title,
        starts_on=date(rng.randint(2000, 2023), rng.randint(1, 12), 1),
    )
