"""The writes of one import transaction, and what the API's write path adds to each.

Why not through the ORM, as every mutation writes (`crm.resolvers.crud`): a flush costs
about a millisecond per row with its listeners, so 100,000 people would take minutes;
this writer inserts each chunk as one executemany (keys taken first) and updates with
Core statements. What the ORM's flush listeners add to a mutation's rows it adds here
explicitly, for the same rows, with the write path's own code wherever that code can
serve a batch: the audit entries (`crm.db.audit`: the actor, the changes as JSON), the
stage and status histories (`crm.db.history.history_rows`), the owner of a new record
(`crm.security.writes.OWNER_COLUMN`), the next contact due (`crm.db.queries.follow_up`),
the last contact of participants (`crm.db.queries.interaction`), the name keys
(`crm.db.name_index`, via `crm.transfer.bulk`) and the graph revision with its change
log (`crm.db.revision`: a revision without change rows, which tells graph caches to
rebuild, when the import changed more rows than a cache would catch up with).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.audit import actor_of, audit_value, created_changes
from crm.db.enums import AuditAction, ChangeOp, IntroductionStatus
from crm.db.errors import explain_integrity_error
from crm.db.history import ACTOR_KEY, Move, history_rows
from crm.db.models import GRAPH_TABLES
from crm.db.queries import follow_up
from crm.db.queries.common import table_of
from crm.db.queries.interaction import touch_last_contacted
from crm.db.revision import record_changes
from crm.db.types import utcnow
from crm.security.writes import OWNER_COLUMN
from crm.transfer.bulk import BulkKeys
from crm.transfer.entities import Entity
from crm.transfer.rows import Row

__all__ = ["MAX_LOGGED_CHANGES", "Writer"]

#: a cache catches up with at most this many changes (crm.network.cache); more: rebuild
MAX_LOGGED_CHANGES = 20_000

_audit = table_of(models.AuditEntry)
#: the record types whose stage (status) has a history
_HISTORIES = {
    "project": models.Project,
    "application": models.Application,
    "introduction": models.Introduction,
}


class Writer:
    """Core writes of one transaction, and what the ORM's flush listeners would add."""

    def __init__(
        self,
        session: AsyncSession,
        spec: Entity,
        *,
        bulk_fts: bool,
        bulk_keys: bool = False,
        alone: bool = False,
    ) -> None:
        self.session = session
        self.spec = spec
        self.table: Table = table_of(spec.model)
        self.keys = BulkKeys(
            session, spec.name, bulk_fts=bulk_fts, bulk_keys=bulk_keys, alone=alone
        )
        self.changes: list[tuple[str, int, ChangeOp]] = []
        self.actor: int | None = session.info.get(ACTOR_KEY)
        self.template = _template(spec.model)
        #: whether any erased person left a tombstone (then new people are checked)
        self.tombstones = False
        #: audit entries to write before the transaction ends
        self.audits: list[dict[str, Any]] = []
        #: natural key → the row of this transaction that created (or will create) it
        self.pending: dict[tuple[Any, ...], Row] = {}

    @property
    def people_before(self) -> bool:
        """Whether the person table had rows when the import began."""
        return self.keys.people_before

    async def begin(self) -> None:
        if self.spec.name == "person":
            any_erasure = select(table_of(models.Erasure).c.id).limit(1)
            self.tombstones = (await self.session.execute(any_erasure)).first() is not None
        await self.keys.begin()

    async def create(self, rows: list[Row]) -> list[Row]:
        """Insert the rows; those the database refuses get their reason and come back."""
        if not rows:
            return []
        now = utcnow()
        owner = OWNER_COLUMN.get(self.spec.model)
        records = []
        for row in rows:
            record = {**self.template, "created_at": now, "updated_at": now, **row.values}
            if owner and self.actor is not None and record.get(owner) is None:
                record[owner] = self.actor
            records.append(record)
        try:
            async with self.session.begin_nested():
                ids = await self._insert(records)
        except IntegrityError:
            return await self._create_one_by_one(rows, records)
        for row, key in zip(rows, ids, strict=True):
            row.target = key
        return []

    async def _insert(self, records: list[dict[str, Any]]) -> list[int]:
        """Insert the records; their new keys in order.

        The keys are taken first (the sequence's next values on PostgreSQL, the ones after
        the largest on SQLite, whose write lock this transaction holds), so the rows go in
        as one executemany without RETURNING, the fastest path of both drivers."""
        table = self.table
        connection = await self.session.connection()
        if connection.dialect.name == "sqlite":
            last = (await self.session.execute(select(func.max(table.c.id)))).scalar()
            ids = list(range((last or 0) + 1, (last or 0) + 1 + len(records)))
        else:
            sequence = func.pg_get_serial_sequence(table.name, "id")
            taken = await self.session.execute(
                select(func.nextval(sequence)).select_from(func.generate_series(1, len(records)))
            )
            ids = sorted(taken.scalars())
        await self.session.execute(
            insert(table), [{**r, "id": key} for r, key in zip(records, ids, strict=True)]
        )
        return ids

    async def _create_one_by_one(self, rows: list[Row], records: list[dict[str, Any]]) -> list[Row]:
        refused = []
        statement = insert(self.table).returning(self.table.c.id)
        for row, record in zip(rows, records, strict=True):
            try:
                async with self.session.begin_nested():
                    row.target = (await self.session.execute(statement, record)).scalar_one()
            except IntegrityError as error:
                row.reason = explain_integrity_error(error).message
                refused.append(row)
        return refused

    async def update(self, row: Row) -> bool:
        """Change the given columns of `row.target`; False (with the reason) if refused."""
        assert row.target is not None
        values = {k: v for k, v in row.values.items() if k in row.given}
        if not values:
            return True
        columns = (self.table.c[c] for c in values)
        statement = select(*columns).where(self.table.c.id == row.target)
        before = dict(zip(values, (await self.session.execute(statement)).one(), strict=True))
        change = (
            update(self.table)
            .where(self.table.c.id == row.target)
            .values(**values, version=self.table.c.version + 1, updated_at=utcnow())
        )
        try:
            async with self.session.begin_nested():
                await self.session.execute(change)
        except IntegrityError as error:
            row.reason = explain_integrity_error(error).message
            return False
        changed = {
            c: [audit_value(before[c]), audit_value(v)] for c, v in values.items() if before[c] != v
        }
        if changed:
            self.audit(AuditAction.UPDATE, self.spec.table, [(row.target, changed)])
        if self.spec.name in ("project", "application") and "stage" in changed:
            await self._history([(row.target, before["stage"], values["stage"], utcnow())])
        return True

    async def after_created(self, rows: list[Row]) -> None:
        created = [r for r in rows if r.target is not None]
        if not created:
            return
        name = self.spec.name
        self.audit(
            AuditAction.CREATE,
            self.spec.table,
            [(r.target, created_changes(r.values)) for r in created if r.target is not None],
        )
        now = utcnow()
        if name in ("project", "application"):
            await self._history([(r.target, None, r.values.get("stage"), now) for r in created])
        if name == "introduction":
            # A new introduction's first status, as the workflow's history would have it.
            requested = IntroductionStatus.REQUESTED
            moves = [
                (r.target, None, requested, r.values.get("requested_at") or now) for r in created
            ]
            await self._history(moves)
        if name == "person":
            await self._refresh_due(
                [r.target for r in created if r.values.get("contact_cadence_days")]
            )
        if name == "interaction":
            await self._participants(created)
        self.log(name, [r.target for r in created if r.target is not None], ChangeOp.INSERT)
        if name == "agreement_party":
            agreements = sorted({r.values["agreement_id"] for r in created})
            self.log("agreement", agreements, ChangeOp.UPDATE)

    async def after_updated(self, rows: list[Row]) -> None:
        keys = [r.target for r in rows if r.target is not None]
        self.log(self.spec.name, keys, ChangeOp.UPDATE)
        if self.spec.name == "person":
            await self._refresh_due([r.target for r in rows if "contact_cadence_days" in r.given])

    async def _refresh_due(self, keys: list[int | None]) -> None:
        due = [k for k in keys if k is not None]
        if due:
            await self.session.execute(follow_up.refresh(due))

    async def employers(self, rows: list[Row]) -> None:
        """A person row's 单位: an affiliation to that organisation, unless it exists."""
        wanted = [(r.target, *r.employer) for r in rows if r.employer and r.target is not None]
        if not wanted:
            return
        affiliation = table_of(models.Affiliation)
        found = await self.session.execute(
            select(
                affiliation.c.person_id, affiliation.c.organization_id, affiliation.c.role
            ).where(
                affiliation.c.person_id.in_(sorted({w[0] for w in wanted})),
                affiliation.c.starts_on.is_(None),
                affiliation.c.ends_on.is_(None),
            )
        )
        existing = {(row[0], row[1], row[2]) for row in found}
        now = utcnow()
        new = []
        for person_id, organization_id, role, title in wanted:
            if (person_id, organization_id, role) in existing:
                continue
            existing.add((person_id, organization_id, role))
            values = {"person_id": person_id, "organization_id": organization_id, "role": role}
            template = _template(models.Affiliation)
            new.append({**template, **values, "title": title, "created_at": now, "updated_at": now})
        if new:
            await self._insert_links(affiliation, new)

    async def _insert_links(self, table: Table, records: list[dict[str, Any]]) -> None:
        """Insert link rows the import makes on the side; log them for the graph and the
        audit log, as the ORM's listeners would."""
        ids = (
            await self.session.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), records
            )
        ).scalars()
        keys = list(ids)
        self.log(table.name, keys, ChangeOp.INSERT)
        audited = [(k, created_changes(r)) for k, r in zip(keys, records, strict=True)]
        self.audit(AuditAction.CREATE, table.name, audited)

    async def _participants(self, rows: list[Row]) -> None:
        participant = table_of(models.InteractionParticipant)
        now = utcnow()
        records = [
            {"interaction_id": r.target, "person_id": p, "created_at": now, "updated_at": now}
            for r in rows
            for p in r.participants
        ]
        if not records:
            return
        await self._insert_links(participant, records)
        for r in rows:
            if r.participants:
                await touch_last_contacted(
                    self.session, person_ids=r.participants, at=r.values["occurred_at"]
                )

    async def _history(self, moves: list[Move]) -> None:
        record = _HISTORIES[self.spec.name]
        table, rows = history_rows(record, moves, actor=self.actor)
        now = utcnow()
        await self.session.execute(
            insert(table), [{**r, "created_at": now, "updated_at": now} for r in rows]
        )

    def audit(
        self, action: AuditAction, entity: str, rows: list[tuple[int, dict[str, list[Any]]]]
    ) -> None:
        """Audit entries for rows this import wrote, as the audit log's flush listener
        writes them for ORM writes (derived rows, such as name keys, are not audited)."""
        actor_id, label = actor_of(self.session)
        now, request = utcnow(), self.session.info.get("request_id")
        self.audits.extend(
            {
                "at": now,
                "actor_id": actor_id,
                "actor_label": label,
                "action": action,
                "entity": entity,
                "entity_id": key,
                "changes": changes,
                "request_id": request,
            }
            for key, changes in rows
        )

    def log(self, entity: str, keys: Iterable[int], op: ChangeOp) -> None:
        if entity in GRAPH_TABLES:
            self.changes.extend((entity, k, op) for k in keys)

    async def finish(self) -> None:
        """Write the audit entries, finish the name keys, and move the graph revision once
        for this transaction."""
        for start in range(0, len(self.audits), 5_000):
            await self.session.execute(insert(_audit), self.audits[start : start + 5_000])
        self.audits = []
        await self.keys.finish()
        if self.changes:
            changes = list(dict.fromkeys(self.changes))
            logged = changes if len(changes) <= MAX_LOGGED_CHANGES else []
            await self.session.run_sync(lambda sync: record_changes(sync, logged))
            self.changes = []

    def close(self) -> None:
        self.keys.close()


def _template(model: Any) -> dict[str, Any]:
    """Every column's default, so the rows of one executemany have the same keys."""
    table = table_of(model)
    template: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in table.c and name != "id":
            template[name] = info.get_default(call_default_factory=True)
    return template
