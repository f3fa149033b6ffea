"""The analyst's first screen: totals, breakdowns and activity by month for a scope.

Four statements whatever the size of the database (totals, agreements, breakdowns,
activity), plus one to check the IDs of the filter when it has any. The counting rules
are in `crm.db.queries.dashboard`; bad filter input is a GraphQL error (BAD_USER_INPUT),
as for the pipeline reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from crm.db.queries import dashboard as q
from crm.db.queries.reports import Period
from crm.errors import bad_input
from crm.resolvers.context import Context
from crm.resolvers.listing import Filter
from crm.resolvers.pipeline import References, countries_of, period_of

#: activity by month covers at most this many months (the latest ones)
MAX_MONTHS = 120
MAX_TOP = 100


@dataclass(frozen=True)
class Breakdown:
    #: (value, records), most records first, then by value; at most `top` of them
    items: list[tuple[str, int]]
    #: records with a value beyond the top ones
    others: int
    #: records without a value
    unknown: int


@dataclass(frozen=True)
class MonthActivity:
    month: str
    new_people: int
    interactions: int
    agreements_signed: int
    introductions_made: int


@dataclass(frozen=True)
class Dashboard:
    totals: q.Totals
    agreements: q.AgreementFigures
    breakdowns: dict[str, Breakdown]
    activity: list[MonthActivity]
    activity_window: Period


def today() -> date:
    return datetime.now(UTC).date()


def _months_before(day: date, n: int) -> date:
    """The first day of the month `n` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def month_window(period: Period, now: date) -> tuple[Period, list[str]]:
    """The days and months activity by month covers: the period's months, else the twelve
    months up to its end (or up to today); at most the latest MAX_MONTHS. (Without any
    period, `data_window` gives the months the data covers instead.)"""
    end = period.end or max(now, period.start or now)
    start = period.start or _months_before(end, 11)
    first = max(date(start.year, start.month, 1), _months_before(end, MAX_MONTHS - 1))
    months = []
    month = first
    while month <= end:
        months.append(f"{month.year:04d}-{month.month:02d}")
        month = _months_before(month, -1)
    return Period(max(start, first), end), months


def data_window(found: dict[str, dict[str, int]], now: date) -> tuple[Period, list[str]]:
    """The months from the first to the last with any activity (at most the latest
    MAX_MONTHS), so a database whose records lie in the past (the 2023 demo) shows them;
    the twelve months up to today when there is no activity at all."""
    months = sorted({month for counts in found.values() for month in counts})
    if not months:
        return month_window(Period(), now)
    first, last = (date(int(m[:4]), int(m[5:7]), 1) for m in (months[0], months[-1]))
    end = _months_before(last, -1) - timedelta(days=1)
    return month_window(Period(first, end), now)


def breakdown(counts: dict[str | None, int], top: int) -> Breakdown:
    known = sorted(
        ((k, n) for k, n in counts.items() if k is not None), key=lambda p: (-p[1], p[0])
    )
    return Breakdown(
        items=known[:top],
        others=sum(n for _, n in known[top:]),
        unknown=counts.get(None, 0),
    )


async def dashboard(context: Context, filter_: Filter | None, top: int) -> Dashboard:
    if not 1 <= top <= MAX_TOP:
        raise bad_input(f"`top` must lie between 1 and {MAX_TOP}")
    refs = References()
    f = (filter_ or {}).get  # no filter: every field empty, which does not restrict
    scope = q.DashboardScope(
        period=period_of("period", f("period")),
        countries=countries_of("country", f("country")),
        event_ids=refs.keys("event", f("event"), "Event"),
        organization_ids=refs.keys("organization", f("organization"), "Organization"),
    )
    # no period: all the records, and activity over the months the data covers
    window, months = month_window(scope.period, today())
    if scope.period.is_open:
        window = Period()
    async with context.db() as session:
        await refs.check(session)
        totals = await q.totals(session, scope=scope)
        agreements = await q.agreement_figures(session, scope=scope)
        counts = await q.breakdowns(session, scope=scope)
        per_month = await q.activity_by_month(session, scope=scope, window=window)
    if scope.period.is_open:
        window, months = data_window(per_month, today())
    activity = [
        MonthActivity(
            month=month,
            new_people=per_month["new_people"].get(month, 0),
            interactions=per_month["interactions"].get(month, 0),
            agreements_signed=per_month["agreements_signed"].get(month, 0),
            introductions_made=per_month["introductions_made"].get(month, 0),
        )
        for month in months
    ]
    return Dashboard(
        totals=totals,
        agreements=agreements,
        breakdowns={name: breakdown(counts[name], top) for name in q.BREAKDOWNS},
        activity=activity,
        activity_window=window,
    )
