"""SQL for the analyst's dashboard: totals, breakdowns and activity by month, in four
statements whatever the size of the database.

The scope narrows every figure. The period (days, UTC) meets each kind of record at
its own date: people, organisations, projects and positions when they were added
(created_at); events at their start; applications when submitted; signed agreements on
the day they were signed, other agreements when added; introductions when made (the
status change to MADE or OUTCOME); interactions when they occurred. The other parts:

- countries: people and applicants by residence; organisations, events by their own
  country; projects and agreements by a participant's or party's; positions by the
  employer's; introductions by the seeker's residence; interactions by a participant's;
- events (with their sessions at any depth): people who attended; organisations that
  offered a position, were party to an agreement, or organised an event there; the events
  themselves; projects, positions, applications, agreements, introductions and
  interactions recorded there;
- organisations (with their sub-organisations at any depth): people affiliated in any
  role; the organisations themselves; events they organised; projects they take part in;
  their positions and the applications to them; agreements they are party to;
  introductions to them; interactions related to them.

Activity by month counts new people, interactions, agreements signed and introductions
made per calendar month (UTC) of a window, with the same scope apart from the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    cast,
    distinct,
    func,
    literal,
    null,
    select,
    true,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.enums import AgreementStatus
from crm.db.queries.dashboard_scope import DashboardScope, ScopeConditions
from crm.db.queries.reports import (
    Period,
    agreement_totals,
    json_elements,
    json_length,
    largest_first,
    year_month,
)
from crm.db.tables import (
    agreement,
    application,
    event,
    interaction,
    introduction,
    organization,
    person,
    position,
    project,
)

__all__ = [
    "ACTIVITIES",
    "BREAKDOWNS",
    "AgreementFigures",
    "DashboardScope",
    "Totals",
    "activity_by_month",
    "agreement_figures",
    "breakdowns",
    "totals",
]


#: the breakdowns, in the order the dashboard shows them
BREAKDOWNS = (
    "people_by_country",
    "people_by_field",
    "people_by_hometown_province",
    "organizations_by_kind",
    "organizations_by_country",
    "projects_by_field",
    "projects_by_region",
)
#: what activity by month counts
ACTIVITIES = ("new_people", "interactions", "agreements_signed", "introductions_made")


@dataclass(frozen=True)
class Totals:
    people: int
    organizations: int
    events: int
    projects: int
    positions: int
    openings: int
    applications: int
    introductions_made: int
    interactions: int


@dataclass(frozen=True)
class AgreementFigures:
    signed: int
    intentions: int
    #: amounts per currency, largest first
    signed_amounts: list[tuple[Decimal, str]]
    intended_amounts: list[tuple[Decimal, str]]


def _count(conditions: list[ColumnElement[bool]], table: Any) -> ColumnElement[int]:
    return select(func.count()).select_from(table).where(*conditions).scalar_subquery()


async def totals(session: AsyncSession, *, scope: DashboardScope) -> Totals:
    """Every total of the dashboard in one statement (scalar subqueries side by side)."""
    s, p = ScopeConditions(scope), scope.period
    openings = (
        select(func.coalesce(func.sum(position.c.openings), 0))
        .where(*s.positions(p))
        .scalar_subquery()
    )
    statement = select(
        _count(s.people(p), person).label("people"),
        _count(s.organizations(p), organization).label("organizations"),
        _count(s.events(p), event).label("events"),
        _count(s.projects(p), project).label("projects"),
        _count(s.positions(p), position).label("positions"),
        openings.label("openings"),
        _count(s.applications(p), application).label("applications"),
        _count(s.introductions_made(p), introduction).label("introductions_made"),
        _count(s.interactions(p), interaction).label("interactions"),
    )
    row = (await session.execute(statement)).one()._mapping
    return Totals(**{name: int(value or 0) for name, value in row.items()})


async def agreement_figures(session: AsyncSession, *, scope: DashboardScope) -> AgreementFigures:
    """Agreements signed and intended, and their amounts per currency; one statement."""
    s = ScopeConditions(scope)
    totals = await agreement_totals(session, *s.agreements(scope.period))
    return AgreementFigures(
        signed=totals.count(AgreementStatus.SIGNED),
        intentions=totals.count(AgreementStatus.INTENTION),
        signed_amounts=largest_first(totals.amounts[AgreementStatus.SIGNED]),
        intended_amounts=largest_first(totals.amounts[AgreementStatus.INTENTION]),
    )


def _grouped(
    name: str, key: ColumnElement[Any], counted: ColumnElement[int], conditions: list[Any]
) -> Select[str, str, int]:
    return (
        select(
            literal(name).label("breakdown"),
            cast(key, String).label("key"),
            counted.label("records"),
        )
        .where(*conditions)
        .group_by(key)
    )


async def breakdowns(
    session: AsyncSession, *, scope: DashboardScope
) -> dict[str, dict[str | None, int]]:
    """Per breakdown of BREAKDOWNS: records per value (None: not recorded); one statement.
    A person counts once under each field of expertise they list."""
    s, p = ScopeConditions(scope), scope.period
    dialect = session.get_bind().dialect.name
    field = json_elements(dialect, person.c.expertise)
    people, orgs, projects = s.people(p), s.organizations(p), s.projects(p)
    parts = [
        _grouped("people_by_country", person.c.country, func.count(), people),
        _grouped("people_by_field", field.c.value, func.count(distinct(person.c.id)), people)
        .select_from(person)
        .join(field, true()),
        # people who list no field: the breakdown's unknown
        select(
            literal("people_by_field").label("breakdown"),
            cast(null(), String).label("key"),
            func.count().label("records"),
        ).where(*people, json_length(person.c.expertise) == 0),
        _grouped("people_by_hometown_province", person.c.hometown_province, func.count(), people),
        _grouped("organizations_by_kind", organization.c.kind, func.count(), orgs),
        _grouped("organizations_by_country", organization.c.country, func.count(), orgs),
        _grouped("projects_by_field", project.c.field, func.count(), projects),
        _grouped("projects_by_region", project.c.region, func.count(), projects),
    ]
    found: dict[str, dict[str | None, int]] = {name: {} for name in BREAKDOWNS}
    for name, key, n in (await session.execute(union_all(*parts))).all():
        found[name][key] = int(n)
    return found


async def activity_by_month(
    session: AsyncSession, *, scope: DashboardScope, window: Period
) -> dict[str, dict[str, int]]:
    """Per activity of ACTIVITIES: records per 'YYYY-MM' of the window (months without any
    are absent); the scope's own period is replaced by the window. One statement."""
    s = ScopeConditions(scope)
    signed = [agreement.c.status == AgreementStatus.SIGNED, window.dates(agreement.c.signed_on)]
    parts = [
        _month("new_people", person.c.created_at, s.people(window)),
        _month("interactions", interaction.c.occurred_at, s.interactions(window)),
        _month("agreements_signed", agreement.c.signed_on, [*s.agreements(window), *signed]),
        _month(
            "introductions_made",
            introduction.c.status_changed_at,
            s.introductions_made(window),
        ),
    ]
    found: dict[str, dict[str, int]] = {name: {} for name in ACTIVITIES}
    for name, month, n in (await session.execute(union_all(*parts))).all():
        found[name][month] = int(n)
    return found


def _month(name: str, column: ColumnElement[Any], conditions: list[Any]) -> Select[str, str, int]:
    month = year_month(column)
    return (
        select(literal(name).label("activity"), month.label("month"), func.count().label("n"))
        .where(*conditions)
        .group_by(month)
    )
