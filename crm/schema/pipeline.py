"""Analyst reports on deals and hiring: the project pipeline, the application funnel and
fund commitments, with the money and period types the reports share.

The counting rules are in `crm.db.queries.pipeline` and `crm.db.queries.funds`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from strawberry import relay

from crm.db.queries import pipeline as q
from crm.resolvers import pipeline as report
from crm.schema.enums import (
    ApplicationStage,
    ParticipationRole,
    PositionKind,
    ProjectKind,
    ProjectStage,
)
from crm.schema.info import Info
from crm.schema.inputs import FILTER_ARGUMENT, described, optional, plain
from crm.schema.organization import Organization
from crm.schema.values import from_attributes


@strawberry.type(description="An amount of money in one currency.")
class Money:
    amount: Decimal = described("In major units of `currency`.")
    currency: str = described("ISO 4217, e.g. CNY.")


def money(per_currency: dict[str, Decimal]) -> list[Money]:
    """Amounts per currency, largest first (currencies are never added together)."""
    ordered = sorted(per_currency.items(), key=lambda p: (-p[1], p[0]))
    return [Money(amount=amount, currency=currency) for currency, amount in ordered]


@strawberry.input(description="Days from `from` to `to`, both included (UTC); either may be open.")
class DatePeriod:
    from_: date | None = strawberry.field(
        default=None, name="from", description="The first day; null: from the beginning."
    )
    to: date | None = optional("The last day; null: up to today.")


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


# --- project pipeline -----------------------------------------------------------------


@strawberry.input(description="Which projects the pipeline counts; lists mean any of.")
class ProjectPipelineFilter:
    field: list[str] | None = optional("In any of these fields (exact names).")
    region: list[str] | None = optional("In any of these regions (exact names).")
    kind: list[ProjectKind] | None = optional("Of any of these kinds.")  # type: ignore[valid-type]
    country: list[str] | None = optional(
        "A participating organisation or person is based in one of these countries (ISO codes)."
    )
    event: list[relay.GlobalID] | None = optional(
        "Collected, shown or negotiated at these events or sessions."
    )
    organization: list[relay.GlobalID] | None = optional(
        "One of these organisations, or one of their sub-organisations, takes "
        "part (in any role unless `organizationRole` says which)."
    )
    organization_role: list[ParticipationRole] | None = optional(  # type: ignore[valid-type]
        "Alone: some organisation takes part in one of these roles (INVESTOR: "
        "projects with an investor); with `organization`: those organisations do."
    )
    period: DatePeriod | None = optional(
        "Created, or moved to another stage, on a day of the period."
    )


@strawberry.type(description="The projects at one stage of the pipeline.")
class ProjectPipelineStage:
    stage: ProjectStage = described("The stage.")  # type: ignore[valid-type]
    projects: int = described("Projects at this stage now.")
    reached: int = described(
        "Projects whose furthest stage (now or in their history) is this stage "
        "or a later one; for DROPPED, projects dropped now or ever."
    )
    conversion_to_next: float | None = described(
        "Of the projects that reached this stage, the share that reached the "
        "next one (0–1); null for COMPLETED, DROPPED and stages nobody reached."
    )
    intended_amounts: list[Money] = described(
        "The intended amounts of the projects at this stage, per currency."
    )
    signed_amounts: list[Money] = described(
        "The signed amounts of the projects at this stage, per currency."
    )
    finished_stays: int = described(
        "Times a project of the pipeline left this stage (from the stage history)."
    )
    average_days_in_stage: float | None = described(
        "Average days between entering this stage and the next stage change, "
        "over the finished stays; null without any."
    )
    median_days_in_stage: float | None = described("The median of the same stays.")


@strawberry.type(
    description="Projects per stage of the pipeline (every stage, in pipeline order, DROPPED "
    "last), with their amounts, time in stage and conversion."
)
class ProjectPipeline:
    projects: int = described("Projects counted, at any stage.")
    intended_amounts: list[Money] = described(
        "Intended amounts of all those projects, per currency, largest first."
    )
    signed_amounts: list[Money] = described(
        "Signed amounts of all those projects, per currency, largest first."
    )
    stages: list[ProjectPipelineStage] = described("Every stage in pipeline order, DROPPED last.")

    @classmethod
    def of(cls, p: report.Pipeline) -> ProjectPipeline:
        rates = report.conversion(p.stages, len(q.PROJECT_PIPELINE))
        return cls(
            projects=p.total,
            intended_amounts=money(p.amounts("intended")),
            signed_amounts=money(p.amounts("signed")),
            stages=[
                ProjectPipelineStage(
                    stage=s.stage,
                    projects=s.count,
                    reached=s.reached,
                    conversion_to_next=_rate(rate),
                    intended_amounts=money(s.intended),
                    signed_amounts=money(s.signed),
                    finished_stays=s.stays,
                    average_days_in_stage=_days(s.average_days),
                    median_days_in_stage=_days(s.median_days),
                )
                for s, rate in zip(p.stages, rates, strict=True)
            ],
        )


# --- application funnel ---------------------------------------------------------------


@strawberry.input(description="Which applications the funnel counts; lists mean any of.")
class ApplicationFunnelFilter:
    event: list[relay.GlobalID] | None = optional("Received at these events or their sessions.")
    employer: list[relay.GlobalID] | None = optional(
        "For positions of these organisations or their sub-organisations."
    )
    position_kind: list[PositionKind] | None = optional("For positions of any of these kinds.")  # type: ignore[valid-type]
    applicant_country: list[str] | None = optional(
        "The applicant resides in one of these countries."
    )
    overseas: bool | None = optional(
        "true: applicants residing outside China; false: in China (applicants "
        "of unknown residence are in neither)."
    )
    period: DatePeriod | None = optional(
        "Submitted, or moved to another stage, on a day of the period."
    )


@strawberry.type(description="The applications at one stage of the funnel.")
class ApplicationFunnelStage:
    stage: ApplicationStage = described("The stage.")  # type: ignore[valid-type]
    applications: int = described("Applications at this stage now.")
    reached: int = described(
        "Applications whose furthest stage (now or in their history) is this "
        "stage or a later one; for DECLINED and WITHDRAWN, those there now or ever."
    )
    share_of_submitted: float | None = described(
        "`reached` as a share of all applications counted (0–1)."
    )
    conversion_to_next: float | None = described(
        "Of the applications that reached this stage, the share that reached the "
        "next one (0–1); null for HIRED, the exits and stages nobody reached."
    )
    finished_stays: int = described(
        "Times an application left this stage (from the stage history)."
    )
    average_days_in_stage: float | None = described(
        "Average days between entering this stage and the next stage change."
    )
    median_days_in_stage: float | None = described(
        "Median days between entering this stage and the next stage change, "
        "over the finished stays; null without any."
    )


@strawberry.type(
    description="Applications per stage of the hiring funnel (every stage in funnel order, "
    "DECLINED and WITHDRAWN last), how far they got and how long each stage took."
)
class ApplicationFunnel:
    applications: int = described("Applications counted, at any stage.")
    stages: list[ApplicationFunnelStage] = described(
        "Every stage in funnel order, DECLINED and WITHDRAWN last."
    )

    @classmethod
    def of(cls, p: report.Pipeline) -> ApplicationFunnel:
        rates = report.conversion(p.stages, len(q.APPLICATION_PIPELINE))
        total = p.total
        return cls(
            applications=total,
            stages=[
                ApplicationFunnelStage(
                    stage=s.stage,
                    applications=s.count,
                    reached=s.reached,
                    share_of_submitted=_rate(s.reached / total) if total else None,
                    conversion_to_next=_rate(rate),
                    finished_stays=s.stays,
                    average_days_in_stage=_days(s.average_days),
                    median_days_in_stage=_days(s.median_days),
                )
                for s, rate in zip(p.stages, rates, strict=True)
            ],
        )


# --- fund commitments -----------------------------------------------------------------


@strawberry.input(description="Which funds to list; lists mean any of.")
class FundCommitmentFilter:
    fund: list[relay.GlobalID] | None = optional(
        "These organisations (only those of kind FUND are listed)."
    )
    country: list[str] | None = optional(
        "Funds based in any of these countries (ISO 3166-1 alpha-2 codes)."
    )
    region: list[str] | None = optional("Funds in any of these regions (exact names).")
    event: list[relay.GlobalID] | None = optional(
        "Party to an agreement made at these events or their sessions."
    )


@strawberry.type(description="A fund: its target, what is committed, and what it invests in.")
class FundCommitment:
    fund: Organization = described("The fund (an organisation of kind FUND).")
    target: Money | None = described("The fund's target, if recorded.")
    committed: Money | None = described("What is committed (in place), if recorded.")
    share_in_place: float | None = described(
        "committed / target (0–1, above 1 when oversubscribed); null without both."
    )
    investments: int = described("Projects the fund takes part in as INVESTOR.")
    signed_investments: int = described("…of which at stage SIGNED, IN_PROGRESS or COMPLETED.")
    investment_agreements: int = described(
        "Signed agreements of kind INVESTMENT the fund is a party to."
    )

    @classmethod
    def from_row(cls, row: Row[Any]) -> FundCommitment:
        target, committed = row.fund_target_amount, row.fund_committed_amount
        share = committed / target if target and committed is not None else None
        return cls(
            fund=Organization.from_row(row),
            target=None if target is None else Money(amount=target, currency=row.currency),
            committed=None if committed is None else Money(amount=committed, currency=row.currency),
            share_in_place=_rate(float(share)) if share is not None else None,
            investments=int(row.investments),
            signed_investments=int(row.signed_investments),
            investment_agreements=int(row.investment_agreements),
        )


@strawberry.type(description="The funds of one currency, added up.")
class FundTotal:
    currency: str = described("ISO 4217 code, e.g. CNY.")
    funds: int = described("How many funds record their figures in this currency.")
    target: Decimal = described("The targets recorded, summed.")
    committed: Decimal = described("The commitments recorded, summed.")
    share_in_place: float | None = described(
        "Committed / target over the funds that record a target; null if none does."
    )


@strawberry.type(description="Funds, most committed first, and their totals per currency.")
class FundCommitments:
    funds: list[FundCommitment] = described("Each fund in scope, largest target first.")
    totals: list[FundTotal] = described("Sums per currency (currencies are never added together).")

    @classmethod
    def of(cls, rows: Sequence[Row[Any]], totals: Sequence[report.FundTotal]) -> FundCommitments:
        return cls(
            funds=[FundCommitment.from_row(row) for row in rows],
            totals=[
                from_attributes(FundTotal, t, share_in_place=_rate(t.share_in_place))
                for t in totals
            ],
        )


@strawberry.type
class PipelineQuery:
    @strawberry.field(
        description="Projects per pipeline stage with their intended and signed amounts, "
        "time in stage and conversion to the next stage."
    )
    async def project_pipeline(
        self, info: Info, filter: Annotated[ProjectPipelineFilter | None, FILTER_ARGUMENT] = None
    ) -> ProjectPipeline:
        return ProjectPipeline.of(await report.project_pipeline(info.context, plain(filter)))

    @strawberry.field(
        description="Applications per funnel stage: how many are there, how many got that "
        "far, conversion and days between stages."
    )
    async def application_funnel(
        self, info: Info, filter: Annotated[ApplicationFunnelFilter | None, FILTER_ARGUMENT] = None
    ) -> ApplicationFunnel:
        return ApplicationFunnel.of(await report.application_funnel(info.context, plain(filter)))

    @strawberry.field(
        description="Each fund with its target, commitments, share in place and investments; "
        "totals per currency."
    )
    async def fund_commitments(
        self, info: Info, filter: Annotated[FundCommitmentFilter | None, FILTER_ARGUMENT] = None
    ) -> FundCommitments:
        rows, totals = await report.fund_commitments(info.context, plain(filter))
        return FundCommitments.of(rows, totals)
