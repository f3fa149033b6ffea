"""SQL for an event's report: the figures of an event and all its sessions, in a few statements.

"The tree" of an event is the event and its sessions at any depth (`event.subtree`);
whatever was collected, offered, applied for, introduced or signed at any of them counts.
The counting rules are those of `crm.seed.measure*`, which check the demo conference
against its seed text; here they hold for any event and need no names:

- guests: `total` counts the people recorded at the event itself; every other guest
  figure counts distinct people recorded at any event of the tree. Academicians hold
  the cas_academician or cae_academician honour; overseas guests reside outside CN
  (an unknown country is not counted); employer representatives attended in that role.
- projects: by kind, collected at the tree's events; "negotiated" means at stage
  negotiating or later (preliminary intention, signed, in progress, completed).
- agreements: cooperation agreements signed or intended in the tree, with their
  amounts per currency; mechanism agreements (any status) with their parties; funds
  established are organisations of kind fund party to a signed investment agreement.
- employment: positions collected in the tree and the organisations offering them;
  recruitment: applications (résumés) received in the tree and their applicants;
  introductions: those made (status made or outcome) in the tree.
- outreach: the distinct regions of the tree's recruitment fairs, the crowds those fairs
  reported, and the online visits reported by any event of the tree.
- new ties: relationships whose `since` is on or after the event's start date and whose
  two people both attended the tree (each relationship row counts once).

Each public function runs exactly one statement; the one-row aggregates share a single
statement (they are cross-joined), so a whole report takes six statements.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    Subquery,
    case,
    distinct,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.enums import (
    NEGOTIATED_STAGES,
    AgreementKind,
    AgreementStatus,
    ApplicationStage,
    AttendanceRole,
    EventKind,
    Honour,
    IntroductionStatus,
    OrganizationKind,
    PartyRole,
    PositionKind,
    ProjectKind,
)
from crm.db.queries.event import subtree
from crm.db.queries.reports import agreement_totals, largest_first
from crm.db.queries.sql import contains
from crm.db.tables import (
    agreement,
    agreement_party,
    application,
    attendance,
    event,
    introduction,
    organization,
    person,
    position,
    project,
    relationship,
)

__all__ = [
    "ApplicationFigures",
    "CooperationFigures",
    "EmploymentFigures",
    "EventFigures",
    "EventProjects",
    "GuestFigures",
    "IntroductionFigures",
    "MechanismAgreement",
    "PartyName",
    "ProjectCounts",
    "TreeFigures",
    "cooperation_figures",
    "event_row",
    "funds_established",
    "mechanism_agreements",
    "projects_by_event",
    "report_tree",
    "tree_figures",
]


ACADEMICIAN_HONOURS = (Honour.CAS_ACADEMICIAN, Honour.CAE_ACADEMICIAN)
#: an application that reached (at least) a preliminary intention
INTENTION_STAGES = (
    ApplicationStage.PRELIMINARY_INTENTION,
    ApplicationStage.OFFER,
    ApplicationStage.HIRED,
)
FLEXIBLE_KINDS = (PositionKind.FLEXIBLE, PositionKind.PROJECT_BASED)
MADE_STATUSES = (IntroductionStatus.MADE, IntroductionStatus.OUTCOME)
HOME_COUNTRY = "CN"


@dataclass(frozen=True)
class EventFigures:
    """The events of the tree: sessions and what the organisers reported."""

    sessions: int
    offline_regions: int
    offline_participants: int
    online_visits: int


@dataclass(frozen=True)
class GuestFigures:
    total: int
    attendees: int
    academicians: int
    acfroc_experts: int
    overseas: int
    employer_representatives: int
    talent_wall: int
    #: None when the event has no start date
    new_ties: int | None


@dataclass(frozen=True)
class EmploymentFigures:
    positions: int
    openings: int
    high_level: int
    flexible: int
    employers: int
    global500_employers: int
    state_owned_employers: int


@dataclass(frozen=True)
class ApplicationFigures:
    resumes: int
    applicants: int
    overseas_applicants: int
    with_preliminary_intentions: int


@dataclass(frozen=True)
class IntroductionFigures:
    made: int
    talents: int
    talents_to_employers: int
    employers: int


@dataclass(frozen=True)
class TreeFigures:
    """Every one-row figure of the report, read in one statement."""

    events: EventFigures
    guests: GuestFigures
    employment: EmploymentFigures
    applications: ApplicationFigures
    introductions: IntroductionFigures


@dataclass(frozen=True)
class ProjectCounts:
    """Projects by kind, how many were negotiated, and how many in all."""

    leads: int
    entrepreneurial: int
    high_tech_achievements: int
    cooperation: int
    investment: int
    negotiated: int
    total: int

    @classmethod
    def summed(cls, counts: Sequence[ProjectCounts]) -> ProjectCounts:
        """The counts of several events added up."""
        return cls(**{f.name: sum(getattr(c, f.name) for c in counts) for f in fields(cls)})


@dataclass(frozen=True)
class EventProjects(ProjectCounts):
    """The projects collected at one event of the tree (its row), by kind."""

    event: Row[Any]


@dataclass(frozen=True)
class CooperationFigures:
    signed: int
    intentions: int
    #: the signed and intended amounts summed per currency, largest first
    amounts: list[tuple[Decimal, str]]


@dataclass(frozen=True)
class PartyName:
    name: str
    #: an organisation's English name, a person's own Latin spelling
    name_en: str | None
    role: PartyRole


@dataclass(frozen=True)
class MechanismAgreement:
    agreement: Row[Any]
    parties: list[PartyName]


def report_tree(event_id: int) -> CTE:
    """The keys of the event and of its sessions at any depth, as a CTE."""
    return subtree([event_id]).cte("report_tree")


def _in(column: ColumnElement[Any], tree: CTE) -> ColumnElement[bool]:
    return column.in_(select(tree.c.id))


def _count_if(condition: ColumnElement[bool], key: ColumnElement[Any]) -> ColumnElement[int]:
    """count(DISTINCT CASE WHEN condition THEN key END): distinct keys meeting the condition."""
    return func.count(distinct(case((condition, key))))


def _sum_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """sum(CASE WHEN condition THEN 1 ELSE 0 END), 0 over no rows."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


async def event_row(session: AsyncSession, *, event_id: int) -> Row[Any] | None:
    """The event's row, or None when there is no event with this key."""
    result = await session.execute(select(event).where(event.c.id == event_id))
    return result.first()


def _events_aggregate(tree: CTE, event_id: int) -> Subquery:
    fair = event.c.kind == EventKind.RECRUITMENT_FAIR
    return (
        select(
            _sum_if(event.c.id != event_id).label("sessions"),
            func.count(distinct(case((fair, event.c.region)))).label("offline_regions"),
            func.coalesce(func.sum(case((fair, event.c.reported_participants))), 0).label(
                "offline_participants"
            ),
            func.coalesce(func.sum(event.c.online_visits), 0).label("online_visits"),
        )
        .where(_in(event.c.id, tree))
        .subquery("report_events")
    )


def _guests_aggregate(tree: CTE, event_id: int) -> Subquery:
    who = attendance.c.person_id
    academician = or_(*(contains(person.c.honours, h) for h in ACADEMICIAN_HONOURS))
    return (
        select(
            _count_if(attendance.c.event_id == event_id, who).label("total"),
            func.count(distinct(who)).label("attendees"),
            _count_if(academician, who).label("academicians"),
            _count_if(contains(person.c.honours, Honour.ACFROC_EXPERT), who).label("experts"),
            _count_if(person.c.country != HOME_COUNTRY, who).label("overseas"),
            _count_if(attendance.c.role == AttendanceRole.EMPLOYER_REPRESENTATIVE, who).label(
                "employer_representatives"
            ),
            _count_if(contains(person.c.honours, Honour.TALENT_WALL), who).label("talent_wall"),
        )
        .select_from(attendance.join(person, person.c.id == attendance.c.person_id))
        .where(_in(attendance.c.event_id, tree))
        .subquery("report_guests")
    )


def _new_ties_aggregate(tree: CTE, starts_on: date) -> Subquery:
    def attended(who: ColumnElement[int]) -> ColumnElement[bool]:
        # EXISTS, not IN: SQLite would probe every pair of attendees against the
        # relationship's unique index for `a IN (…) AND b IN (…)`.
        at = attendance.alias()
        return exists().where(at.c.person_id == who, _in(at.c.event_id, tree))

    return (
        select(func.count().label("new_ties"))
        .select_from(relationship)
        .where(
            relationship.c.since >= starts_on,
            attended(relationship.c.person_a_id),
            attended(relationship.c.person_b_id),
        )
        .subquery("report_ties")
    )


def _positions_aggregate(tree: CTE) -> Subquery:
    employer = organization.c.id
    return (
        select(
            func.count().label("positions"),
            func.coalesce(func.sum(position.c.openings), 0).label("openings"),
            _sum_if(position.c.is_high_level.is_(true())).label("high_level"),
            _sum_if(position.c.kind.in_(FLEXIBLE_KINDS)).label("flexible"),
            func.count(distinct(employer)).label("employers"),
            _count_if(organization.c.is_global500.is_(true()), employer).label("global500"),
            _count_if(organization.c.is_state_owned.is_(true()), employer).label("state_owned"),
        )
        .select_from(position.join(organization, employer == position.c.organization_id))
        .where(_in(position.c.event_id, tree))
        .subquery("report_positions")
    )


def _applications_aggregate(tree: CTE) -> Subquery:
    who = application.c.person_id
    return (
        select(
            func.count().label("resumes"),
            func.count(distinct(who)).label("applicants"),
            _count_if(person.c.country != HOME_COUNTRY, who).label("overseas_applicants"),
            _count_if(application.c.stage.in_(INTENTION_STAGES), who).label("intentions"),
        )
        .select_from(application.join(person, person.c.id == who))
        .where(_in(application.c.event_id, tree))
        .subquery("report_applications")
    )


def _introductions_aggregate(tree: CTE) -> Subquery:
    seeker, target = introduction.c.seeker_id, introduction.c.target_organization_id
    return (
        select(
            func.count().label("introductions_made"),
            func.count(distinct(seeker)).label("introduced_talents"),
            _count_if(target.is_not(None), seeker).label("talents_introduced_to_employers"),
            func.count(distinct(target)).label("introduced_employers"),
        )
        .where(_in(introduction.c.event_id, tree), introduction.c.status.in_(MADE_STATUSES))
        .subquery("report_introductions")
    )


def _cross_join(parts: Sequence[Subquery]) -> Select[Any]:
    """One row of every one-row aggregate, side by side (JOIN … ON TRUE)."""
    names = [c.name for part in parts for c in part.c]
    if len(names) != len(set(names)):
        raise ValueError(f"aggregates share a column name: {sorted(names)}")
    joined: Any = parts[0]
    for part in parts[1:]:
        joined = joined.join(part, true())
    return select(*parts).select_from(joined)


async def tree_figures(
    session: AsyncSession, *, event_id: int, starts_on: date | None
) -> TreeFigures:
    """Events, guests, new ties, positions, applications and introductions of the tree,
    in one statement. `starts_on` is the event's start date (no new ties without one)."""
    tree = report_tree(event_id)
    parts = [
        _events_aggregate(tree, event_id),
        _guests_aggregate(tree, event_id),
        _positions_aggregate(tree),
        _applications_aggregate(tree),
        _introductions_aggregate(tree),
    ]
    if starts_on is not None:
        parts.append(_new_ties_aggregate(tree, starts_on))
    r = (await session.execute(_cross_join(parts))).one()._mapping
    n: dict[str, int] = {key: int(value or 0) for key, value in r.items()}
    return TreeFigures(
        events=EventFigures(
            sessions=n["sessions"],
            offline_regions=n["offline_regions"],
            offline_participants=n["offline_participants"],
            online_visits=n["online_visits"],
        ),
        guests=GuestFigures(
            total=n["total"],
            attendees=n["attendees"],
            academicians=n["academicians"],
            acfroc_experts=n["experts"],
            overseas=n["overseas"],
            employer_representatives=n["employer_representatives"],
            talent_wall=n["talent_wall"],
            new_ties=n["new_ties"] if starts_on is not None else None,
        ),
        employment=EmploymentFigures(
            positions=n["positions"],
            openings=n["openings"],
            high_level=n["high_level"],
            flexible=n["flexible"],
            employers=n["employers"],
            global500_employers=n["global500"],
            state_owned_employers=n["state_owned"],
        ),
        applications=ApplicationFigures(
            resumes=n["resumes"],
            applicants=n["applicants"],
            overseas_applicants=n["overseas_applicants"],
            with_preliminary_intentions=n["intentions"],
        ),
        introductions=IntroductionFigures(
            made=n["introductions_made"],
            talents=n["introduced_talents"],
            talents_to_employers=n["talents_introduced_to_employers"],
            employers=n["introduced_employers"],
        ),
    )


async def projects_by_event(session: AsyncSession, *, event_id: int) -> list[EventProjects]:
    """Per event of the tree that collected projects: its row and its projects by kind and
    negotiated; most negotiated first, then earliest (undated last). One statement."""
    tree = report_tree(event_id)
    kind = project.c.kind
    counts = (
        select(
            project.c.event_id.label("report_event_id"),
            _sum_if(kind == ProjectKind.PROJECT_LEAD).label("report_leads"),
            _sum_if(kind == ProjectKind.ENTREPRENEURIAL).label("report_entrepreneurial"),
            _sum_if(kind == ProjectKind.HIGH_TECH_ACHIEVEMENT).label("report_high_tech"),
            _sum_if(kind == ProjectKind.COOPERATION).label("report_cooperation"),
            _sum_if(kind == ProjectKind.INVESTMENT).label("report_investment"),
            _sum_if(project.c.stage.in_(NEGOTIATED_STAGES)).label("report_negotiated"),
            func.count().label("report_total"),
        )
        .where(_in(project.c.event_id, tree))
        .group_by(project.c.event_id)
        .subquery("report_projects")
    )
    statement = (
        select(event, *(c for c in counts.c if c.name != "report_event_id"))
        .join(counts, counts.c.report_event_id == event.c.id)
        .order_by(
            counts.c.report_negotiated.desc(),
            event.c.starts_on.is_(None),  # undated last, on both databases
            event.c.starts_on,
            event.c.id,
        )
    )
    rows = (await session.execute(statement)).all()
    return [
        EventProjects(
            event=row,
            leads=int(row.report_leads),
            entrepreneurial=int(row.report_entrepreneurial),
            high_tech_achievements=int(row.report_high_tech),
            cooperation=int(row.report_cooperation),
            investment=int(row.report_investment),
            negotiated=int(row.report_negotiated),
            total=int(row.report_total),
        )
        for row in rows
    ]


async def cooperation_figures(session: AsyncSession, *, event_id: int) -> CooperationFigures:
    """Cooperation agreements signed and intended in the tree, and their amounts per currency.
    One statement (grouped by status and currency)."""
    tree = report_tree(event_id)
    totals = await agreement_totals(
        session, agreement.c.kind == AgreementKind.COOPERATION, _in(agreement.c.event_id, tree)
    )
    amounts: dict[str, Decimal] = {}
    for per_currency in totals.amounts.values():
        for currency, amount in per_currency.items():
            amounts[currency] = amounts.get(currency, Decimal(0)) + amount
    return CooperationFigures(
        signed=totals.count(AgreementStatus.SIGNED),
        intentions=totals.count(AgreementStatus.INTENTION),
        amounts=largest_first(amounts),
    )


async def mechanism_agreements(session: AsyncSession, *, event_id: int) -> list[MechanismAgreement]:
    """Mechanism agreements (MoUs) made in the tree, with the names of their parties, in the
    order they were signed. One statement (agreements outer-joined with their parties)."""
    tree = report_tree(event_id)
    party_org, party_person = organization.alias("party_org"), person.alias("party_person")
    statement = (
        select(
            agreement,
            agreement_party.c.role.label("party_role"),
            func.coalesce(party_org.c.name, party_person.c.name).label("party_name"),
            func.coalesce(party_org.c.name_en, party_person.c.name_latin).label("party_name_en"),
        )
        .select_from(
            agreement.outerjoin(agreement_party, agreement_party.c.agreement_id == agreement.c.id)
            .outerjoin(party_org, party_org.c.id == agreement_party.c.organization_id)
            .outerjoin(party_person, party_person.c.id == agreement_party.c.person_id)
        )
        .where(agreement.c.kind == AgreementKind.MECHANISM, _in(agreement.c.event_id, tree))
        .order_by(agreement.c.signed_on, agreement.c.id, agreement_party.c.id)
    )
    found: dict[int, MechanismAgreement] = {}
    for row in (await session.execute(statement)).all():
        entry = found.setdefault(row.id, MechanismAgreement(agreement=row, parties=[]))
        if row.party_name is not None:
            entry.parties.append(PartyName(row.party_name, row.party_name_en, row.party_role))
    return list(found.values())


async def funds_established(session: AsyncSession, *, event_id: int) -> list[Row[Any]]:
    """The rows of the funds party to an investment agreement signed in the tree. One
    statement."""
    tree = report_tree(event_id)
    parties = (
        select(agreement_party.c.organization_id)
        .join(agreement, agreement.c.id == agreement_party.c.agreement_id)
        .where(
            agreement.c.kind == AgreementKind.INVESTMENT,
            agreement.c.status == AgreementStatus.SIGNED,
            _in(agreement.c.event_id, tree),
        )
    )
    statement = (
        select(organization)
        .where(
            organization.c.kind == OrganizationKind.FUND,
            organization.c.id.in_(parties),
        )
        .order_by(organization.c.name, organization.c.id)
    )
    return list((await session.execute(statement)).all())
