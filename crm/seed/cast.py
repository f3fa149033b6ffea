"""Who is who in the demo: the groups of people every later builder draws from.

Academicians, ACFROC experts, the talent wall, officials, organisers, employers'
representatives, entrepreneurs, the overseas diaspora and domestic talents.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from crm.db.enums import AffiliationRole, OrganizationKind
from crm.seed.employers import Employer
from crm.seed.organizations import Institutions
from crm.seed.people import PersonFactory, Universities
from crm.seed.plan import Plan, Ref
from crm.seed.staff import Staff
from crm.seed.talents import Talents

__all__ = ["Cast", "build_cast"]

#: officials of the federations and government bodies: organisation attribute, titles
_OFFICIALS = (
    ("acfroc", ("副主席", "联络部部长", "经济科技部部长", "处长")),
    ("fujian_federation", ("主席", "副主席", "副主席", "秘书长", "联络部部长", "处长", "处长")),
    ("beijing_federation", ("主席", "副主席", "联络部部长", "处长")),
    ("fujian_qiaoban", ("主任", "副主任", "处长")),
    ("fujian_government", ("副省长", "副秘书长")),
    ("science_commission", ("副主任", "处长")),
    ("zhongguancun_commission", ("副主任", "处长", "招商专员")),
    ("fujian_science_department", ("副厅长", "处长", "科长")),
    ("sanming_government", ("副市长", "招商局局长", "科技局局长")),
    ("zhongguancun_park", ("园区主任", "招商部经理")),
    ("fund", ("理事长", "总经理")),
)
_LEADERS = frozenset({"主席", "理事长"})
_HR_TITLES = ("人力资源经理", "招聘主管", "人力资源总监", "副总经理")
_ORGANISERS = 30
_REPRESENTED_EMPLOYERS = 300
_ENTREPRENEURS = 150
_DIASPORA = 2_200
_DOMESTIC = 2_544


@dataclass
class Cast:
    academicians: list[Ref]
    experts: list[Ref]
    talent_wall: list[Ref]
    #: (person, organisation they serve)
    officials: list[tuple[Ref, Ref]]
    organisers: list[Ref]
    #: one per employer, the 100 introduction employers first
    representatives: list[tuple[Ref, Employer]]
    entrepreneurs: list[Ref]
    diaspora: list[Ref]
    domestic: list[Ref]
    #: who studied at each university
    alumni: dict[Ref, list[Ref]]


def build_cast(
    rng: Random,
    plan: Plan,
    inst: Institutions,
    employers: list[Employer],
    introduction_employers: list[Employer],
    staff: Staff,
    *,
    conference: Ref,
    talent_session: Ref,
    fairs: dict[str, Ref],
    platform: Ref,
) -> Cast:
    people = PersonFactory(rng, plan)
    by_country: dict[str, list[Ref]] = {}
    for ref, country in inst.renowned.values():
        by_country.setdefault(country, []).append(ref)
    universities = Universities(
        renowned=[ref for ref, _ in inst.renowned.values()],
        by_country=by_country,
        chinese=list(inst.chinese_universities.values()),
        fujian=[e.ref for e in employers if e.kind == OrganizationKind.UNIVERSITY],
    )
    talents = Talents(rng, people, universities, staff)
    academicians = talents.academicians(inst, conference)
    experts = talents.experts(inst, conference)
    talent_wall = talents.talent_wall(inst, talent_session)
    officials = _officials(rng, plan, people, inst, staff)
    organisers = []
    for i in range(_ORGANISERS):
        organisation = inst.fujian_federation if i < 20 else inst.city_federations["Fuzhou"]
        person = people.make(
            "CN", born=(1980, 1998), city="Fuzhou", expertise=[], owner=staff.liaison_fuzhou
        )
        people.work(person, organisation, "工作人员", since=rng.randint(2015, 2023))
        organisers.append(person)
    chosen = {e.ref for e in introduction_employers}
    others = [e for e in employers if e.ref not in chosen]
    represented = introduction_employers + rng.sample(others, _REPRESENTED_EMPLOYERS - len(chosen))
    representatives = []
    for employer in represented:
        person = people.make(
            "CN", born=(1970, 1995), city=employer.city, expertise=[employer.fields[0]],
            owner=staff.liaison_fuzhou,
        )  # fmt: skip
        people.work(person, employer.ref, rng.choice(_HR_TITLES))
        representatives.append((person, employer))
    return Cast(
        academicians=academicians,
        experts=experts,
        talent_wall=talent_wall,
        officials=officials,
        organisers=organisers,
        representatives=representatives,
        entrepreneurs=talents.entrepreneurs(conference, _ENTREPRENEURS),
        diaspora=talents.diaspora(_DIASPORA),
        domestic=talents.domestic(_DOMESTIC, fairs, platform),
        alumni=dict(people.alumni),
    )


def _officials(
    rng: Random, plan: Plan, people: PersonFactory, inst: Institutions, staff: Staff
) -> list[tuple[Ref, Ref]]:
    """Leaders and officers of the federations, government bodies and the fund."""
    postings = [
        (getattr(inst, attribute), title) for attribute, titles in _OFFICIALS for title in titles
    ]
    postings += [(federation, "主席") for federation in inst.city_federations.values()]
    officials = []
    for organisation, title in postings:
        city = plan.row(organisation)["city"]
        person = people.make(
            "CN", born=(1962, 1985), city=city, expertise=[], owner=staff.liaison_fuzhou
        )
        role = AffiliationRole.PRESIDENT if title in _LEADERS else AffiliationRole.OFFICER
        people.work(person, organisation, title, role=role, since=rng.randint(2015, 2022))
        officials.append((person, organisation))
    return officials
