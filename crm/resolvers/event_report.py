"""The report of an event: its figures and those of all its sessions, as an analyst hands them
to the federation after a conference.

The counting rules are in `crm.db.queries.event_report`. An ID of another type is a
GraphQL error (BAD_USER_INPUT); an ID of no event gives no report (null), as `node` does
for an unknown ID. The whole report reads one session in six statements, however large
the event: one for the event, one for every one-row figure, one each for the projects per
session, the cooperation agreements, the mechanism agreements and the funds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Row

from crm.db.queries import event_report as q
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, keys_of


@dataclass(frozen=True)
class EventReport:
    """Everything the report shows; rows are the event's, agreements' and funds' own rows."""

    event: Row[Any]
    figures: q.TreeFigures
    projects: q.ProjectCounts
    #: per event of the tree that collected projects, most negotiated first
    projects_by_event: list[q.EventProjects]
    cooperation: q.CooperationFigures
    mechanism_agreements: list[q.MechanismAgreement]
    funds: list[Row[Any]]


def event_key(event_id: RecordId) -> int:
    """The key behind the `event` argument; a GraphQL error unless it is an Event's ID."""
    (key,) = keys_of("event", [event_id], "Event")
    return key


async def event_report(context: Context, event_id: RecordId) -> EventReport | None:
    """The report of the event and all its sessions; None when there is no such event."""
    key = event_key(event_id)
    async with context.db() as session:
        row = await q.event_row(session, event_id=key)
        if row is None:
            return None
        figures = await q.tree_figures(session, event_id=key, starts_on=row.starts_on)
        per_event = await q.projects_by_event(session, event_id=key)
        cooperation = await q.cooperation_figures(session, event_id=key)
        mechanisms = await q.mechanism_agreements(session, event_id=key)
        funds = await q.funds_established(session, event_id=key)
    return EventReport(
        event=row,
        figures=figures,
        projects=q.ProjectCounts.summed(per_event),
        projects_by_event=per_event,
        cooperation=cooperation,
        mechanism_agreements=mechanisms,
        funds=funds,
    )
