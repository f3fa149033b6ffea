"""Résumés, preliminary intentions and introductions of talents to employers.

3,642 résumés reach the conference's positions, from 2,900 talents of whom 356 live
abroad; 1,480 of them reach a preliminary intention (or an offer, or are hired) with one
of 100 employers, each brokered as an introduction; 32 talents of the talent wall are
introduced to those employers without applying, for 1,512 introduced talents in all.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from random import Random

from crm.db.enums import AgreementKind, AgreementStatus, IntroductionStatus, PartyRole
from crm.db.enums import ApplicationStage as Stage
from crm.db.models import Agreement, AgreementParty, Application, Introduction
from crm.seed import figures
from crm.seed.cast import Cast
from crm.seed.conference import Events
from crm.seed.employers import Employer
from crm.seed.plan import Plan, Ref
from crm.seed.positions import Opening
from crm.seed.staff import Staff

__all__ = ["build_recruitment"]

_OPEN_STAGES = (Stage.SUBMITTED, Stage.SCREENING, Stage.DECLINED, Stage.WITHDRAWN)
_INTENTION_STAGES = (Stage.PRELIMINARY_INTENTION, Stage.OFFER, Stage.HIRED)
_NOT_OVERSEAS = frozenset({"CN", "HK", "MO", "TW"})
_WALL_APPLICANTS = 80
_WALL_INTENTIONS = 60
_OVERSEAS_INTENTIONS = 160


def build_recruitment(
    rng: Random,
    plan: Plan,
    cast: Cast,
    openings: list[Opening],
    introduction_employers: list[Employer],
    events: Events,
    staff: Staff,
) -> None:
    """Add the résumés, the intentions they reached and the introductions behind them."""
    wall = rng.sample(cast.talent_wall, len(cast.talent_wall))
    abroad = [p for p in cast.diaspora if plan.row(p)["country"] not in _NOT_OVERSEAS]
    others_abroad = rng.sample(abroad, figures.OVERSEAS_APPLICANTS - _WALL_APPLICANTS)
    overseas = wall[:_WALL_APPLICANTS] + others_abroad
    domestic_intentions = figures.PRELIMINARY_INTENTIONS - _OVERSEAS_INTENTIONS
    intending = (
        wall[:_WALL_INTENTIONS]
        + others_abroad[: _OVERSEAS_INTENTIONS - _WALL_INTENTIONS]
        + rng.sample(cast.domestic, domestic_intentions)
    )
    applied = _intentions(
        rng, plan, cast, openings, introduction_employers, events, staff, intending
    )
    for person in overseas + cast.domestic:
        if person not in applied:
            applied[person] = opening = rng.choice(openings)
            _apply(rng, plan, person, opening, _open_stage(rng), events)
    # Some talents sent a second résumé.
    for person in rng.sample(list(applied), figures.RESUMES - len(applied)):
        index = rng.randrange(len(openings))
        if openings[index].ref == applied[person].ref:
            index = (index + 1) % len(openings)
        _apply(rng, plan, person, openings[index], _open_stage(rng), events)
    # Talents of the wall who did not apply were introduced to employers directly.
    introduced = figures.INTRODUCED_TALENTS - figures.PRELIMINARY_INTENTIONS
    for person in wall[_WALL_APPLICANTS:][:introduced]:
        plan.add(
            Introduction,
            requested_by_id=staff.liaison_beijing,
            seeker_id=person,
            target_organization_id=rng.choice(introduction_employers).ref,
            broker_id=rng.choice(cast.academicians),
            purpose="高层次人才引进对接 (talent wall)",
            status=IntroductionStatus.MADE,
            requested_at=_moment(rng, date(2023, 12, 21)),
            status_changed_at=_moment(rng, date(2023, 12, 22)),
            event_id=events.talent,
        )
    _other_introductions(rng, plan, cast, openings, events, staff, set(intending))


def _intentions(
    rng: Random,
    plan: Plan,
    cast: Cast,
    openings: list[Opening],
    introduction_employers: list[Employer],
    events: Events,
    staff: Staff,
    intending: list[Ref],
) -> dict[Ref, Opening]:
    """Each intending talent applies to one of the 100 employers and is introduced to it."""
    chosen = {e.ref for e in introduction_employers}
    at_employer: dict[Ref, list[Opening]] = {}
    for opening in openings:
        if opening.employer.ref in chosen:
            at_employer.setdefault(opening.employer.ref, []).append(opening)
    representatives = {employer.ref: person for person, employer in cast.representatives}
    applied: dict[Ref, Opening] = {}
    for n, person in enumerate(intending):
        # The first hundred go one to each employer, so every employer has an intention.
        first_round = n < len(introduction_employers)
        employer = introduction_employers[n] if first_round else rng.choice(introduction_employers)
        applied[person] = opening = rng.choice(at_employer[employer.ref])
        stage = rng.choices(_INTENTION_STAGES, weights=(70, 20, 10))[0]
        result = _apply(rng, plan, person, opening, stage, events)
        _introduce(rng, plan, staff, person, opening, result, representatives.get(employer.ref))
    return applied


def _open_stage(rng: Random) -> Stage:
    return rng.choices(_OPEN_STAGES, weights=(35, 30, 25, 10))[0]


def _apply(
    rng: Random, plan: Plan, person: Ref, opening: Opening, stage: Stage, events: Events
) -> tuple[Ref, Ref | None]:
    """Add the application, and the employment agreement when the talent was hired."""
    row = plan.row(person)
    if row["country"] != "CN":
        event = events.talent if opening.event == events.talent else events.platform
    else:
        event = row["source_event_id"] or events.platform
    application = plan.add(
        Application,
        person_id=person,
        position_id=opening.ref,
        stage=stage,
        submitted_at=_moment(rng, date(2023, 12, rng.randint(10, 22))),
        event_id=event,
    )
    if stage != Stage.HIRED:
        return application, None
    employer = plan.row(opening.employer.ref)
    agreement = plan.add(
        Agreement,
        title=f"聘用协议：{row['name']} · {employer['name']}",
        kind=AgreementKind.EMPLOYMENT,
        status=AgreementStatus.SIGNED,
        signed_on=date(2024, 1, rng.randint(5, 31)),
        event_id=event,
    )
    plan.add(AgreementParty, agreement_id=agreement, person_id=person, role=PartyRole.SIGNATORY)
    plan.add(
        AgreementParty,
        agreement_id=agreement,
        organization_id=opening.employer.ref,
        role=PartyRole.SIGNATORY,
    )
    return application, agreement


def _introduce(
    rng: Random,
    plan: Plan,
    staff: Staff,
    person: Ref,
    opening: Opening,
    result: tuple[Ref, Ref | None],
    representative: Ref | None,
) -> None:
    application, agreement = result
    stage = plan.row(application)["stage"]
    outcome = stage in {Stage.OFFER, Stage.HIRED}
    requested = _moment(rng, date(2023, 12, rng.randint(10, 20)))
    plan.add(
        Introduction,
        requested_by_id=rng.choice(staff.liaisons),
        seeker_id=person,
        target_organization_id=opening.employer.ref,
        broker_id=representative if representative != person and rng.random() < 0.6 else None,
        purpose=f"就业对接：{opening.title}",
        status=IntroductionStatus.OUTCOME if outcome else IntroductionStatus.MADE,
        requested_at=requested,
        status_changed_at=requested + timedelta(days=rng.randint(2, 20)),
        event_id=plan.row(application)["event_id"],
        outcome_application_id=application,
        outcome_agreement_id=agreement,
    )


def _other_introductions(
    rng: Random,
    plan: Plan,
    cast: Cast,
    openings: list[Opening],
    events: Events,
    staff: Staff,
    intending: set[Ref],
) -> None:
    """Introductions that do not count towards the figures: pending, declined, to people, later."""
    waiting = [p for p in cast.domestic if p not in intending]
    pending = (
        IntroductionStatus.REQUESTED,
        IntroductionStatus.BROKER_AGREED,
        IntroductionStatus.TARGET_AGREED,
        IntroductionStatus.DECLINED,
        IntroductionStatus.WITHDRAWN,
    )
    for person in rng.sample(waiting, 90):
        plan.add(
            Introduction,
            requested_by_id=staff.liaison_fuzhou,
            seeker_id=person,
            target_organization_id=rng.choice(openings).employer.ref,
            purpose="就业对接",
            status=rng.choice(pending),
            requested_at=_moment(rng, date(2023, 12, rng.randint(15, 22))),
            status_changed_at=_moment(rng, date(2023, 12, 28)),
            event_id=events.platform,
        )
    seniors = cast.academicians + cast.experts
    for person in rng.sample(cast.talent_wall + cast.entrepreneurs, 40):
        plan.add(
            Introduction,
            requested_by_id=staff.liaison_beijing,
            seeker_id=person,
            target_person_id=rng.choice(seniors),
            purpose="学术交流与项目合作",
            status=IntroductionStatus.MADE,
            requested_at=_moment(rng, date(2023, 12, 21)),
            status_changed_at=_moment(rng, date(2023, 12, 22)),
            event_id=events.conference,
        )
    singapore = [p for p in cast.diaspora if plan.row(p)["country"] == "SG"]
    for person in rng.sample(singapore, 10):
        plan.add(
            Introduction,
            requested_by_id=staff.liaison_fuzhou,
            seeker_id=person,
            target_organization_id=rng.choice(openings).employer.ref,
            purpose="项目路演后续对接",
            status=IntroductionStatus.OUTCOME,
            requested_at=_moment(rng, date(2024, 4, 18)),
            status_changed_at=_moment(rng, date(2024, 5, 6)),
            event_id=events.roadshow,
        )


def _moment(rng: Random, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(1, 10), rng.randrange(60), tzinfo=UTC)
