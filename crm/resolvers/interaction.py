"""Interactions: find them, log them with their participants, change or delete them.

An interaction and its participant links are written in one transaction, with the
same problems as `crud` (missing records, stale versions, constraint violations).
Logging one moves each participant's `last_contacted_at` up to its time; changing or
deleting one sets it, for everyone concerned, to their latest remaining interaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from strawberry import relay

from crm.db import models
from crm.db.engine import WRITE_TRANSACTION
from crm.db.errors import ViolationKind, explain_integrity_error
from crm.db.queries import interaction as q
from crm.db.queries.common import table_of
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.db.types import utcnow
from crm.resolvers import crud
from crm.resolvers import person as people
from crm.resolvers.context import Context
from crm.resolvers.errors import Problem, ProblemCode, Problems
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.introduction import aware
from crm.resolvers.listing import CountRows, checked, page_of, with_key
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.interaction import (
        CreateInteractionInput,
        InteractionFilter,
        InteractionOrder,
        UpdateInteractionInput,
    )
    from crm.schema.person import PersonOrder

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "occurred_at": (q.interaction.c.occurred_at, False),
    "kind": (q.interaction.c.kind, False),
}
# The most recent first.
DEFAULT_ORDER = [SortKey(q.interaction.c.occurred_at, descending=True)]

_REFERENCES: dict[str, tuple[str, str, type[Any]]] = {
    "event": ("event_id", "Event", models.Event),
    "project": ("project_id", "Project", models.Project),
    "organization": ("organization_id", "Organization", models.Organization),
}


def interaction_condition(f: InteractionFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.kind:
        parts.append(q.value_in("kind", f.kind))
    if f.participant:
        parts.append(q.with_participant(keys_of("participant", f.participant, "Person")))
    if f.organization:
        keys = keys_of("organization", f.organization, "Organization")
        parts.append(q.value_in("organization_id", keys))
    if f.occurred_after is not None:
        parts.append(q.occurred_since(aware("occurredAfter", f.occurred_after)))
    if f.occurred_before is not None:
        parts.append(q.occurred_before(aware("occurredBefore", f.occurred_before)))
    return parts


async def interactions(
    context: Context,
    filter_: InteractionFilter | None,
    order_by: list[InteractionOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    condition = condition_of(filter_, interaction_condition)
    return await page_of(context, q.interaction, condition, sort, request)


async def interactions_of(
    context: Context,
    *,
    person_id: int,
    order_by: list[InteractionOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """The interactions a person took part in (newest first), batched across people."""
    sort = with_key(sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER), q.interaction)
    parent = q.participant.c.person_id
    statement = q.interactions_of_people()
    return await _nested(
        context, "person_interactions", statement, parent, person_id, sort, request
    )


async def participants_of(
    context: Context,
    *,
    interaction_id: int,
    order_by: list[PersonOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """The people who took part in an interaction (by name), batched across interactions."""
    default = [SortKey(q.person.c.name)]
    sort = with_key(sort_keys(order_by, people.ORDER_COLUMNS, default=default), q.person)
    parent = q.participant.c.interaction_id
    return await _nested(
        context, "participants", q.participants(), parent, interaction_id, sort, request
    )


async def _nested(
    context: Context,
    name: str,
    statement: Select[Any],
    parent: ColumnElement[Any],
    parent_id: int,
    sort: list[SortKey],
    request: PageRequest,
) -> tuple[Page, CountRows]:
    loaders = context.loaders
    request = checked(request, sort)
    loader = loaders.page_by_parent_over(statement, parent, sort, request, name=name)
    page = await loader.load(parent_id)

    async def count_rows() -> int:
        return await loaders.count_by_parent(q.participant, parent).load(parent_id)

    return page, count_rows


def _values(v: Validator, data: CreateInteractionInput | UpdateInteractionInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.kind):
        if data.kind is None:
            v.fail("kind", "kind is required")
        values["kind"] = data.kind
    if given(data.occurred_at):
        if data.occurred_at is None:
            v.fail("occurredAt", "occurredAt is required")
        elif data.occurred_at.tzinfo is None:
            v.fail("occurredAt", "occurredAt needs a time zone, e.g. 2025-01-31T09:00:00Z")
        values["occurred_at"] = data.occurred_at
    if given(data.summary):
        values["summary"] = v.text("summary", data.summary, max_length=300, required=True)
    if given(data.body):
        values["body"] = v.text("body", data.body, max_length=10_000)
    if given(data.retention_until):
        values["retention_until"] = data.retention_until
    return values


def _references(
    v: Validator, data: CreateInteractionInput | UpdateInteractionInput
) -> crud.References:
    refs: dict[str, tuple[int | None, Any]] = {}
    for field, (_, type_name, model) in _REFERENCES.items():
        value = getattr(data, field)
        if given(value):
            refs[field] = (v.reference(field, value, type_name), model)
    return refs


def _participants(v: Validator, ids: Sequence[relay.GlobalID] | None) -> list[int]:
    keys: list[int] = []
    for gid in ids or []:
        key = v.reference("participants", gid, "Person")
        if key is not None and key not in keys:
            keys.append(key)
    return keys


async def create_interaction(context: Context, data: CreateInteractionInput) -> models.Interaction:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    participant_ids = _participants(v, data.participants)
    v.check()
    values.update({_REFERENCES[f][0]: key for f, (key, _) in refs.items()})
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        await _check_references(session, refs, participant_ids)
        row = models.Interaction(**values)
        session.add(row)
        await _flush(session)
        assert row.id is not None
        await _replace_participants(session, row.id, participant_ids)
        await _flush(session)
        await q.touch_last_contacted(session, person_ids=participant_ids, at=row.occurred_at)
        return row


async def update_interaction(context: Context, data: UpdateInteractionInput) -> models.Interaction:
    v = Validator()
    values, refs = _values(v, data), _references(v, data)
    new_ids = _participants(v, data.participants) if given(data.participants) else None
    v.check()
    key = crud.key_of("id", data.id, "Interaction")
    values.update({_REFERENCES[f][0]: k for f, (k, _) in refs.items()})
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        row = await _current(session, key, data.expected_version)
        await _check_references(session, refs, new_ids or [])
        # Reads first: a read would flush the row's changes early (a second version).
        regrouped = set() if new_ids is None else await _replace_participants(session, key, new_ids)
        for name, value in values.items():
            setattr(row, name, value)
        if regrouped:
            row.updated_at = utcnow()  # a new set of people is a new version
        await _flush(session)
        # Whoever joined or left, and everyone in it when it moved in time, has a new
        # latest interaction (an earlier one, or none, for those who left).
        affected = set(regrouped)
        if "occurred_at" in values:
            links = await q.participant_rows(session, interaction_id=key)
            affected.update(link.person_id for link in links)
        await q.recount_last_contacted(session, person_ids=sorted(affected))
        return row


async def delete_interaction(
    context: Context, value: relay.GlobalID, expected_version: int
) -> models.Interaction:
    key = crud.key_of("id", value, "Interaction")
    async with context.db() as session, session.begin():
        await session.connection(execution_options=WRITE_TRANSACTION)
        row = await _current(session, key, expected_version)
        # The links go first, one by one, so the network's change log sees them.
        gone = await _replace_participants(session, key, [])
        await _flush(session)
        await session.delete(row)
        await _flush(session)
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


async def _current(session: AsyncSession, key: int, expected: int) -> models.Interaction:
    row = await session.get(models.Interaction, key)
    if row is None:
        raise crud.not_found("id", "interaction")
    if row.version != expected:
        raise Problems.one(
            ProblemCode.CONFLICT,
            f"the record changed since you read it (now at version {row.version})",
            ("expectedVersion",),
            current_version=row.version,
        )
    return row


async def _check_references(
    session: AsyncSession, refs: crud.References, participant_ids: Sequence[int]
) -> None:
    problems: list[Problem] = []
    for field, (key, model) in refs.items():
        if key is not None and not await q.existing_ids(session, table=table_of(model), ids=[key]):
            problems.append(Problem(ProblemCode.NOT_FOUND, f"no {field} with this ID", (field,)))
    found = await q.existing_ids(session, table=q.person, ids=participant_ids)
    for key in participant_ids:
        if key not in found:
            gid = relay.GlobalID("Person", str(key))
            message = f"no person with the ID {gid}"
            problems.append(Problem(ProblemCode.NOT_FOUND, message, ("participants",)))
    if problems:
        raise Problems(problems)


_CODE_FOR = {
    ViolationKind.UNIQUE: ProblemCode.DUPLICATE,
    ViolationKind.FOREIGN_KEY: ProblemCode.NOT_FOUND,
}


async def _flush(session: AsyncSession) -> None:
    """Flush, turning a rejected write into Problems as `crud` does."""
    try:
        await session.flush()
    except IntegrityError as error:
        violation = explain_integrity_error(error)
        code = _CODE_FOR.get(violation.kind, ProblemCode.VALIDATION)
        fields = tuple(_camel(f) for f in violation.fields)
        raise Problems.one(code, violation.message, fields) from None
    except StaleDataError:
        raise Problems.one(
            ProblemCode.CONFLICT, "the record was changed by someone else meanwhile"
        ) from None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
