"""Personal-data rights: consent records, the right of access (export) and erasure.

- Consent: recorded and withdrawn per person and purpose. Consent rows are links of
  the network (`GRAPH_TABLES`), so a withdrawal moves the graph revision and the next
  analysis leaves the person out (`Settings.analysis_exclude_withdrawn`).
- `export_person_data`: every row held about a person, as JSON (administrators).
- `erase_person`: deletes the person everywhere and leaves a tombstone of hashed keys
  (`crm.db.queries.erasure`); creating the same person again is refused with ERASED
  unless an administrator overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import AuditAction
from crm.db.paging import SortKey
from crm.db.queries import erasure as q
from crm.db.queries.common import table_of
from crm.db.queries.person_data import person_data
from crm.db.types import utcnow
from crm.errors import UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, key_of
from crm.resolvers.listing import ChildList
from crm.resolvers.privacy_log import audit_entry, redact
from crm.resolvers.user import require_admin
from crm.resolvers.validation import Data, References, Validator

__all__ = [
    "CONSENTS",
    "ErasureOutcome",
    "check_not_erased",
    "erase",
    "erase_person",
    "erased_message",
    "export_person_data",
    "record_consent",
    "withdraw_consent",
]

_consent = table_of(models.Consent)
#: a person's consent records, most recently given first
CONSENTS = ChildList(_consent, "person_id", {}, [SortKey(_consent.c.given_at, descending=True)])


# -- consent ---------------------------------------------------------------------------


def _moment(v: Validator, field: str, value: datetime | None) -> datetime:
    if value is None:
        return utcnow()
    if value.tzinfo is None:
        v.fail(field, f"{field} needs a time zone, e.g. 2025-01-31T09:00:00Z")
    return value


async def record_consent(context: Context, data: Data) -> models.Consent:
    v = Validator()
    person_id = v.reference("person", data["person"], "Person")
    notice = v.text("noticeVersion", data["notice_version"], max_length=50, required=True)
    given_at = _moment(v, "givenAt", data.get("given_at"))
    v.check()
    values = {
        "person_id": person_id,
        "purpose": data["purpose"],
        "channel": data["channel"],
        "notice_version": notice,
        "given_at": given_at,
        "recorded_by_id": context.signed_in.user_id,
    }
    refs: References = {"person": (person_id, models.Person)}
    return await crud.create(context, models.Consent, values, refs)


async def withdraw_consent(context: Context, data: Data) -> models.Consent:
    v = Validator()
    withdrawn_at = _moment(v, "withdrawnAt", data.get("withdrawn_at"))
    v.check()
    key = key_of("id", data["id"], "Consent")

    async def not_yet_withdrawn(_session: AsyncSession, row: Any) -> None:
        if row.withdrawn_at is not None:
            raise UserErrors.one(
                UserErrorCode.VALIDATION,
                "this consent was already withdrawn; record a new one to give it again",
                ("id",),
            )

    return await crud.update(
        context,
        models.Consent,
        key,
        data["expected_version"],
        {"withdrawn_at": withdrawn_at},
        guard=not_yet_withdrawn,
    )


# -- access ----------------------------------------------------------------------------


async def export_person_data(context: Context, value: RecordId) -> dict[str, Any]:
    """Everything held about a person (administrators); the export is audited."""
    viewer = context.signed_in
    require_admin(viewer)
    key = key_of("id", value, "Person")
    async with context.db() as session, session.begin():
        data = await person_data(session, key)
        if data is None:
            raise crud.not_found("id", "person")
        audit_entry(
            session,
            action=AuditAction.EXPORT,
            entity="person",
            entity_id=key,
            actor_id=viewer.user_id,
            actor_label=viewer.label,
            request_id=context.request_id,
        )
    data["exported_at"] = utcnow().isoformat()
    return data


# -- erasure ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasureOutcome:
    person_id: int
    erasure_id: int
    erased_at: datetime
    #: table → rows deleted
    removed: dict[str, int]


def erased_message(when: datetime) -> str:
    return (
        f"this person was erased on {when.date().isoformat()} at their request; "
        "re-create only with their new consent"
    )


async def check_not_erased(
    context: Context,
    *,
    name: str | None,
    name_latin: str | None,
    birth_year: int | None,
    email: str | None,
    phone: str | None,
    override: bool,
) -> None:
    """Refuse (ERASED) to create a person an erasure's tombstone matches, unless an
    administrator overrides it (`overrideErasure`)."""
    if override:
        if not context.signed_in.is_admin:
            raise UserErrors.one(
                UserErrorCode.FORBIDDEN,
                "only an administrator may re-create an erased person",
                ("overrideErasure",),
            )
        return
    if not name:
        return
    async with context.db() as session:
        when = await q.erased_on(
            session,
            name=name,
            name_latin=name_latin,
            birth_year=birth_year,
            email=email,
            phone=phone,
        )
    if when is not None:
        raise UserErrors.one(UserErrorCode.ERASED, erased_message(when), ("name",))


async def erase_person(context: Context, value: RecordId, reason: str) -> ErasureOutcome:
    """Erase a person at their request (administrators)."""
    viewer = context.signed_in
    require_admin(viewer)
    key = key_of("id", value, "Person")
    v = Validator()
    cleaned = v.text("reason", reason, max_length=1000, required=True)
    v.check()
    async with crud.transaction(context) as session:
        return await erase(
            session,
            key,
            actor_id=viewer.user_id,
            actor_label=viewer.label,
            reason=cleaned,
            request_id=context.request_id,
        )


async def erase(
    session: AsyncSession,
    key: int,
    *,
    actor_id: int | None,
    actor_label: str,
    reason: str | None,
    request_id: str | None = None,
) -> ErasureOutcome:
    """Erase one person in the session's transaction: delete, tombstone, redact, audit."""
    person = await session.get(models.Person, key)
    if person is None:
        raise crud.not_found("id", "person")
    merge = table_of(models.MergeRecord)
    former = await session.execute(
        select(merge.c.absorbed_id, merge.c.absorbed_name, merge.c.absorbed_name_latin).where(
            merge.c.entity == "person", merge.c.survivor_id == key
        )
    )
    merged = former.all()
    former_names = [(name, latin) for _, name, latin in merged]
    global_id = str(RecordId.of("Person", key))
    rows = await q.erase_person_rows(session, person, global_id=global_id)
    tombstone = await q.write_tombstone(
        session, person, erased_by_id=actor_id, reason=reason, former_names=former_names
    )
    for table, ids in rows.deleted.items():
        await redact(session, table, ids)
    # The records merged into the person were the person too: their entries go as well.
    await redact(session, "person", [absorbed for absorbed, _, _ in merged])
    await session.flush()
    removed = rows.counts()
    audit_entry(
        session,
        action=AuditAction.ERASE,
        entity="person",
        entity_id=key,
        actor_id=actor_id,
        actor_label=actor_label,
        request_id=request_id,
        changes={"erasure_id": tombstone.id, "removed": removed},
    )
    await session.flush()
    assert tombstone.id is not None
    return ErasureOutcome(key, tombstone.id, tombstone.erased_at, removed)
