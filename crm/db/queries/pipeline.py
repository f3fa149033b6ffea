"""SQL for the project pipeline and the application funnel: records per stage, how many
reached each stage, and how long they stayed, in two statements per report.

Counting rules (the same for projects and applications):

- a record is *at* the stage it has now;
- it *reached* a stage of the pipeline when its furthest stage — the furthest of its
  current stage and every stage its history moved it to — is that stage or a later one.
  Every record reached the first stage. Records loaded in bulk have no history; their
  current stage then says how far they got. An exit stage (DROPPED, DECLINED, WITHDRAWN)
  is reached by records at it now or ever moved to it;
- a *stay* in a stage runs from the change that moved the record into it (or created it
  there) to the record's next change; only finished stays count, so the figures do not
  drift with the clock. Days are fractional.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    Table,
    case,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.enums import (
    ApplicationStage,
    ParticipationRole,
    PositionKind,
    ProjectKind,
    ProjectStage,
)
from crm.db.queries.event import subtree
from crm.db.queries.reports import Period, days_between, organization_subtree
from crm.db.tables import (
    application,
    application_change,
    organization,
    participation,
    person,
    position,
    project,
    project_change,
)

__all__ = [
    "APPLICATION_EXITS",
    "APPLICATION_PIPELINE",
    "HOME_COUNTRY",
    "PROJECT_EXITS",
    "PROJECT_PIPELINE",
    "ApplicationScope",
    "ProjectScope",
    "StageFigures",
    "application_funnel",
    "project_pipeline",
]


PROJECT_PIPELINE: tuple[ProjectStage, ...] = (
    ProjectStage.LEAD,
    ProjectStage.CONTACTED,
    ProjectStage.NEGOTIATING,
    ProjectStage.PRELIMINARY_INTENTION,
    ProjectStage.SIGNED,
    ProjectStage.IN_PROGRESS,
    ProjectStage.COMPLETED,
)
PROJECT_EXITS: tuple[ProjectStage, ...] = (ProjectStage.DROPPED,)
APPLICATION_PIPELINE: tuple[ApplicationStage, ...] = (
    ApplicationStage.SUBMITTED,
    ApplicationStage.SCREENING,
    ApplicationStage.PRELIMINARY_INTENTION,
    ApplicationStage.OFFER,
    ApplicationStage.HIRED,
)
APPLICATION_EXITS: tuple[ApplicationStage, ...] = (
    ApplicationStage.DECLINED,
    ApplicationStage.WITHDRAWN,
)
HOME_COUNTRY = "CN"


@dataclass(frozen=True)
class ProjectScope:
    """Which projects a pipeline counts; empty fields do not restrict."""

    fields: Sequence[str] = ()
    regions: Sequence[str] = ()
    kinds: Sequence[ProjectKind] = ()
    #: a participating organisation or person is based in one of these countries
    countries: Sequence[str] = ()
    #: collected, shown or negotiated at these events or their sessions
    event_ids: Sequence[int] = ()
    #: one of these organisations or their sub-organisations takes part…
    organization_ids: Sequence[int] = ()
    #: …in one of these roles (any role when empty; alone: any organisation in these roles)
    organization_roles: Sequence[ParticipationRole] = ()
    #: created, or moved to another stage, on a day of the period
    period: Period = field(default_factory=Period)


@dataclass(frozen=True)
class ApplicationScope:
    """Which applications a funnel counts; empty fields do not restrict."""

    #: received at these events or their sessions
    event_ids: Sequence[int] = ()
    #: positions of these organisations or their sub-organisations
    employer_ids: Sequence[int] = ()
    position_kinds: Sequence[PositionKind] = ()
    #: the applicant resides in one of these countries
    applicant_countries: Sequence[str] = ()
    #: True: the applicant resides outside China; False: in China (unknown: neither)
    overseas: bool | None = None
    #: submitted, or moved to another stage, on a day of the period
    period: Period = field(default_factory=Period)


@dataclass
class StageFigures:
    stage: StrEnum
    #: records at this stage now
    count: int = 0
    #: records that reached this stage (see the module's counting rules)
    reached: int = 0
    #: projects only: the intended and signed amounts of the records at this stage, per currency
    intended: dict[str, Decimal] = field(default_factory=dict)
    signed: dict[str, Decimal] = field(default_factory=dict)
    #: finished stays in this stage, and their average and median length in days
    stays: int = 0
    average_days: float | None = None
    median_days: float | None = None


def _rank(column: ColumnElement[Any], pipeline: Sequence[StrEnum]) -> ColumnElement[int]:
    """The stage's position in the pipeline (0 first); NULL for an exit stage."""
    return case({stage.value: i for i, stage in enumerate(pipeline)}, value=column)


def _larger(a: ColumnElement[int], b: ColumnElement[int]) -> ColumnElement[int]:
    return case((a >= b, a), else_=b)


def _projects_in(scope: ProjectScope) -> CTE:
    conditions: list[ColumnElement[bool]] = [true()]
    for column, values in (("field", scope.fields), ("region", scope.regions)):
        if values:
            conditions.append(project.c[column].in_(list(values)))
    if scope.kinds:
        conditions.append(project.c.kind.in_(list(scope.kinds)))
    if scope.event_ids:
        conditions.append(project.c.event_id.in_(subtree(scope.event_ids)))
    if scope.organization_ids or scope.organization_roles:
        taking_part = [
            participation.c.project_id == project.c.id,
            participation.c.organization_id.is_not(None),
        ]
        if scope.organization_ids:
            orgs = organization_subtree(scope.organization_ids)
            taking_part.append(participation.c.organization_id.in_(orgs))
        if scope.organization_roles:
            taking_part.append(participation.c.role.in_(list(scope.organization_roles)))
        conditions.append(exists().where(*taking_part))
    if scope.countries:
        countries = list(scope.countries)
        conditions.append(
            or_(
                exists()
                .select_from(participation.join(organization))
                .where(
                    participation.c.project_id == project.c.id,
                    organization.c.country.in_(countries),
                ),
                exists()
                .select_from(participation.join(person))
                .where(participation.c.project_id == project.c.id, person.c.country.in_(countries)),
            )
        )
    if not scope.period.is_open:
        conditions.append(
            or_(
                scope.period.timestamps(project.c.created_at),
                exists().where(
                    project_change.c.project_id == project.c.id,
                    scope.period.timestamps(project_change.c.changed_at),
                ),
            )
        )
    return select(project.c.id).where(*conditions).cte("pipeline_scope")


def _applications_in(scope: ApplicationScope) -> CTE:
    conditions: list[ColumnElement[bool]] = [true()]
    if scope.event_ids:
        conditions.append(application.c.event_id.in_(subtree(scope.event_ids)))
    if scope.employer_ids:
        conditions.append(position.c.organization_id.in_(organization_subtree(scope.employer_ids)))
    if scope.position_kinds:
        conditions.append(position.c.kind.in_(list(scope.position_kinds)))
    if scope.applicant_countries:
        conditions.append(person.c.country.in_(list(scope.applicant_countries)))
    if scope.overseas is True:
        conditions.append(person.c.country != HOME_COUNTRY)
    elif scope.overseas is False:
        conditions.append(person.c.country == HOME_COUNTRY)
    if not scope.period.is_open:
        conditions.append(
            or_(
                scope.period.timestamps(application.c.submitted_at),
                exists().where(
                    application_change.c.application_id == application.c.id,
                    scope.period.timestamps(application_change.c.changed_at),
                ),
            )
        )
    return (
        select(application.c.id)
        .select_from(
            application.join(position, position.c.id == application.c.position_id).join(
                person, person.c.id == application.c.person_id
            )
        )
        .where(*conditions)
        .cte("funnel_scope")
    )


@dataclass(frozen=True)
class _Tables:
    records: Table
    history: Table
    key: str
    pipeline: Sequence[StrEnum]
    exits: Sequence[StrEnum]


_PROJECTS = _Tables(project, project_change, "project_id", PROJECT_PIPELINE, PROJECT_EXITS)
_APPLICATIONS = _Tables(
    application, application_change, "application_id", APPLICATION_PIPELINE, APPLICATION_EXITS
)


def _stage_counts(t: _Tables, scope: CTE, *, amounts: bool) -> Select[Any]:
    """Records by current stage, furthest stage reached and exits ever taken
    (and currency and amounts when `amounts`)."""
    history = t.history
    key = history.c[t.key]
    moved = (
        select(
            key.label("record_id"),
            func.max(_rank(history.c.to_stage, t.pipeline)).label("furthest"),
            *(
                func.max(case((history.c.to_stage == exit_.value, 1), else_=0)).label(
                    f"ever_{exit_.value}"
                )
                for exit_ in t.exits
            ),
        )
        .where(key.in_(select(scope.c.id)))
        .group_by(key)
        .subquery("moved")
    )
    records = t.records
    furthest = _larger(
        func.coalesce(_rank(records.c.stage, t.pipeline), 0), func.coalesce(moved.c.furthest, 0)
    ).label("furthest")
    exits = [
        case(
            (records.c.stage == exit_.value, 1),
            else_=func.coalesce(moved.c[f"ever_{exit_.value}"], 0),
        ).label(f"exit_{exit_.value}")
        for exit_ in t.exits
    ]
    columns: list[ColumnElement[Any]] = [records.c.stage, furthest, *exits]
    if amounts:
        columns += [records.c.currency, records.c.intended_amount, records.c.signed_amount]
    # one row per record first: GROUP BY then names plain columns on both databases
    per_record = (
        select(*columns)
        .select_from(
            records.join(scope, scope.c.id == records.c.id).outerjoin(
                moved, moved.c.record_id == records.c.id
            )
        )
        .subquery("per_record")
    )
    c = per_record.c
    groups = [c.stage, c.furthest, *(c[f"exit_{exit_.value}"] for exit_ in t.exits)]
    measures: list[ColumnElement[Any]] = [func.count().label("records")]
    if amounts:
        groups.append(c.currency)
        measures += [
            func.sum(c.intended_amount).label("intended"),
            func.sum(c.signed_amount).label("signed"),
        ]
    return select(*groups, *measures).group_by(*groups)


def _stays(t: _Tables, scope: CTE) -> Select[Any]:
    """Per stage: finished stays, their average and their median length in days."""
    history = t.history
    key = history.c[t.key]
    left_at = func.lead(history.c.changed_at).over(
        partition_by=key, order_by=(history.c.changed_at, history.c.id)
    )
    stays = (
        select(history.c.to_stage.label("stage"), days_between(history.c.changed_at, left_at))
        .where(key.in_(select(scope.c.id)))
        .subquery("stays")
    )
    days = list(stays.c)[1]
    ranked = (
        select(
            stays.c.stage,
            days.label("days"),
            func.row_number().over(partition_by=stays.c.stage, order_by=days).label("n"),
            func.count().over(partition_by=stays.c.stage).label("of"),
        )
        .where(days.is_not(None))
        .subquery("ranked_stays")
    )
    # the middle row, or the two middle rows of an even count: 2n ∈ {of, of+1, of+2}
    middle = (2 * ranked.c.n).in_([ranked.c.of, ranked.c.of + 1, ranked.c.of + 2])
    return select(
        ranked.c.stage,
        func.count().label("stays"),
        func.avg(ranked.c.days).label("average"),
        func.avg(case((middle, ranked.c.days))).label("median"),
    ).group_by(ranked.c.stage)


async def _figures(
    session: AsyncSession, t: _Tables, scope: CTE, *, amounts: bool
) -> list[StageFigures]:
    stages = [*t.pipeline, *t.exits]
    figures = {s.value: StageFigures(stage=s) for s in stages}
    furthest_counts = [0] * len(t.pipeline)
    for row in (await session.execute(_stage_counts(t, scope, amounts=amounts))).all():
        n = int(row.records)
        at = figures[row.stage]
        at.count += n
        furthest_counts[int(row.furthest)] += n
        for exit_ in t.exits:
            figures[exit_.value].reached += n * int(row._mapping[f"exit_{exit_.value}"])
        if amounts:
            for total, value in ((at.intended, row.intended), (at.signed, row.signed)):
                if value is not None:
                    total[row.currency] = total.get(row.currency, Decimal(0)) + Decimal(value)
    # reached stage i = furthest stage i or later
    for i, stage in enumerate(t.pipeline):
        figures[stage.value].reached = sum(furthest_counts[i:])
    for row in (await session.execute(_stays(t, scope))).all():
        at = figures[row.stage]
        at.stays = int(row.stays)
        at.average_days = float(row.average)
        at.median_days = float(row.median)
    return [figures[s.value] for s in stages]


async def project_pipeline(session: AsyncSession, *, scope: ProjectScope) -> list[StageFigures]:
    """Every project stage in pipeline order (DROPPED last), zeros included; two statements."""
    return await _figures(session, _PROJECTS, _projects_in(scope), amounts=True)


async def application_funnel(
    session: AsyncSession, *, scope: ApplicationScope
) -> list[StageFigures]:
    """Every application stage in funnel order (exits last), zeros included; two statements."""
    return await _figures(session, _APPLICATIONS, _applications_in(scope), amounts=False)
