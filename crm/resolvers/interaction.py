"""Interactions: the list of them, logging one with its participants, changing or
deleting one.

An interaction and its participant links are written in one transaction, with the
same user errors as `crud` (missing records, stale versions, constraint violations).
Logging one moves each participant's `last_contacted_at` up to its time; changing or
deleting one sets it, for everyone concerned, to their latest remaining interaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.paging import SortKey
from crm.db.queries import interaction as q
from crm.db.queries.conditions import any_of
from crm.db.types import utcnow
from crm.errors import UserError, UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers import person as people
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, key_of, keys_of
from crm.resolvers.listing import ChildListOver, Filter, OrderField, Ordering, TableList, aware
from crm.resolvers.validation import Data, References, Validator, copy_of, reference_columns

ORDERING: Ordering = {"OCCURRED_AT": OrderField("occurred_at"), "KIND": OrderField("kind")}
# The most recent first.
DEFAULT_ORDER = [SortKey(q.interaction.c.occurred_at, descending=True)]

_REFERENCES = {
    "event": models.Event,
    "project": models.Project,
    "organization": models.Organization,
}


def interaction_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("kind"):
        parts.append(any_of(q.interaction.c.kind, f["kind"]))
    if f.get("participant"):
        parts.append(q.with_participant(keys_of("participant", f["participant"], "Person")))
    if f.get("organization"):
        keys = keys_of("organization", f["organization"], "Organization")
        parts.append(any_of(q.interaction.c.organization_id, keys))
    if f.get("occurred_after") is not None:
        parts.append(q.interaction.c.occurred_at >= aware("occurredAfter", f["occurred_after"]))
    if f.get("occurred_before") is not None:
        parts.append(q.interaction.c.occurred_at < aware("occurredBefore", f["occurred_before"]))
    return parts


INTERACTIONS = TableList(q.interaction, ORDERING, DEFAULT_ORDER, interaction_conditions)
#: the interactions a person took part in (newest first)
OF_PERSON = ChildListOver(
    "person_interactions",
    q.interactions_of_people,
    q.interaction,
    q.participant,
    "person_id",
    ORDERING,
    DEFAULT_ORDER,
)
#: the people who took part in an interaction (by name)
PARTICIPANTS = ChildListOver(
    "participants",
    q.participants,
    q.person,
    q.participant,
    "interaction_id",
    people.ORDERING,
    people.DEFAULT_ORDER,
)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    v.required_of(data, values, "kind")
    if "occurred_at" in data:
        if data["occurred_at"] is None:
            v.fail("occurredAt", "occurredAt is required")
        elif data["occurred_at"].tzinfo is None:
            v.fail("occurredAt", "occurredAt needs a time zone, e.g. 2025-01-31T09:00:00Z")
        values["occurred_at"] = data["occurred_at"]
    v.required_texts_of(data, values, summary=300)
    v.texts_of(data, values, body=10_000)
    copy_of(data, values, "retention_until")
    return values


def _participants(v: Validator, ids: Sequence[RecordId] | None) -> list[int]:
    keys: list[int] = []
    for record in ids or []:
        key = v.reference("participants", record, "Person")
        if key is not None and key not in keys:
            keys.append(key)
    return keys


async def create_interaction(context: Context, data: Data) -> models.Interaction:
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    participant_ids = _participants(v, data.get("participants"))
    v.check()
    values.update(reference_columns(refs))
    async with crud.transaction(context) as session:
        await _check_references(session, refs, participant_ids)
        row = models.Interaction(**values)
        session.add(row)
        await crud.flush(session)
        assert row.id is not None
        await _replace_participants(session, row.id, participant_ids)
        await crud.flush(session)
        await q.touch_last_contacted(session, person_ids=participant_ids, at=row.occurred_at)
        return row


async def update_interaction(context: Context, data: Data) -> models.Interaction:
    v = Validator()
    values, refs = values_of(v, data), v.references_of(data, _REFERENCES)
    regroup = "participants" in data
    new_ids = _participants(v, data["participants"]) if regroup else None
    v.check()
    key = key_of("id", data["id"], "Interaction")
    values.update(reference_columns(refs))
    async with crud.transaction(context) as session:
        row = await crud.current(session, models.Interaction, key, data["expected_version"])
        await _check_references(session, refs, new_ids or [])
        # Reads first: a read would flush the row's changes early (a second version).
        regrouped = set() if new_ids is None else await _replace_participants(session, key, new_ids)
        for name, value in values.items():
            setattr(row, name, value)
        if regrouped:
            row.updated_at = utcnow()  # a new set of people is a new version
        await crud.flush(session)
        # Whoever joined or left, and everyone in it when it moved in time, has a new
        # latest interaction (an earlier one, or none, for those who left).
        affected = set(regrouped)
        if "occurred_at" in values:
            links = await q.participant_rows(session, interaction_id=key)
            affected.update(link.person_id for link in links)
        await q.recount_last_contacted(session, person_ids=sorted(affected))
        return row


async def delete_interaction(context: Context, data: Data) -> models.Interaction:
    key = key_of("id", data["id"], "Interaction")
    async with crud.transaction(context) as session:
        row = await crud.current(session, models.Interaction, key, data["expected_version"])
        # The links go first, one by one, so the network's change log sees them.
        gone = await _replace_participants(session, key, [])
        await crud.flush(session)
        await session.delete(row)
        await crud.flush(session)
        # Their last contact is now their latest remaining interaction (or none).
        await q.recount_last_contacted(session, person_ids=sorted(gone))
        return row


async def _replace_participants(
    session: AsyncSession, interaction_id: int, person_ids: Sequence[int]
) -> set[int]:
    """Make the participants exactly `person_ids` (at the next flush); the people who
    joined or left."""
    links = await q.participant_rows(session, interaction_id=interaction_id)
    present = {link.person_id for link in links}
    gone = [link for link in links if link.person_id not in set(person_ids)]
    for link in gone:
        await session.delete(link)
    added = [pid for pid in person_ids if pid not in present]
    for pid in added:
        session.add(models.InteractionParticipant(interaction_id=interaction_id, person_id=pid))
    return {link.person_id for link in gone} | set(added)


async def _check_references(
    session: AsyncSession, refs: References, participant_ids: Sequence[int]
) -> None:
    """The referenced records and every participant exist (all missing ones named)."""
    errors: list[UserError] = []
    try:
        await crud.check_references(session, refs)
    except UserErrors as refused:
        errors += refused.errors
    found = await q.existing_ids(session, table=q.person, ids=participant_ids)
    for key in participant_ids:
        if key not in found:
            message = f"no person with the ID {RecordId.of('Person', key)}"
            errors.append(UserError(UserErrorCode.NOT_FOUND, message, ("participants",)))
    if errors:
        raise UserErrors(errors)
