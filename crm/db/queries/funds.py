"""SQL for fund commitments: every fund with its target, what is committed, and what it
invests in, in one statement.

A fund is an organisation of kind FUND. Its target and committed amounts are its own
figures (in its currency); its investments are the projects it takes part in as INVESTOR
(those at SIGNED or later counted apart); its investment agreements are the signed
agreements of kind INVESTMENT it is a party to, in any role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.enums import (
    AgreementKind,
    AgreementStatus,
    OrganizationKind,
    ParticipationRole,
    ProjectStage,
)
from crm.db.queries.event import subtree
from crm.db.tables import agreement, agreement_party, organization, participation, project

__all__ = ["SIGNED_STAGES", "FundScope", "fund_rows"]


#: a project whose deal is done: signed, under way or finished
SIGNED_STAGES = (ProjectStage.SIGNED, ProjectStage.IN_PROGRESS, ProjectStage.COMPLETED)


@dataclass(frozen=True)
class FundScope:
    """Which funds to list; empty fields do not restrict."""

    fund_ids: Sequence[int] = ()
    countries: Sequence[str] = ()
    regions: Sequence[str] = ()
    #: party to an agreement made at these events or their sessions
    event_ids: Sequence[int] = ()


def _invested(*stages: ProjectStage) -> ColumnElement[int]:
    """Projects the fund takes part in as INVESTOR (at one of `stages`, if given)."""
    conditions = [
        participation.c.organization_id == organization.c.id,
        participation.c.role == ParticipationRole.INVESTOR,
    ]
    statement = select(func.count(participation.c.id))
    if stages:
        statement = statement.join(project, project.c.id == participation.c.project_id)
        conditions.append(project.c.stage.in_(stages))
    return statement.where(*conditions).scalar_subquery()


async def fund_rows(session: AsyncSession, *, scope: FundScope) -> list[Row[Any]]:
    """The funds' rows with `investments`, `signed_investments` and `investment_agreements`;
    per currency, most committed first (none recorded last), then by name."""
    conditions: list[ColumnElement[bool]] = [organization.c.kind == OrganizationKind.FUND]
    if scope.fund_ids:
        conditions.append(organization.c.id.in_(list(scope.fund_ids)))
    if scope.countries:
        conditions.append(organization.c.country.in_(list(scope.countries)))
    if scope.regions:
        conditions.append(organization.c.region.in_(list(scope.regions)))
    if scope.event_ids:
        conditions.append(
            exists()
            .select_from(agreement_party.join(agreement))
            .where(
                agreement_party.c.organization_id == organization.c.id,
                agreement.c.event_id.in_(subtree(scope.event_ids)),
            )
        )
    agreements = (
        select(func.count(agreement.c.id))
        .join(agreement_party, agreement_party.c.agreement_id == agreement.c.id)
        .where(
            agreement_party.c.organization_id == organization.c.id,
            agreement.c.kind == AgreementKind.INVESTMENT,
            agreement.c.status == AgreementStatus.SIGNED,
        )
        .scalar_subquery()
    )
    statement = (
        select(
            organization,
            _invested().label("investments"),
            _invested(*SIGNED_STAGES).label("signed_investments"),
            agreements.label("investment_agreements"),
        )
        .where(*conditions)
        .order_by(
            organization.c.currency,
            organization.c.fund_committed_amount.is_(None),
            organization.c.fund_committed_amount.desc(),
            organization.c.name,
            organization.c.id,
        )
    )
    return list((await session.execute(statement)).all())
