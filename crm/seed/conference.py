"""The conference, its sessions, the online platform and its offline fairs, and who attended.

"The conference tree" is the conference and all its descendants: whatever was collected,
offered or signed at any of them counts towards the conference's figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from random import Random

from crm.db.enums import AttendanceRole, EventKind
from crm.db.models import Attendance, Event
from crm.seed import keys
from crm.seed.figures import GUESTS, OFFLINE_PARTICIPANTS_BY_REGION, ONLINE_VISITS
from crm.seed.organizations import Institutions
from crm.seed.places import NORTHEASTERN_FUJIAN
from crm.seed.plan import Plan, Ref

__all__ = ["Events", "build_attendance", "build_events"]

_VENUE = "福州海峡国际会展中心 Straits International Conference and Exhibition Center"
_FAIR_DAYS = {"Fuzhou": 16, "Putian": 17, "Ningde": 19, "Nanping": 20, "Pingtan": 21}


@dataclass(frozen=True)
class Events:
    conference: Ref
    opening: Ref
    beijing: Ref
    talent: Ref
    achievements: Ref
    platform: Ref
    #: offline fairs of the online platform, by promotion region
    fairs: dict[str, Ref]
    #: later events, outside the conference tree
    spring_fair: Ref
    roadshow: Ref
    visit: Ref


def build_events(plan: Plan, inst: Institutions) -> Events:
    event = partial(_event, plan)
    conference, sessions = _conference(event, inst)
    platform = event(
        keys.ONLINE_PLATFORM_NAME,
        keys.ONLINE_PLATFORM_NAME_EN,
        EventKind.ONLINE_CAMPAIGN,
        date(2023, 12, 10),
        end=date(2024, 1, 10),
        parent=conference,
        organizer=inst.fujian_federation,
        place=None,
        region=None,
        visits=ONLINE_VISITS,
    )
    fairs = {
        region: event(
            f"“汇聚侨智”{zh}线下推介会",
            f"Pooling the Wisdom offline promotion fair, {region}",
            EventKind.RECRUITMENT_FAIR,
            date(2023, 12, _FAIR_DAYS[region]),
            parent=platform,
            organizer=inst.city_federations[region],
            city=region,
            region=region,
            place=f"{zh}人才市场 {region} Talent Market",
            reported=OFFLINE_PARTICIPANTS_BY_REGION[region],
        )
        for region, zh in NORTHEASTERN_FUJIAN.items()
    }
    assert set(fairs) == set(OFFLINE_PARTICIPANTS_BY_REGION)
    return Events(conference, *sessions, platform, fairs, *_later_events(event, inst))


def _event(
    plan: Plan,
    name: str,
    name_en: str,
    kind: EventKind,
    day: date,
    *,
    end: date | None = None,
    parent: Ref | None = None,
    organizer: Ref | None = None,
    city: str = "Fuzhou",
    country: str = "CN",
    region: str | None = "Fuzhou",
    place: str | None = _VENUE,
    reported: int | None = None,
    visits: int | None = None,
    description: str | None = None,
) -> Ref:
    return plan.add(
        Event,
        name=name,
        name_en=name_en,
        kind=kind,
        starts_on=day,
        ends_on=end or day,
        place=place,
        city=city,
        region=region,
        country=country,
        parent_id=parent,
        organizer_id=organizer,
        reported_participants=reported,
        online_visits=visits,
        description=description,
    )


def _conference(
    event: Callable[..., Ref], inst: Institutions
) -> tuple[Ref, tuple[Ref, Ref, Ref, Ref]]:
    """The conference and its four sessions (opening, Beijing, talent, achievements)."""
    conference = event(
        keys.CONFERENCE_NAME,
        keys.CONFERENCE_NAME_EN,
        EventKind.CONFERENCE,
        date(2023, 12, 21),
        end=keys.CONFERENCE_CLOSING_DAY,
        organizer=inst.acfroc,
        reported=GUESTS,
        description=(
            "Theme: Pooling the Wisdom of Overseas Chinese Talent to Fulfill the Chinese Dream."
        ),
    )
    day1, day2 = date(2023, 12, 21), keys.CONFERENCE_CLOSING_DAY
    opening, beijing, talent, achievements = (
        event(name, name_en, EventKind.SESSION, day, parent=conference, organizer=organizer)
        for name, name_en, day, organizer in (
            (
                keys.OPENING_FORUM_NAME,
                "Opening Ceremony and Main Forum",
                day1,
                inst.fujian_federation,
            ),
            (
                keys.BEIJING_SESSION_NAME,
                keys.BEIJING_SESSION_NAME_EN,
                day2,
                inst.beijing_federation,
            ),
            (
                keys.TALENT_SESSION_NAME,
                "Talent Recruitment and Introduction Session",
                day1,
                inst.fujian_federation,
            ),
            (
                keys.ACHIEVEMENTS_SESSION_NAME,
                "Project Matchmaking and Achievements Display Session",
                day2,
                inst.fujian_federation,
            ),
        )
    )
    return conference, (opening, beijing, talent, achievements)


def _later_events(event: Callable[..., Ref], inst: Institutions) -> tuple[Ref, Ref, Ref]:
    """Events after the conference, outside its tree: a fair, a roadshow, a visit."""
    spring_fair = event(
        "2024闽东北春季人才招聘会",
        "2024 North-eastern Fujian Spring Job Fair",
        EventKind.RECRUITMENT_FAIR,
        date(2024, 3, 9),
        organizer=inst.city_federations["Fuzhou"],
        place="福州人才市场 Fuzhou Talent Market",
    )
    roadshow = event(
        "2024新加坡侨智项目路演",
        "2024 Singapore overseas Chinese projects roadshow",
        EventKind.ROADSHOW,
        date(2024, 4, 18),
        organizer=inst.fujian_federation,
        city="Singapore",
        country="SG",
        region=None,
        place="Singapore",
    )
    visit = event(
        "拜访新加坡福清会馆",
        "Visit to the Singapore Futsing Association",
        EventKind.VISIT,
        date(2024, 4, 19),
        organizer=inst.fujian_federation,
        city="Singapore",
        country="SG",
        region=None,
        place="Singapore Futsing Association",
    )
    return spring_fair, roadshow, visit


def build_attendance(
    rng: Random,
    plan: Plan,
    events: Events,
    guests: list[tuple[Ref, AttendanceRole]],
    sessions: dict[Ref, list[tuple[Ref, AttendanceRole]]],
) -> None:
    """Record the conference's guests (exactly `GUESTS`) and who attended each other event."""
    assert len({p for p, _ in guests}) == GUESTS, len({p for p, _ in guests})
    for person, role in guests:
        _attend(plan, person, events.conference, role)
    # Nearly half the guests also sat in the opening forum.
    for person, role in guests:
        if rng.random() < 0.45:
            _attend(
                plan,
                person,
                events.opening,
                AttendanceRole.SPEAKER if role == AttendanceRole.SPEAKER else AttendanceRole.GUEST,
            )
    for event, attendees in sessions.items():
        for person, role in attendees:
            _attend(plan, person, event, role)


def _attend(plan: Plan, person: Ref, event: Ref, role: AttendanceRole) -> None:
    plan.add_once(
        Attendance, (person.index, event.index), person_id=person, event_id=event, role=role
    )
