"""`crm seed demo`: loads the deterministic demo data set into an empty database.

The data set reproduces every figure of `seeds/conference-2023-fuzhou.txt` (see
`crm.seed.figures`) with some 5,600 people, 1,100 organisations, 20,000 positions and
28,000 links between them. It is planned in memory from one seed, then written with bulk
inserts in one transaction; the graph revision moves once, with an empty change log,
which tells graph caches to rebuild.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db.history import introduction_history_backfill
from crm.db.models import Event, Organization, Person
from crm.db.name_index import rebuild_name_keys
from crm.db.revision import record_changes
from crm.db.types import utcnow
from crm.progress import Progress, report
from crm.seed.keys import CONFERENCE_NAME
from crm.seed.loader import INSERT_ORDER, load_plan
from crm.seed.world import build_demo_plan

__all__ = ["DemoDataExists", "database_is_empty", "seed_demo"]


class DemoDataExists(Exception):  # noqa: N818 - the name says what happened; the CLI uses it
    """The database already holds data; the demo data set loads only into an empty one."""


async def database_is_empty(session: AsyncSession) -> bool:
    """True when the database holds no people and no organisations."""
    statement = select(exists().select_from(Person) | exists().select_from(Organization))
    return not (await session.execute(statement)).scalar_one()


async def seed_demo(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load the demo data set; return the number of rows created per table.

    Raises DemoDataExists, and changes nothing, unless the database is empty.
    """
    total = len(INSERT_ORDER) + 2
    async with session_factory() as session, session.begin():
        if not await database_is_empty(session) or await _conference_exists(session):
            raise DemoDataExists(
                "the database already holds people, organisations or the demo conference; "
                "the demo data set loads only into an empty database"
            )
        # Planning is a few seconds of CPU: keep the event loop free meanwhile.
        plan = await asyncio.to_thread(build_demo_plan)
        report(progress, "planned the demo data", 1, total)

        def loaded(table: str, done: int, _tables: int) -> None:
            report(progress, table, done + 1, total)

        created = await load_plan(session, plan, now=utcnow(), progress=loaded)
        # Bulk inserts bypass the name-key listener too: derive every key once.
        await rebuild_name_keys(session)
        # And the history listener: every introduction starts its history in its status.
        await session.execute(introduction_history_backfill())
        # Bulk inserts bypass the flush listener: move the revision once, with an empty
        # change log ("bulk change: rebuild").
        await session.run_sync(lambda sync_session: record_changes(sync_session, []))
    report(progress, "graph revision moved", total, total)
    return created


async def _conference_exists(session: AsyncSession) -> bool:
    statement = select(exists().where(col(Event.name) == CONFERENCE_NAME))
    return bool((await session.execute(statement)).scalar_one())
