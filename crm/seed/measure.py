"""Counts the figures of the seed text from the database, with SQL that runs on SQLite and PostgreSQL.

Every rule is written once here; `crm.seed.figures` says what each count must be.
JSON lists (honours, expertise) are fetched and counted in Python, which is portable
where a JSON containment filter is not.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from crm.db.enums import (
    AgreementKind,
    AgreementStatus,
    ApplicationStage,
    AttendanceRole,
    Degree,
    EventKind,
    Honour,
    IntroductionStatus,
    OrganizationKind,
    PositionKind,
    ProjectKind,
    ProjectStage,
)
from crm.db.models import (
    Affiliation,
    Agreement,
    AgreementParty,
    Application,
    Attendance,
    Event,
    Introduction,
    Organization,
    Participation,
    Person,
    Position,
    Project,
)
from crm.seed import keys
from crm.seed.fields import ACFROC_FIELDS
from crm.seed.places import NORTHEASTERN_FUJIAN

__all__ = ["Figure", "measure_figures"]

Figure = int | Decimal

ACADEMICIAN_HONOURS = frozenset({Honour.CAS_ACADEMICIAN, Honour.CAE_ACADEMICIAN})
#: "negotiated and discussed": the stages a project reaches once talks have begun
NEGOTIATED_STAGES = (
    ProjectStage.NEGOTIATING,
    ProjectStage.PRELIMINARY_INTENTION,
    ProjectStage.SIGNED,
    ProjectStage.IN_PROGRESS,
    ProjectStage.COMPLETED,
)
INTENTION_STAGES = (
    ApplicationStage.PRELIMINARY_INTENTION,
    ApplicationStage.OFFER,
    ApplicationStage.HIRED,
)


async def measure_figures(session: AsyncSession) -> dict[str, Figure]:
    """Count every figure of the seed text in the database (SQLite or PostgreSQL)."""
    events = await _events(session)
    tree = await _conference_tree(session, events[keys.CONFERENCE_NAME])
    figures: dict[str, Figure] = {}
    figures |= await _guests(session, events[keys.CONFERENCE_NAME])
    figures |= await _projects(session, tree, events)
    figures |= await _cooperation(session, tree)
    figures |= await _fund(session, tree)
    figures |= await _beijing(session, events[keys.BEIJING_SESSION_NAME])
    figures |= await _talent_wall(session, events[keys.TALENT_SESSION_NAME])
    figures |= await _offline(session, events[keys.ONLINE_PLATFORM_NAME])
    figures |= await _recruitment(session, tree)
    figures |= await _positions(session, tree)
    return figures


async def _events(session: AsyncSession) -> dict[str, int]:
    names = (
        keys.CONFERENCE_NAME,
        keys.BEIJING_SESSION_NAME,
        keys.TALENT_SESSION_NAME,
        keys.ACHIEVEMENTS_SESSION_NAME,
        keys.ONLINE_PLATFORM_NAME,
    )
    rows = await session.execute(select(col(Event.name), col(Event.id)).where(col(Event.name).in_(names)))
    found = {name: int(event_id) for name, event_id in rows}
    missing = set(names) - set(found)
    if missing:
        raise LookupError(f"events not in the database: {sorted(missing)}")
    return found


async def _conference_tree(session: AsyncSession, conference_id: int) -> list[int]:
    """The conference and all its descendants (sessions, campaigns, their fairs)."""
    tree = select(col(Event.id)).where(col(Event.id) == conference_id).cte(recursive=True)
    tree = tree.union_all(select(col(Event.id)).where(col(Event.parent_id) == tree.c.id))
    return [int(i) for i in (await session.scalars(select(tree.c.id))).all()]


async def _scalar(session: AsyncSession, statement: Select[Any]) -> int:
    return int((await session.execute(statement)).scalar_one() or 0)


def _distinct(column: Any) -> Any:
    return func.count(func.distinct(column))


async def _guests(session: AsyncSession, conference_id: int) -> dict[str, Figure]:
    rows = (
        await session.execute(
            select(col(Person.id), col(Person.country), col(Person.honours), col(Person.expertise))
            .join(Attendance, col(Attendance.person_id) == col(Person.id))
            .where(col(Attendance.event_id) == conference_id)
            .distinct()
        )
    ).all()
    academicians = [r for r in rows if ACADEMICIAN_HONOURS & set(r.honours)]
    experts = [r for r in rows if Honour.ACFROC_EXPERT in r.honours]
    fields = {f for r in experts for f in r.expertise}
    return {
        "guests": len(rows),
        "academicians": len(academicians),
        "domestic_academicians": sum(1 for r in academicians if r.country == "CN"),
        "overseas_academicians": sum(1 for r in academicians if r.country != "CN"),
        "acfroc_experts": len(experts),
        "acfroc_expert_fields": len(fields & set(ACFROC_FIELDS)),
        "acfroc_experts_outside_their_fields": sum(
            1 for r in experts if not r.expertise or set(r.expertise) - set(ACFROC_FIELDS)
        ),
    }


async def _projects(session: AsyncSession, tree: list[int], events: dict[str, int]) -> dict[str, Figure]:
    in_tree = col(Project.event_id).in_(tree)
    by_kind = dict(
        (
            await session.execute(
                select(col(Project.kind), func.count()).where(in_tree).group_by(col(Project.kind))
            )
        ).all()
    )
    displayed = await _scalar(
        session,
        select(func.count()).where(
            col(Project.kind) == ProjectKind.HIGH_TECH_ACHIEVEMENT,
            col(Project.event_id) == events[keys.ACHIEVEMENTS_SESSION_NAME],
        ),
    )
    return {
        "project_leads": int(by_kind.get(ProjectKind.PROJECT_LEAD, 0)),
        "entrepreneurial_items": int(by_kind.get(ProjectKind.ENTREPRENEURIAL, 0)),
        "high_tech_achievements": int(by_kind.get(ProjectKind.HIGH_TECH_ACHIEVEMENT, 0)),
        "high_tech_achievements_displayed": displayed,
    }


async def _cooperation(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    cooperation = and_(
        col(Agreement.kind) == AgreementKind.COOPERATION,
        col(Agreement.event_id).in_(tree),
        col(Agreement.status).in_([AgreementStatus.SIGNED, AgreementStatus.INTENTION]),
    )
    rows = (
        await session.execute(
            select(col(Agreement.status), func.count(), func.sum(col(Agreement.amount)))
            .where(cooperation)
            .group_by(col(Agreement.status))
        )
    ).all()
    counts = {status: int(n) for status, n, _ in rows}
    amount = sum((Decimal(total or 0) for _, _, total in rows), Decimal(0))
    with_organisations = (
        select(col(AgreementParty.agreement_id))
        .where(col(AgreementParty.organization_id).is_not(None))
        .scalar_subquery()
    )
    incomplete = await _scalar(
        session,
        select(func.count())
        .select_from(Agreement)
        .outerjoin(Project, col(Project.id) == col(Agreement.project_id))
        .where(cooperation)
        .where(
            (col(Project.kind).is_(None))
            | (col(Project.kind) != ProjectKind.COOPERATION)
            | col(Agreement.id).not_in(with_organisations)
        ),
    )
    return {
        "signed_cooperation_projects": counts.get(AgreementStatus.SIGNED, 0),
        "cooperation_intentions": counts.get(AgreementStatus.INTENTION, 0),
        "cooperation_amount": amount,
        "cooperation_agreements_without_project_or_parties": incomplete,
    }


async def _fund(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    fund = (
        await session.execute(
            select(
                col(Organization.id),
                col(Organization.fund_target_amount),
                col(Organization.fund_committed_amount),
                col(Organization.founded_on),
            ).where(
                col(Organization.kind) == OrganizationKind.FUND,
                col(Organization.name_en) == keys.FUND_NAME_EN,
            )
        )
    ).one()
    established = (
        select(col(Agreement.id))
        .join(AgreementParty, col(AgreementParty.agreement_id) == col(Agreement.id))
        .where(
            col(Agreement.kind) == AgreementKind.INVESTMENT,
            col(Agreement.status) == AgreementStatus.SIGNED,
            col(Agreement.event_id).in_(tree),
            col(AgreementParty.organization_id) == fund.id,
        )
    )
    financial = await _scalar(
        session,
        select(_distinct(col(Organization.id)))
        .join(AgreementParty, col(AgreementParty.organization_id) == col(Organization.id))
        .where(
            col(Organization.kind) == OrganizationKind.FINANCIAL_INSTITUTION,
            col(AgreementParty.agreement_id).in_(established.scalar_subquery()),
        ),
    )
    return {
        "fund_target_amount": Decimal(fund.fund_target_amount or 0),
        "fund_committed_amount": Decimal(fund.fund_committed_amount or 0),
        "fund_founded_at_conference": int(fund.founded_on == keys.CONFERENCE_CLOSING_DAY),
        "fund_establishment_agreements": await _scalar(
            session, select(_distinct(established.subquery().c.id))
        ),
        "fund_financial_institutions": financial,
    }


async def _organisations_named(session: AsyncSession, names: Iterable[str]) -> dict[str, int]:
    rows = await session.execute(
        select(col(Organization.name_en), col(Organization.id)).where(
            col(Organization.name_en).in_(list(names))
        )
    )
    return {str(name): int(i) for name, i in rows}


async def _beijing(session: AsyncSession, session_id: int) -> dict[str, Figure]:
    negotiated = await _scalar(
        session,
        select(func.count()).where(
            col(Project.event_id) == session_id, col(Project.stage).in_(NEGOTIATED_STAGES)
        ),
    )
    federations = await _organisations_named(
        session, (keys.BEIJING_FEDERATION_NAME_EN, keys.FUJIAN_FEDERATION_NAME_EN)
    )
    signed_by_both = (
        select(col(Agreement.id))
        .join(AgreementParty, col(AgreementParty.agreement_id) == col(Agreement.id))
        .where(
            col(Agreement.kind) == AgreementKind.MECHANISM,
            col(Agreement.title) == keys.MECHANISM_TITLE,
            col(Agreement.status) == AgreementStatus.SIGNED,
            col(Agreement.signed_on) == keys.CONFERENCE_CLOSING_DAY,
            col(Agreement.event_id) == session_id,
            col(AgreementParty.organization_id).in_(list(federations.values())),
        )
        .group_by(col(Agreement.id))
        .having(_distinct(col(AgreementParty.organization_id)) == 2)
        .subquery()
    )
    parent = aliased(Organization)
    under_acfroc = await _scalar(
        session,
        select(func.count())
        .select_from(Organization)
        .join(parent, parent.id == col(Organization.parent_id))
        .where(
            col(Organization.id).in_(list(federations.values())),
            col(Organization.kind) == OrganizationKind.OVERSEAS_CHINESE_FEDERATION,
            parent.name_en == keys.ACFROC_NAME_EN,
        ),
    )
    commission_under = await _scalar(
        session,
        select(func.count())
        .select_from(Organization)
        .join(parent, parent.id == col(Organization.parent_id))
        .where(
            col(Organization.name_en) == keys.ZHONGGUANCUN_COMMISSION_NAME_EN,
            col(Organization.kind) == OrganizationKind.GOVERNMENT_AGENCY,
            parent.name_en == keys.BEIJING_SCIENCE_COMMISSION_NAME_EN,
        ),
    )
    park_partners = await _scalar(
        session,
        select(_distinct(col(Participation.organization_id)))
        .join(Project, col(Project.id) == col(Participation.project_id))
        .join(Organization, col(Organization.id) == col(Participation.organization_id))
        .where(
            col(Project.name_en) == keys.ZHONGGUANCUN_PARK_PROJECT_NAME_EN,
            col(Project.event_id) == session_id,
            col(Organization.name_en).in_(keys.ZHONGGUANCUN_PARK_PARTNERS),
        ),
    )
    return {
        "beijing_negotiated_projects": negotiated,
        "mechanism_agreements": await _scalar(session, select(func.count()).select_from(signed_by_both)),
        "federations_under_acfroc": under_acfroc,
        "zhongguancun_park_partners": park_partners,
        "zhongguancun_commission_under_science_commission": commission_under,
    }


async def _talent_wall(session: AsyncSession, session_id: int) -> dict[str, Figure]:
    people = await session.execute(select(col(Person.id), col(Person.honours)))
    wall = {int(i) for i, honours in people if Honour.TALENT_WALL in honours}
    degrees = (
        await session.execute(
            select(col(Affiliation.person_id), col(Organization.name_en))
            .join(Organization, col(Organization.id) == col(Affiliation.organization_id))
            .where(
                col(Affiliation.degree).in_([Degree.DOCTORATE, Degree.MASTER]),
                col(Organization.kind) == OrganizationKind.UNIVERSITY,
                col(Organization.name_en).in_(keys.RENOWNED_UNIVERSITIES),
            )
        )
    ).all()
    candidates = await session.scalars(
        select(col(Attendance.person_id)).where(
            col(Attendance.event_id) == session_id,
            col(Attendance.role) == AttendanceRole.CANDIDATE,
        )
    )
    named = {keys.OXFORD, keys.CAMBRIDGE, keys.HARVARD}
    return {
        "talent_wall": len(wall),
        "talent_wall_with_renowned_degrees": len(wall & {int(p) for p, _ in degrees}),
        "talent_wall_at_recruitment_session": len(wall & {int(p) for p in candidates}),
        "talent_wall_from_oxford_cambridge_harvard": len(
            named & {str(u) for p, u in degrees if p in wall}
        ),
    }


async def _offline(session: AsyncSession, platform_id: int) -> dict[str, Figure]:
    fairs = (
        await session.execute(
            select(col(Event.region), col(Event.reported_participants)).where(
                col(Event.parent_id) == platform_id, col(Event.kind) == EventKind.RECRUITMENT_FAIR
            )
        )
    ).all()
    visits = await _scalar(session, select(col(Event.online_visits)).where(col(Event.id) == platform_id))
    return {
        "offline_regions": len({region for region, _ in fairs if region}),
        "offline_participants": sum(int(n or 0) for _, n in fairs),
        "online_visits": visits,
    }


async def _recruitment(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    in_tree = col(Application.event_id).in_(tree)
    introduced = (
        await session.execute(
            select(
                _distinct(col(Introduction.seeker_id)),
                _distinct(col(Introduction.target_organization_id)),
            ).where(
                col(Introduction.event_id).in_(tree),
                col(Introduction.status).in_([IntroductionStatus.MADE, IntroductionStatus.OUTCOME]),
                col(Introduction.target_organization_id).is_not(None),
            )
        )
    ).one()
    return {
        "introduced_talents": int(introduced[0]),
        "introduced_employers": int(introduced[1]),
        "resumes": await _scalar(session, select(func.count()).select_from(Application).where(in_tree)),
        "overseas_applicants": await _scalar(
            session,
            select(_distinct(col(Application.person_id)))
            .join(Person, col(Person.id) == col(Application.person_id))
            .where(in_tree, col(Person.country) != "CN"),
        ),
        "preliminary_intentions": await _scalar(
            session,
            select(_distinct(col(Application.person_id))).where(
                in_tree, col(Application.stage).in_(INTENTION_STAGES)
            ),
        ),
    }


async def _positions(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    in_tree = col(Position.event_id).in_(tree)
    flexible = col(Position.kind).in_([PositionKind.FLEXIBLE, PositionKind.PROJECT_BASED])
    employers = select(col(Position.organization_id)).where(in_tree).distinct().scalar_subquery()
    rows = (
        await session.execute(
            select(
                col(Organization.kind),
                col(Organization.city),
                col(Organization.is_global500),
                col(Organization.is_state_owned),
            ).where(col(Organization.id).in_(employers))
        )
    ).all()

    async def positions(*where: Any) -> int:
        return await _scalar(session, select(func.count()).select_from(Position).where(in_tree, *where))

    education = {OrganizationKind.SCHOOL, OrganizationKind.UNIVERSITY}
    return {
        "high_level_demands": await positions(col(Position.is_high_level).is_(True)),
        "positions": await positions(),
        "employers": len(rows),
        "global500_employers": sum(1 for r in rows if r.is_global500),
        "state_owned_employers": sum(1 for r in rows if r.is_state_owned),
        "education_employers": sum(1 for r in rows if r.kind in education),
        "health_employers": sum(1 for r in rows if r.kind == OrganizationKind.HOSPITAL),
        "employers_outside_northeastern_fujian": sum(
            1 for r in rows if r.city not in NORTHEASTERN_FUJIAN
        ),
        "flexible_positions": await positions(flexible),
        "flexible_planner_positions": await positions(flexible, col(Position.title) == keys.PLANNER_TITLE),
        "flexible_ai_vision_positions": await positions(
            flexible, col(Position.title) == keys.AI_VISION_TITLE
        ),
    }
