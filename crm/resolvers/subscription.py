"""Live updates: the committed changes a subscription asks for, re-read from the database.

A notification names a new row and nothing else (`crm.db.notify`); each subscription
keeps the changes it follows and reads what its client should see, at the moment it
is delivered: a timeline reads the entries the row makes on its owner's timeline
(the timeline's own query, `crm.db.queries.timeline`), a status or stage subscription
the history row.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Set
from contextlib import asynccontextmanager
from typing import Any

from graphql import GraphQLError
from sqlalchemy import Table
from sqlalchemy.engine import Row

from crm.db.broker import ChangesLostError, Subscriber
from crm.db.queries import common
from crm.db.queries import timeline as q
from crm.errors import bad_input
from crm.resolvers.context import Context
from crm.resolvers.timeline import TimelineItem, item_of

__all__ = [
    "history_rows",
    "record_exists",
    "timeline_items",
]


async def record_exists(context: Context, model: type[Any], keys: Set[int], field: str) -> None:
    """A subscription to records that do not exist would wait forever: refuse it."""
    table = common.table_of(model)
    async with context.db() as session:
        found = await common.rows_by_ids(session, table=table, ids=sorted(keys))
    if set(keys) - set(found):
        raise bad_input(f"`{field}` names no {model.__name__.lower()} that exists")


@asynccontextmanager
async def _subscribed(context: Context) -> AsyncIterator[Subscriber]:
    if context.changes is None:
        raise GraphQLError("live updates are not available on this server")
    try:
        async with context.changes.subscribe() as subscriber:
            yield subscriber
    except ChangesLostError as lost:
        raise GraphQLError(str(lost), extensions={"code": lost.code}) from None


async def timeline_items(
    context: Context, *, person_id: int | None = None, organization_id: int | None = None
) -> AsyncIterator[TimelineItem]:
    """The entries added to a person's or an organisation's timeline from now on."""
    if person_id is not None:
        source, owner, of = q.person_timeline(), person_id, "person"
    elif organization_id is not None:
        source, owner, of = q.organization_timeline(), organization_id, "organization"
    else:
        raise ValueError("give a person or an organisation")
    async with _subscribed(context) as changes:
        async for change in changes:
            statement = q.entries_of_new_row(
                source, owner, of=of, row_type=change.type, row_id=change.id, parent=change.parent
            )
            if statement is None:
                continue
            async with context.db() as session:
                rows = (await session.execute(statement)).all()
            for row in rows:
                context.renew_loaders()
                yield item_of(row, of_organization=of == "organization")


async def history_rows(
    context: Context, history: type[Any], parents: Set[int] | None
) -> AsyncIterator[Row[Any]]:
    """New rows of a stage or status history (`history`), of the records `parents`
    (all records when None)."""
    table: Table = common.table_of(history)
    async with _subscribed(context) as changes:
        async for change in changes:
            if change.type != history.__name__:
                continue
            if parents is not None and change.parent not in parents:
                continue
            async with context.db() as session:
                found = await common.rows_by_ids(session, table=table, ids=[change.id])
            if (row := found.get(change.id)) is not None:
                context.renew_loaders()
                yield row
