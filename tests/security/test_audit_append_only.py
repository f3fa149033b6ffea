"""The audit log is append-only on both databases (migration 0007's triggers): no entry
is deleted or changed, but an erasure's redaction of `changes` goes through."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.audit import REDACTED, redact
from crm.db.enums import AuditAction
from crm.db.models import AuditEntry
from crm.db.queries.common import table_of
from tests import factories

audit = table_of(AuditEntry)


async def _entries(session_factory: async_sessionmaker[AsyncSession]) -> list[AuditEntry]:
    async with session_factory() as session:
        found = await session.execute(select(AuditEntry).order_by(audit.c.id))
        return list(found.scalars())


async def _two_people(session: AsyncSession) -> tuple[int, int]:
    async with session.begin():
        session.info["actor"] = "test"
        chen = await factories.person(session, name="陈建国", email="chen@example.org")
        li = await factories.person(session, name="李伟")
        assert chen.id is not None
        assert li.id is not None
        return chen.id, li.id


@pytest.mark.parametrize(
    "statement",
    [
        delete(audit),
        update(audit).values(entity="organization"),
        update(audit).values(actor_label="someone else"),
        update(audit).values(changes={"name": [None, "forged"]}),
        # a redaction may not move anything but the changes
        update(audit).values(changes=REDACTED, request_id="forged"),
        update(audit).values(changes=REDACTED, action=AuditAction.DELETE),
    ],
    ids=["delete", "entity", "actor", "changes", "redact-and-request", "redact-and-action"],
)
async def test_entries_are_neither_deleted_nor_changed(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession], statement: object
) -> None:
    await _two_people(session)
    before = [(e.id, e.entity, e.actor_label, e.changes) for e in await _entries(session_factory)]
    assert len(before) == 2
    async with session_factory() as other:
        with pytest.raises(DBAPIError, match="append-only"):
            async with other.begin():
                await other.execute(statement)  # type: ignore[call-overload]
    after = [(e.id, e.entity, e.actor_label, e.changes) for e in await _entries(session_factory)]
    assert after == before


async def test_redaction_scrubs_only_the_records_changes(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    chen, li = await _two_people(session)
    async with session_factory() as other, other.begin():
        other.info["actor"] = "test"
        assert await redact(other, "person", [chen]) == 1
        assert await redact(other, "person", []) == 0
    entries = {e.entity_id: e for e in await _entries(session_factory)}
    assert entries[chen].changes == {"redacted": True}
    assert (entries[chen].action, entries[chen].actor_label) == (AuditAction.CREATE, "test")
    assert entries[li].changes["name"] == [None, "李伟"]
    assert "chen@example.org" not in str([e.changes for e in entries.values()])


async def test_a_redaction_joins_the_erasures_transaction(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """A redaction that rolls back with its erasure leaves the entries as they were."""
    chen, _ = await _two_people(session)
    async with session_factory() as other:
        assert await redact(other, "person", [chen]) == 1
        await other.rollback()
    entries = {e.entity_id: e for e in await _entries(session_factory)}
    assert entries[chen].changes["email"] == [None, "chen@example.org"]


async def test_the_triggers_are_in_the_migrated_database(
    backend: str, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
        if backend == "sqlite"
        else "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entry'::regclass "
        "AND NOT tgisinternal"
    )
    async with session_factory() as session:
        names = set((await session.execute(text(query))).scalars())
    expected = (
        {"audit_entry_no_delete", "audit_entry_no_update"}
        if backend == "sqlite"
        else {"audit_entry_append_only"}
    )
    assert names == expected
