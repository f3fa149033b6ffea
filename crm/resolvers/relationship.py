"""Relationships: ties between two people, stored once per pair and kind."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Subquery, select

from crm.db import models
from crm.db.enums import RelationshipKind
from crm.db.queries import relationship as q
from crm.db.queries.paging import Page, PageRequest, SortKey
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.filtering import sort_keys
from crm.resolvers.listing import CountRows, checked
from crm.resolvers.validation import Validator, given

if TYPE_CHECKING:
    from crm.schema.relationship import (
        CreateRelationshipInput,
        RelationshipOrder,
        UpdateRelationshipInput,
    )


def _order_columns(ends: Subquery) -> dict[str, tuple[ColumnElement[Any], bool]]:
    return {
        "strength": (ends.c.strength, False),
        "since": (ends.c.since, True),
        "kind": (ends.c.kind, False),
        "created_at": (ends.c.created_at, False),
    }


async def relationships_of(
    context: Context,
    *,
    person_id: int,
    kinds: Sequence[RelationshipKind] | None,
    order_by: list[RelationshipOrder] | None,
    request: PageRequest,
) -> tuple[Page, CountRows]:
    """A person's relationships, at either end (strongest first by default).

    One statement pages every person asked for in the same request (a window per
    person over both ends of each tie).
    """
    ends = q.ends(kinds)
    default = [SortKey(ends.c.strength, descending=True)]
    sort = sort_keys(order_by, _order_columns(ends), default=default)
    sort = [*sort, SortKey(ends.c.id, descending=sort[-1].descending)]
    request = checked(request, sort)
    name = "relationships:" + ",".join(sorted(k.value for k in kinds or []))
    loaders = context.loaders
    loader = loaders.page_by_parent_over(select(ends), ends.c[q.END], sort, request, name=name)
    page = await loader.load(person_id)
    where = q.kind_in(kinds)

    async def count_rows() -> int:
        # A person is never both ends of one tie, so the two counts add up.
        as_a = loaders.count_by_parent(
            q.relationship, q.relationship.c.person_a_id, where=where, name=name
        )
        as_b = loaders.count_by_parent(
            q.relationship, q.relationship.c.person_b_id, where=where, name=name
        )
        first, second = as_a.load(person_id), as_b.load(person_id)
        return await first + await second

    return page, count_rows


def _values(
    v: Validator, data: CreateRelationshipInput | UpdateRelationshipInput
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if given(data.strength):
        if data.strength is None:
            v.fail("strength", "strength is required")
        values["strength"] = v.between(
            "strength", data.strength, 0.0, 1.0, "strength must be between 0 and 1"
        )
    if given(data.since):
        values["since"] = data.since
    if given(data.source):
        values["source"] = v.text("source", data.source, max_length=200)
    return values


async def create_relationship(
    context: Context, data: CreateRelationshipInput
) -> models.Relationship:
    v = Validator()
    values = _values(v, data)
    a = v.reference("personA", data.person_a, "Person")
    b = v.reference("personB", data.person_b, "Person")
    if a is not None and a == b:
        v.fail("personB", "a relationship needs two different people")
    v.check()
    assert a is not None  # required, and checked above
    assert b is not None
    refs: crud.References = {"personA": (a, models.Person), "personB": (b, models.Person)}
    # Symmetric ties are stored once, lower key first; a mentor stays at A.
    if data.kind is not RelationshipKind.MENTOR and a > b:
        a, b = b, a
    values.update(person_a_id=a, person_b_id=b, kind=data.kind)
    return await crud.create(context, models.Relationship, values, refs)


async def update_relationship(
    context: Context, data: UpdateRelationshipInput
) -> models.Relationship:
    v = Validator()
    values = _values(v, data)
    v.check()
    key = crud.key_of("id", data.id, "Relationship")
    return await crud.update(context, models.Relationship, key, data.expected_version, values)
