"""Plans the whole demo world from one seed: every builder in dependency order.

The plan depends only on the seed, never on the database, so SQLite and PostgreSQL get
the same rows.
"""

from __future__ import annotations

from random import Random

from crm.db.enums import AttendanceRole
from crm.seed import figures
from crm.seed.cast import Cast, build_cast
from crm.seed.conference import Events, build_attendance, build_events
from crm.seed.employers import Employer, build_employers
from crm.seed.lists import build_lists
from crm.seed.membership import Memberships, build_memberships
from crm.seed.network import build_relationships
from crm.seed.organizations import Institutions, build_institutions
from crm.seed.outreach import build_outreach
from crm.seed.plan import Plan, Ref
from crm.seed.positions import build_positions
from crm.seed.projects import build_projects
from crm.seed.recruitment import build_recruitment
from crm.seed.staff import build_staff

__all__ = ["SEED", "build_demo_plan"]

#: the conference's closing day
SEED = 20231222
_A = AttendanceRole
Attendees = list[tuple[Ref, AttendanceRole]]


def build_demo_plan(seed: int = SEED) -> Plan:
    rng = Random(seed)
    plan = Plan()
    staff = build_staff(plan)
    inst = build_institutions(plan)
    employers = build_employers(rng, plan)
    events = build_events(plan, inst)
    chosen = _introduction_employers(rng, employers)
    cast = build_cast(
        rng,
        plan,
        inst,
        employers,
        chosen,
        staff,
        conference=events.conference,
        talent_session=events.talent,
        fairs=events.fairs,
        platform=events.platform,
    )
    memberships = build_memberships(rng, plan, inst, cast)
    guests = _guests(rng, cast, memberships)
    sessions = _session_attendees(rng, plan, inst, cast, memberships, events)
    build_attendance(rng, plan, events, guests, sessions)
    build_projects(rng, plan, inst, events, cast, employers, staff)
    openings = build_positions(rng, plan, employers, events)
    build_recruitment(rng, plan, cast, openings, chosen, events, staff)
    build_relationships(rng, plan, inst, cast, memberships)
    build_outreach(rng, plan, inst, cast, memberships, events, staff)
    delegation = [p for p, _ in sessions[events.visit]]
    build_lists(plan, staff, talent_wall=cast.talent_wall, delegation=delegation)
    return plan


def _introduction_employers(rng: Random, employers: list[Employer]) -> list[Employer]:
    """The 100 employers that reached employment intentions: the Global 500 branches and
    others, mostly the larger ones."""
    big = employers[: figures.GLOBAL500_EMPLOYERS]
    others = sorted(employers[len(big) :], key=lambda e: -e.weight * rng.uniform(0.3, 1.7))
    return big + others[: figures.INTRODUCED_EMPLOYERS - len(big)]


def _guests(rng: Random, cast: Cast, memberships: Memberships) -> Attendees:
    """The conference's 1,023 guests: invited academicians and experts, officials,
    organisers, employers, entrepreneurs, leaders of associations and other overseas Chinese."""
    guests: Attendees = []
    guests += [
        (p, _A.SPEAKER if i < 8 else _A.GUEST)
        for i, p in enumerate(cast.academicians[: figures.ACADEMICIANS])
    ]
    guests += [(p, _A.EXPERT) for p in cast.experts[: figures.ACFROC_EXPERTS]]
    guests += [(p, _A.OFFICIAL) for p, _ in cast.officials]
    guests += [(p, _A.ORGANISER) for p in cast.organisers]
    guests += [(p, _A.EMPLOYER_REPRESENTATIVE) for p, _ in cast.representatives]
    guests += [(p, _A.SPEAKER if i < 10 else _A.GUEST) for i, p in enumerate(cast.entrepreneurs)]
    diaspora = set(cast.diaspora)
    invited = list(dict.fromkeys(p for p in memberships.leaders if p in diaspora))
    leaders = set(invited)
    invited += [p for p in rng.sample(cast.diaspora, len(cast.diaspora)) if p not in leaders]
    guests += [(p, _A.GUEST) for p in invited[: figures.GUESTS - len(guests)]]
    return guests


def _session_attendees(
    rng: Random,
    plan: Plan,
    inst: Institutions,
    cast: Cast,
    memberships: Memberships,
    events: Events,
) -> dict[Ref, Attendees]:
    """Who attended each session, fair and later event (besides the opening forum)."""
    beijing_side = {
        inst.beijing_federation,
        inst.fujian_federation,
        inst.science_commission,
        inst.zhongguancun_commission,
        inst.fujian_science_department,
        inst.sanming_government,
        inst.zhongguancun_park,
    }
    academicians = cast.academicians[: figures.ACADEMICIANS]
    experts = cast.experts[: figures.ACFROC_EXPERTS]
    recruiters = [p for p, _ in cast.representatives[: figures.INTRODUCED_EMPLOYERS]]
    singapore = [p for p in cast.diaspora if plan.row(p)["country"] == "SG"]
    futsing = next(a.ref for a in inst.associations if plan.row(a.ref)["name"] == "新加坡福清会馆")
    sessions: dict[Ref, Attendees] = {
        events.beijing: [(p, _A.OFFICIAL) for p, org in cast.officials if org in beijing_side]
        + [
            (p, _A.GUEST) for p in rng.sample(academicians, 10) + rng.sample(cast.entrepreneurs, 12)
        ],
        events.talent: [(p, _A.CANDIDATE) for p in cast.talent_wall]
        + [(p, _A.EMPLOYER_REPRESENTATIVE) for p in recruiters]
        + [(p, _A.CANDIDATE) for p in rng.sample(cast.domestic, 200)],
        events.achievements: [(p, _A.EXPERT) for p in rng.sample(experts, 30)]
        + [(p, _A.SPEAKER) for p in rng.sample(academicians, 12)]
        + [(p, _A.GUEST) for p in rng.sample(cast.entrepreneurs, 60)],
        events.roadshow: [(p, _A.GUEST) for p in singapore[:60]],
        events.visit: [(p, _A.GUEST) for p in memberships.members[futsing][:6]],
    }
    for region, fair in events.fairs.items():
        candidates = [p for p in cast.domestic if plan.row(p)["source_event_id"] == fair]
        employers = [
            p
            for p, employer in cast.representatives[figures.INTRODUCED_EMPLOYERS :]
            if employer.city == region
        ]
        sessions[fair] = [(p, _A.CANDIDATE) for p in candidates]
        sessions[fair] += [(p, _A.EMPLOYER_REPRESENTATIVE) for p in employers]
    return sessions
