"""Introductions: find them, ask for one, change its details or delete it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError
from sqlalchemy import ColumnElement
from strawberry import relay

from crm.db import models
from crm.db.queries import introduction as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import condition_of, keys_of, sort_keys
from crm.resolvers.listing import CountRows, page_of
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.introduction import (
        CreateIntroductionInput,
        IntroductionFilter,
        IntroductionOrder,
        UpdateIntroductionInput,
    )

ORDER_COLUMNS: dict[str, tuple[ColumnElement[Any], bool]] = {
    "requested_at": (q.introduction.c.requested_at, False),
    "status_changed_at": (q.introduction.c.status_changed_at, False),
    "status": (q.introduction.c.status, False),
}
# The newest requests first.
DEFAULT_ORDER = [SortKey(q.introduction.c.requested_at, descending=True)]

#: the types of node an introduction path may pass through
PATH_TYPES = ("Person", "Organization", "Event", "Project", "Position", "Agreement")
MAX_PATH_LENGTH = 12


def aware(field: str, moment: datetime) -> datetime:
    """A filter's moment, which must carry its time zone."""
    if moment.tzinfo is None:
        raise GraphQLError(
            f"`{field}` needs a time zone, e.g. 2025-01-31T09:00:00Z",
            extensions={"code": "BAD_USER_INPUT"},
        )
    return moment


def introduction_condition(f: IntroductionFilter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.status:
        parts.append(q.value_in("status", f.status))
    for field, column, ids, type_name in (
        ("seeker", "seeker_id", f.seeker, "Person"),
        ("broker", "broker_id", f.broker, "Person"),
        ("event", "event_id", f.event, "Event"),
    ):
        if ids:
            parts.append(q.value_in(column, keys_of(field, ids, type_name)))
    if f.target:
        people = [gid for gid in f.target if gid.type_name == "Person"]
        others = [gid for gid in f.target if gid.type_name != "Person"]
        parts.append(
            q.target_in(
                keys_of("target", people, "Person"),
                keys_of("target", others, "Person", "Organization"),
            )
        )
    if f.requested_after is not None:
        parts.append(q.requested_since(aware("requestedAfter", f.requested_after)))
    return parts


async def introductions(
    context: Context,
    filter_: IntroductionFilter | None,
    order_by: list[IntroductionOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    sort = sort_keys(order_by, ORDER_COLUMNS, default=DEFAULT_ORDER)
    condition = condition_of(filter_, introduction_condition)
    return await page_of(context, q.introduction, condition, sort, request)


def _values(
    v: Validator, data: CreateIntroductionInput | UpdateIntroductionInput
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.purpose):
        values["purpose"] = v.text("purpose", data.purpose, max_length=10_000)
    if given(data.retention_until):
        values["retention_until"] = data.retention_until
    return values


def _path(
    v: Validator, ids: list[relay.GlobalID] | None, start: relay.GlobalID, end: relay.GlobalID
) -> list[str]:
    """The path's global IDs in order: from the seeker to the target, no node twice."""
    if not ids:
        return []
    nodes = [(gid.type_name, gid.node_id) for gid in ids]
    keys = [v.reference("path", gid, *PATH_TYPES) for gid in ids]
    if None in keys:
        return []
    if not 2 <= len(ids) <= MAX_PATH_LENGTH:
        v.fail("path", f"a path has 2 to {MAX_PATH_LENGTH} nodes")
    elif len(set(nodes)) != len(nodes):
        v.fail("path", "a path passes each node once")
    elif nodes[0] != (start.type_name, start.node_id) or nodes[-1] != (
        end.type_name,
        end.node_id,
    ):
        v.fail("path", "a path runs from the seeker to the target")
    return [str(relay.GlobalID(t, n)) for t, n in nodes]


async def create_introduction(
    context: Context, data: CreateIntroductionInput
) -> models.Introduction:
    v = Validator()
    values = _values(v, data)
    seeker = v.reference("seeker", data.seeker, "Person")
    target_person = v.reference("targetPerson", data.target_person, "Person")
    target_organization = v.reference(
        "targetOrganization", data.target_organization, "Organization"
    )
    broker = v.reference("broker", data.broker, "Person")
    event = v.reference("event", data.event, "Event")
    target = data.target_person or data.target_organization
    if (data.target_person is None) == (data.target_organization is None) or target is None:
        v.fail("targetPerson", "give exactly one target: targetPerson or targetOrganization")
    else:
        values["path"] = _path(v, data.path, data.seeker, target)
    if seeker is not None and target_person == seeker:
        v.fail("targetPerson", "a person cannot be introduced to themselves")
    if seeker is not None and broker == seeker:
        v.fail("broker", "the broker cannot be the seeker")
    v.check()
    refs: crud.References = {
        "seeker": (seeker, models.Person),
        "targetPerson": (target_person, models.Person),
        "targetOrganization": (target_organization, models.Organization),
        "broker": (broker, models.Person),
        "event": (event, models.Event),
    }
    values.update(
        seeker_id=seeker,
        target_person_id=target_person,
        target_organization_id=target_organization,
        broker_id=broker,
        event_id=event,
    )
    return await crud.create(context, models.Introduction, values, refs)


async def update_introduction(
    context: Context, data: UpdateIntroductionInput
) -> models.Introduction:
    v = Validator()
    values = _values(v, data)
    refs: dict[str, tuple[int | None, Any]] = {}
    if given(data.broker):
        refs["broker"] = (v.reference("broker", data.broker, "Person"), models.Person)
        values["broker_id"] = refs["broker"][0]
    if given(data.event):
        refs["event"] = (v.reference("event", data.event, "Event"), models.Event)
        values["event_id"] = refs["event"][0]
    if given(data.outcome_note):
        values["outcome_note"] = v.text("outcomeNote", data.outcome_note, max_length=10_000)
    v.check()
    key = crud.key_of("id", data.id, "Introduction")
    # A broker who is the seeker is refused by the database (a VALIDATION on `broker`).
    return await crud.update(context, models.Introduction, key, data.expected_version, values, refs)
