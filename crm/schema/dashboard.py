"""Dashboard: the analyst's first screen — totals, breakdowns and activity by month.

The counting rules (how the period, countries, events and organisations of the filter
meet each kind of record) are in `crm.db.queries.dashboard`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry import relay

from crm.resolvers import dashboard as report
from crm.schema.info import Info
from crm.schema.inputs import FILTER_ARGUMENT, described, optional, plain
from crm.schema.pipeline import DatePeriod, Money
from crm.schema.values import from_attributes


@strawberry.input(description="The scope of the dashboard; lists mean any of.")
class DashboardFilter:
    period: DatePeriod | None = optional(
        "Count the records of these days: people and organisations added, events "
        "starting, projects and positions added, applications submitted, agreements signed "
        "(or added, for intentions), introductions made, interactions held. Activity by month "
        "covers the period's months."
    )
    country: list[str] | None = optional(
        "People and applicants residing there; organisations and events there; "
        "projects and agreements with a participant or party there; positions of employers "
        "there; introductions of seekers and interactions with participants residing there."
    )
    event: list[relay.GlobalID] | None = optional(
        "What happened at these events or their sessions: people who attended, "
        "organisations that offered positions, signed or organised there, and the projects, "
        "positions, applications, agreements, introductions and interactions recorded there."
    )
    organization: list[relay.GlobalID] | None = optional(
        "These organisations and their sub-organisations: people affiliated, "
        "events organised, projects taken part in, positions and their applications, "
        "agreements they are party to, introductions to them, interactions about them."
    )


@strawberry.type(description="How many records there are, in the dashboard's scope.")
class DashboardTotals:
    people: int = described("People in scope.")
    organizations: int = described("Organisations in scope.")
    events: int = described("Events in scope.")
    projects: int = described("Projects in scope.")
    positions: int = described("Job demands (positions) in scope.")
    openings: int = described("People sought by those positions.")
    applications: int = described("Job applications in scope.")
    introductions_made: int = described("Status MADE or OUTCOME.")
    interactions: int = described("Meetings, calls, messages and notes in scope.")


@strawberry.type(description="Agreements signed and at preliminary intention, with amounts.")
class DashboardAgreements:
    signed: int = described("Agreements at status SIGNED.")
    preliminary_intentions: int = described("Agreements at status INTENTION.")
    signed_amounts: list[Money] = described(
        "Amounts of the signed agreements, per currency, largest first."
    )
    intended_amounts: list[Money] = described(
        "Amounts of the intentions, per currency, largest first."
    )


@strawberry.type(description="One value of a breakdown and how many records have it.")
class BreakdownItem:
    key: str = described("The value: a country code, a field, a province, a kind (upper case)…")
    count: int = described("How many records have this value.")


@strawberry.type(description="Records per value, most first, then by value.")
class Breakdown:
    items: list[BreakdownItem] = described("At most `top` values.")
    others: int = described("Records whose value is beyond the top ones.")
    unknown: int = described("Records without a value.")

    @classmethod
    def of(cls, b: report.Breakdown, *, upper: bool = False) -> Breakdown:
        return cls(
            items=[BreakdownItem(key=k.upper() if upper else k, count=n) for k, n in b.items],
            others=b.others,
            unknown=b.unknown,
        )


@strawberry.type(description="What happened in one calendar month (UTC).")
class MonthActivity:
    month: str = described("YYYY-MM.")
    new_people: int = described("People added.")
    interactions: int = described("Meetings, calls, messages and notes held.")
    agreements_signed: int = described("Agreements signed that month.")
    introductions_made: int = described("Introductions whose status became MADE or OUTCOME.")


@strawberry.type(description="Totals, breakdowns and monthly activity for the analyst.")
class Dashboard:
    totals: DashboardTotals = described("How many records of each kind there are.")
    agreements: DashboardAgreements = described(
        "Agreements signed and intended, with their amounts."
    )
    people_by_country: Breakdown = described("By country of residence.")
    people_by_field: Breakdown = described(
        "By field of expertise: a person counts once under each of their "
        "fields; `unknown` counts the people who list none."
    )
    people_by_hometown_province: Breakdown = described(
        "By the province of their ancestral hometown (祖籍)."
    )
    organizations_by_kind: Breakdown = described("Organisations by kind.")
    organizations_by_country: Breakdown = described("Organisations by country (ISO codes).")
    projects_by_field: Breakdown = described("Projects by field.")
    projects_by_region: Breakdown = described("Projects by region.")
    activity_from: date = described("The first day `activity` covers.")
    activity_to: date = described("The last day `activity` covers.")
    activity: list[MonthActivity] = described(
        "Every month from `activityFrom` to `activityTo`, zeros included: the "
        "period's months (the twelve up to its end, or up to today, when it has no start); "
        "without a period, the months from the first to the last with any activity; at "
        "most the latest 120."
    )

    @classmethod
    def of(cls, d: report.Dashboard) -> Dashboard:
        t, a, b = d.totals, d.agreements, d.breakdowns
        window = d.activity_window
        assert window.start is not None
        assert window.end is not None
        return cls(
            totals=from_attributes(DashboardTotals, t),
            agreements=DashboardAgreements(
                signed=a.signed,
                preliminary_intentions=a.intentions,
                signed_amounts=[Money(amount=x, currency=c) for x, c in a.signed_amounts],
                intended_amounts=[Money(amount=x, currency=c) for x, c in a.intended_amounts],
            ),
            people_by_country=Breakdown.of(b["people_by_country"]),
            people_by_field=Breakdown.of(b["people_by_field"]),
            people_by_hometown_province=Breakdown.of(b["people_by_hometown_province"]),
            organizations_by_kind=Breakdown.of(b["organizations_by_kind"], upper=True),
            organizations_by_country=Breakdown.of(b["organizations_by_country"]),
            projects_by_field=Breakdown.of(b["projects_by_field"]),
            projects_by_region=Breakdown.of(b["projects_by_region"]),
            activity_from=window.start,
            activity_to=window.end,
            activity=[from_attributes(MonthActivity, m) for m in d.activity],
        )


@strawberry.type
class DashboardQuery:
    @strawberry.field(
        description="The analyst's first screen: totals, agreements with amounts, breakdowns "
        "of people, organisations and projects, and activity by month, for a scope."
    )
    async def dashboard(
        self,
        info: Info,
        filter: Annotated[DashboardFilter | None, FILTER_ARGUMENT] = None,
        top: Annotated[
            int, strawberry.argument(description="How many values each breakdown lists (1–100).")
        ] = 20,
    ) -> Dashboard:
        return Dashboard.of(await report.dashboard(info.context, plain(filter), top))
