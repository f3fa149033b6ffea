"""Counts the figures of projects and agreements: collected, displayed, negotiated, signed."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from crm.db.enums import (
    NEGOTIATED_STAGES,
    AgreementKind,
    AgreementStatus,
    OrganizationKind,
    ProjectKind,
)
from crm.db.models import Agreement, AgreementParty, Organization, Participation, Project
from crm.seed import keys
from crm.seed.counting import Figure, count_of, distinct_count, key_of

__all__ = ["Figure", "agreement_figures", "project_figures"]


async def project_figures(
    session: AsyncSession, tree: list[int], events: dict[str, int]
) -> dict[str, Figure]:
    """Projects collected and shown in the conference tree, and negotiated in Beijing."""
    beijing = await _beijing(session, events[keys.BEIJING_SESSION_NAME])
    return await _projects(session, tree, events) | beijing


async def agreement_figures(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    """Cooperation agreements signed or intended, and the fund established, at the conference."""
    return await _cooperation(session, tree) | await _fund(session, tree)


async def _projects(
    session: AsyncSession, tree: list[int], events: dict[str, int]
) -> dict[str, Figure]:
    in_tree = col(Project.event_id).in_(tree)
    by_kind = dict(
        (
            await session.execute(
                select(col(Project.kind), func.count()).where(in_tree).group_by(col(Project.kind))
            )
        ).all()
    )
    displayed = await count_of(
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
    incomplete = await count_of(
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
    financial = await count_of(
        session,
        select(distinct_count(col(Organization.id)))
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
        "fund_establishment_agreements": await count_of(
            session, select(distinct_count(established.subquery().c.id))
        ),
        "fund_financial_institutions": financial,
    }


async def _organisations_named(session: AsyncSession, names: Iterable[str]) -> dict[str, int]:
    rows = await session.execute(
        select(col(Organization.name_en), col(Organization.id)).where(
            col(Organization.name_en).in_(list(names))
        )
    )
    return {str(name): key_of(i) for name, i in rows}


async def _beijing(session: AsyncSession, session_id: int) -> dict[str, Figure]:
    negotiated = await count_of(
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
        .having(distinct_count(col(AgreementParty.organization_id)) == 2)
        .subquery()
    )
    parent = aliased(Organization)
    under_acfroc = await count_of(
        session,
        select(func.count())
        .select_from(Organization)
        .join(parent, col(parent.id) == col(Organization.parent_id))
        .where(
            col(Organization.id).in_(list(federations.values())),
            col(Organization.kind) == OrganizationKind.OVERSEAS_CHINESE_FEDERATION,
            col(parent.name_en) == keys.ACFROC_NAME_EN,
        ),
    )
    commission_under = await count_of(
        session,
        select(func.count())
        .select_from(Organization)
        .join(parent, col(parent.id) == col(Organization.parent_id))
        .where(
            col(Organization.name_en) == keys.ZHONGGUANCUN_COMMISSION_NAME_EN,
            col(Organization.kind) == OrganizationKind.GOVERNMENT_AGENCY,
            col(parent.name_en) == keys.BEIJING_SCIENCE_COMMISSION_NAME_EN,
        ),
    )
    park_partners = await count_of(
        session,
        select(distinct_count(col(Participation.organization_id)))
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
        "mechanism_agreements": await count_of(
            session, select(func.count()).select_from(signed_by_both)
        ),
        "federations_under_acfroc": under_acfroc,
        "zhongguancun_park_partners": park_partners,
        "zhongguancun_commission_under_science_commission": commission_under,
    }
