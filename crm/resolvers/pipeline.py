"""The project pipeline, the application funnel and fund commitments, and the checks of
the report filters they share with the dashboard.

Bad filter input is a GraphQL error with `extensions.code = BAD_USER_INPUT`, as for every
query argument: a period that ends before it starts, a country that names none
(XX), an ID of the wrong type, or an ID that names no record (a report on an unknown
event would be all zeros and look like a real answer).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.queries import funds as fq
from crm.db.queries import pipeline as q
from crm.db.queries.common import table_of
from crm.db.queries.reports import Period, missing_keys
from crm.errors import bad_input
from crm.reference.country import COUNTRY_HINT, country_codes
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, keys_of
from crm.resolvers.listing import Filter


def period_of(field: str, period: Filter | None) -> Period:
    """A period argument (`from_`, `to`) as days, checked."""
    if period is None:
        return Period()
    try:
        return Period(period.get("from_"), period.get("to"))
    except ValueError as exc:
        raise bad_input(f"`{field}`: {exc}") from exc


def countries_of(field: str, values: Sequence[str] | None) -> list[str]:
    """The ISO codes of a filter's countries, written as codes or names (英国, UK); a value
    that names no country is refused, each one listed."""
    codes, unknown = country_codes(list(values or []))
    if unknown:
        listed = ", ".join(repr(u) for u in unknown)
        raise bad_input(f"`{field}`: not a country: {listed}; write {COUNTRY_HINT}")
    return codes


_TABLES: dict[str, Table] = {
    "Event": table_of(models.Event),
    "Organization": table_of(models.Organization),
}


class References:
    """The keys behind a filter's ID fields, checked to exist in one statement."""

    def __init__(self) -> None:
        self.lookups: list[tuple[str, str, list[int]]] = []

    def keys(self, field: str, ids: Sequence[RecordId] | None, type_name: str) -> list[int]:
        keys = keys_of(field, ids, type_name)
        if keys:
            self.lookups.append((field, type_name, keys))
        return keys

    async def check(self, session: AsyncSession) -> None:
        """A GraphQL error naming the first field with IDs of no record."""
        lookups = [(_TABLES[type_name], keys) for _, type_name, keys in self.lookups]
        missing = set(await missing_keys(session, lookups))
        for field, type_name, keys in self.lookups:
            unknown = [k for k in keys if (_TABLES[type_name], k) in missing]
            if unknown:
                ids = ", ".join(str(RecordId.of(type_name, k)) for k in unknown)
                raise bad_input(f"`{field}` names no {type_name}: {ids}")


@dataclass(frozen=True)
class Pipeline:
    stages: list[q.StageFigures]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.stages)

    def amounts(self, which: str) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for stage in self.stages:
            for currency, amount in getattr(stage, which).items():
                totals[currency] = totals.get(currency, Decimal(0)) + amount
        return totals


def conversion(stages: Sequence[q.StageFigures], pipeline_length: int) -> list[float | None]:
    """Per stage: the share of records that reached it and went on to reach the next stage
    of the pipeline; None for the last stage, exits, and stages nobody reached."""
    rates: list[float | None] = []
    for i, stage in enumerate(stages):
        last = i >= pipeline_length - 1
        rates.append(None if last or stage.reached == 0 else stages[i + 1].reached / stage.reached)
    return rates


async def project_pipeline(context: Context, filter_: Filter | None) -> Pipeline:
    refs = References()
    f = (filter_ or {}).get  # no filter: every field empty, which does not restrict
    scope = q.ProjectScope(
        fields=f("field") or (),
        regions=f("region") or (),
        kinds=f("kind") or (),
        countries=countries_of("country", f("country")),
        event_ids=refs.keys("event", f("event"), "Event"),
        organization_ids=refs.keys("organization", f("organization"), "Organization"),
        organization_roles=f("organization_role") or (),
        period=period_of("period", f("period")),
    )
    async with context.db() as session:
        await refs.check(session)
        return Pipeline(await q.project_pipeline(session, scope=scope))


async def application_funnel(context: Context, filter_: Filter | None) -> Pipeline:
    refs = References()
    f = (filter_ or {}).get  # no filter: every field empty, which does not restrict
    scope = q.ApplicationScope(
        event_ids=refs.keys("event", f("event"), "Event"),
        employer_ids=refs.keys("employer", f("employer"), "Organization"),
        position_kinds=f("position_kind") or (),
        applicant_countries=countries_of("applicantCountry", f("applicant_country")),
        overseas=f("overseas"),
        period=period_of("period", f("period")),
    )
    async with context.db() as session:
        await refs.check(session)
        return Pipeline(await q.application_funnel(session, scope=scope))


@dataclass(frozen=True)
class FundTotal:
    """The funds of one currency: their targets and commitments added up."""

    currency: str
    funds: int
    target: Decimal
    committed: Decimal
    #: committed / target over the funds that record a target; None when none does
    share_in_place: float | None


def fund_totals(rows: Sequence[Row[Any]]) -> list[FundTotal]:
    per: dict[str, list[Row[Any]]] = {}
    for row in rows:
        per.setdefault(row.currency, []).append(row)
    totals = []
    for currency, funds in sorted(per.items()):
        with_target = [f for f in funds if f.fund_target_amount]
        target = sum((Decimal(f.fund_target_amount) for f in with_target), Decimal(0))
        in_place = sum((Decimal(f.fund_committed_amount or 0) for f in with_target), Decimal(0))
        totals.append(
            FundTotal(
                currency=currency,
                funds=len(funds),
                target=sum((Decimal(f.fund_target_amount or 0) for f in funds), Decimal(0)),
                committed=sum((Decimal(f.fund_committed_amount or 0) for f in funds), Decimal(0)),
                share_in_place=float(in_place / target) if target else None,
            )
        )
    return totals


async def fund_commitments(
    context: Context, filter_: Filter | None
) -> tuple[list[Row[Any]], list[FundTotal]]:
    """The funds in scope (rows with their investment counts) and their totals per currency."""
    refs = References()
    f = (filter_ or {}).get  # no filter: every field empty, which does not restrict
    scope = fq.FundScope(
        fund_ids=refs.keys("fund", f("fund"), "Organization"),
        countries=countries_of("country", f("country")),
        regions=f("region") or (),
        event_ids=refs.keys("event", f("event"), "Event"),
    )
    async with context.db() as session:
        await refs.check(session)
        rows = await fq.fund_rows(session, scope=scope)
    return rows, fund_totals(rows)
