"""`crm purge`: remove the records kept past their retention date (storage limitation).

People whose `retention_until` is before today are erased exactly as `erasePerson` does
(with a tombstone); interactions, introductions and applications are deleted. Each
removed record gets an audit entry (ERASE or DELETE) naming the actor. Everything runs
in one transaction; a dry run rolls it back, so it reports exactly what a purge would do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.audit import ACTOR_LABEL_KEY
from crm.db.engine import WRITE_TRANSACTION
from crm.db.queries import erasure as q
from crm.db.queries import interaction as interactions
from crm.db.queries.common import table_of
from crm.resolvers.privacy import erase
from crm.resolvers.privacy_log import redact

__all__ = ["PurgeReport", "purge"]


@dataclass
class PurgeReport:
    today: date
    dry_run: bool
    #: people erased (their keys)
    erased: list[int] = field(default_factory=list)
    #: records deleted because their own retention ended: table → keys
    expired: dict[str, list[int]] = field(default_factory=dict)
    #: every row removed, the erased people's links included: table → count
    removed: dict[str, int] = field(default_factory=dict)

    def count(self, table: str, n: int) -> None:
        if n:
            self.removed[table] = self.removed.get(table, 0) + n


class _DryRun(Exception):  # noqa: N818 - control flow: roll the dry run back
    pass


async def purge(
    session_factory: async_sessionmaker[AsyncSession],
    *,
    today: date,
    dry_run: bool = False,
    actor_label: str = "cli",
) -> PurgeReport:
    """Erase people and delete records whose `retention_until` is before `today`."""
    report = PurgeReport(today=today, dry_run=dry_run)
    try:
        async with session_factory() as session, session.begin():
            session.info[ACTOR_LABEL_KEY] = actor_label
            await session.connection(execution_options=WRITE_TRANSACTION)
            await _purge(session, report, actor_label)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


async def _purge(session: AsyncSession, report: PurgeReport, actor_label: str) -> None:
    reason = f"retention period ended (crm purge on {report.today.isoformat()})"
    for key in await q.expired_ids(session, models.Person, report.today):
        outcome = await erase(session, key, actor_id=None, actor_label=actor_label, reason=reason)
        report.erased.append(key)
        for table, n in outcome.removed.items():
            report.count(table, n)
    for model in q.RETAINED:
        table = table_of(model).name
        # After the erasures: what they took with them is gone already.
        keys = list(await q.expired_ids(session, model, report.today))
        for key in keys:
            row = await session.get(model, key)
            if row is None:
                continue
            # The audit log records each deleted row (crm.db.audit), by `actor_label`.
            await _delete(session, row, report)
        report.expired[table] = keys
        report.count(table, len(keys))
        await redact(session, table, keys)
        await session.flush()


async def _delete(session: AsyncSession, row: Any, report: PurgeReport) -> None:
    if isinstance(row, models.Interaction):
        assert row.id is not None
        links = await interactions.participant_rows(session, interaction_id=row.id)
        for link in links:
            await session.delete(link)
        report.count("interaction_participant", len(links))
        await session.flush()
        await session.delete(row)
        await session.flush()
        # Their last contact is now their latest remaining interaction (or none).
        people = sorted({link.person_id for link in links})
        await interactions.recount_last_contacted(session, person_ids=people)
        return
    await session.delete(row)
    await session.flush()


def _iso(row: Any) -> str | None:
    value = row.retention_until
    return value.isoformat() if value is not None else None
