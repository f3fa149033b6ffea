"""The dashboard's scope as SQL conditions on each kind of record it counts.

How each part of the scope meets each kind of record is told in `crm.db.queries.dashboard`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import CTE, ColumnElement, and_, exists, or_, select

from crm.db.enums import AgreementStatus, IntroductionStatus
from crm.db.queries.event import subtree
from crm.db.queries.reports import Period, organization_subtree
from crm.db.tables import (
    affiliation,
    agreement,
    agreement_party,
    application,
    attendance,
    event,
    interaction,
    interaction_participant,
    introduction,
    organization,
    participation,
    person,
    position,
    project,
)

__all__ = ["DashboardScope", "ScopeConditions"]


MADE_STATUSES = (IntroductionStatus.MADE, IntroductionStatus.OUTCOME)


@dataclass(frozen=True)
class DashboardScope:
    period: Period = field(default_factory=Period)
    countries: Sequence[str] = ()
    event_ids: Sequence[int] = ()
    organization_ids: Sequence[int] = ()


class ScopeConditions:
    """The scope's conditions on each kind of record, sharing the event and organisation trees."""

    def __init__(self, scope: DashboardScope) -> None:
        self.scope = scope
        self.countries = list(scope.countries)
        self.event_tree: CTE | None = (
            subtree(scope.event_ids).cte("dashboard_events") if scope.event_ids else None
        )
        self.org_tree: CTE | None = (
            organization_subtree(scope.organization_ids).cte("dashboard_organizations")
            if scope.organization_ids
            else None
        )

    def _in_events(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        assert self.event_tree is not None
        return column.in_(select(self.event_tree.c.id))

    def _in_orgs(self, column: ColumnElement[Any]) -> ColumnElement[bool]:
        assert self.org_tree is not None
        return column.in_(select(self.org_tree.c.id))

    def people(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.timestamps(person.c.created_at)]
        if self.countries:
            c.append(person.c.country.in_(self.countries))
        if self.event_tree is not None:
            c.append(
                exists().where(
                    attendance.c.person_id == person.c.id, self._in_events(attendance.c.event_id)
                )
            )
        if self.org_tree is not None:
            c.append(
                exists().where(
                    affiliation.c.person_id == person.c.id,
                    self._in_orgs(affiliation.c.organization_id),
                )
            )
        return c

    def organizations(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.timestamps(organization.c.created_at)]
        if self.countries:
            c.append(organization.c.country.in_(self.countries))
        if self.event_tree is not None:
            me = organization.c.id
            c.append(
                or_(
                    exists().where(
                        position.c.organization_id == me, self._in_events(position.c.event_id)
                    ),
                    exists()
                    .select_from(agreement_party.join(agreement))
                    .where(
                        agreement_party.c.organization_id == me,
                        self._in_events(agreement.c.event_id),
                    ),
                    exists().where(event.c.organizer_id == me, self._in_events(event.c.id)),
                )
            )
        if self.org_tree is not None:
            c.append(self._in_orgs(organization.c.id))
        return c

    def events(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.dates(event.c.starts_on)]
        if self.countries:
            c.append(event.c.country.in_(self.countries))
        if self.event_tree is not None:
            c.append(self._in_events(event.c.id))
        if self.org_tree is not None:
            c.append(self._in_orgs(event.c.organizer_id))
        return c

    def projects(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.timestamps(project.c.created_at)]
        mine = participation.c.project_id == project.c.id
        if self.countries:
            c.append(
                or_(
                    exists()
                    .select_from(participation.join(organization))
                    .where(mine, organization.c.country.in_(self.countries)),
                    exists()
                    .select_from(participation.join(person))
                    .where(mine, person.c.country.in_(self.countries)),
                )
            )
        if self.event_tree is not None:
            c.append(self._in_events(project.c.event_id))
        if self.org_tree is not None:
            c.append(exists().where(mine, self._in_orgs(participation.c.organization_id)))
        return c

    def positions(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.timestamps(position.c.created_at)]
        if self.countries:
            employers = select(organization.c.id).where(organization.c.country.in_(self.countries))
            c.append(position.c.organization_id.in_(employers))
        if self.event_tree is not None:
            c.append(self._in_events(position.c.event_id))
        if self.org_tree is not None:
            c.append(self._in_orgs(position.c.organization_id))
        return c

    def applications(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.timestamps(application.c.submitted_at)]
        if self.countries:
            applicants = select(person.c.id).where(person.c.country.in_(self.countries))
            c.append(application.c.person_id.in_(applicants))
        if self.event_tree is not None:
            c.append(self._in_events(application.c.event_id))
        if self.org_tree is not None:
            offered = select(position.c.id).where(self._in_orgs(position.c.organization_id))
            c.append(application.c.position_id.in_(offered))
        return c

    def agreements(self, period: Period) -> list[ColumnElement[bool]]:
        signed = agreement.c.status == AgreementStatus.SIGNED
        c = [
            or_(
                and_(signed, period.dates(agreement.c.signed_on)),
                and_(~signed, period.timestamps(agreement.c.created_at)),
            )
        ]
        mine = agreement_party.c.agreement_id == agreement.c.id
        if self.countries:
            c.append(
                or_(
                    exists()
                    .select_from(agreement_party.join(organization))
                    .where(mine, organization.c.country.in_(self.countries)),
                    exists()
                    .select_from(agreement_party.join(person))
                    .where(mine, person.c.country.in_(self.countries)),
                )
            )
        if self.event_tree is not None:
            c.append(self._in_events(agreement.c.event_id))
        if self.org_tree is not None:
            c.append(exists().where(mine, self._in_orgs(agreement_party.c.organization_id)))
        return c

    def introductions_made(self, period: Period) -> list[ColumnElement[bool]]:
        c = [
            introduction.c.status.in_(MADE_STATUSES),
            period.timestamps(introduction.c.status_changed_at),
        ]
        if self.countries:
            seekers = select(person.c.id).where(person.c.country.in_(self.countries))
            c.append(introduction.c.seeker_id.in_(seekers))
        if self.event_tree is not None:
            c.append(self._in_events(introduction.c.event_id))
        if self.org_tree is not None:
            c.append(self._in_orgs(introduction.c.target_organization_id))
        return c

    def interactions(self, period: Period) -> list[ColumnElement[bool]]:
        c = [period.timestamps(interaction.c.occurred_at)]
        if self.countries:
            c.append(
                exists()
                .select_from(interaction_participant.join(person))
                .where(
                    interaction_participant.c.interaction_id == interaction.c.id,
                    person.c.country.in_(self.countries),
                )
            )
        if self.event_tree is not None:
            c.append(self._in_events(interaction.c.event_id))
        if self.org_tree is not None:
            c.append(self._in_orgs(interaction.c.organization_id))
        return c
