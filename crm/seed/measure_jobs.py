"""Counts the figures of recruitment: positions, employers, résumés, intentions, introductions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from crm.db.enums import ApplicationStage, IntroductionStatus, OrganizationKind, PositionKind
from crm.db.models import Application, Introduction, Organization, Person, Position
from crm.seed import keys
from crm.seed.counting import Figure, count_of, distinct_count
from crm.seed.places import NORTHEASTERN_FUJIAN

__all__ = ["Figure", "recruitment_figures"]

INTENTION_STAGES = (
    ApplicationStage.PRELIMINARY_INTENTION,
    ApplicationStage.OFFER,
    ApplicationStage.HIRED,
)


async def recruitment_figures(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    """Figures of the positions, applications and introductions in the conference tree."""
    return await _recruitment(session, tree) | await _positions(session, tree)


async def _recruitment(session: AsyncSession, tree: list[int]) -> dict[str, Figure]:
    in_tree = col(Application.event_id).in_(tree)
    introduced = (
        await session.execute(
            select(
                distinct_count(col(Introduction.seeker_id)),
                distinct_count(col(Introduction.target_organization_id)),
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
        "resumes": await count_of(
            session, select(func.count()).select_from(Application).where(in_tree)
        ),
        "overseas_applicants": await count_of(
            session,
            select(distinct_count(col(Application.person_id)))
            .join(Person, col(Person.id) == col(Application.person_id))
            .where(in_tree, col(Person.country) != "CN"),
        ),
        "preliminary_intentions": await count_of(
            session,
            select(distinct_count(col(Application.person_id))).where(
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
        return await count_of(
            session, select(func.count()).select_from(Position).where(in_tree, *where)
        )

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
        "flexible_planner_positions": await positions(
            flexible, col(Position.title) == keys.PLANNER_TITLE
        ),
        "flexible_ai_vision_positions": await positions(
            flexible, col(Position.title) == keys.AI_VISION_TITLE
        ),
    }
