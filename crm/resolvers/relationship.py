"""Relationships: ties between two people, stored once per pair and kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from crm.db import models
from crm.db.enums import RelationshipKind
from crm.db.paging import PageRequest, SortKey, checked
from crm.db.queries import relationship as q
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.listing import Listed, OrderBy, OrderField, Ordering, sort_keys
from crm.resolvers.validation import Data, References, Validator, copy_of

ORDERING: Ordering = {
    "STRENGTH": OrderField("strength"),
    "SINCE": OrderField("since", nullable=True),
    "KIND": OrderField("kind"),
    "CREATED_AT": OrderField("created_at"),
}


@dataclass(frozen=True)
class RelationshipsOf:
    """A person's relationships, at either end (strongest first by default), of some kinds.

    One statement pages every person asked for in the same request (a window per
    person over both ends of each tie).
    """

    ordering: Ordering

    async def page(
        self,
        context: Context,
        person_id: int,
        request: PageRequest,
        order_by: OrderBy | None = None,
        kind: Sequence[RelationshipKind] | None = None,
    ) -> Listed:
        ends = q.ends(kind)
        sort = sort_keys(order_by, self.ordering, [SortKey(ends.c.strength, True)], ends)
        sort = [*sort, SortKey(ends.c.id, descending=sort[-1].descending)]
        request = checked(request, sort)
        name = "relationships:" + ",".join(sorted(k.value for k in kind or []))
        loaders = context.loaders
        loader = loaders.page_by_parent_over(select(ends), ends.c[q.END], sort, request, name=name)
        page = await loader.load(person_id)
        where = q.kind_in(kind)

        async def count_rows() -> int:
            # A person is never both ends of one tie, so the two counts add up.
            table = q.relationship
            as_a = loaders.count_by_parent(table, table.c.person_a_id, where=where, name=name)
            as_b = loaders.count_by_parent(table, table.c.person_b_id, where=where, name=name)
            first, second = as_a.load(person_id), as_b.load(person_id)
            return await first + await second

        return page, count_rows


OF_PERSON = RelationshipsOf(ORDERING)


def values_of(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "strength" in data:
        if data["strength"] is None:
            v.fail("strength", "strength is required")
        message = "strength must be between 0 and 1"
        values["strength"] = v.between("strength", data["strength"], 0.0, 1.0, message)
    copy_of(data, values, "since")
    v.texts_of(data, values, source=200)
    return values


def stored_pair(a: int, b: int, kind: RelationshipKind | None) -> tuple[int, int]:
    """Symmetric ties are stored once, lower key first; a mentor stays at A."""
    return (b, a) if kind is not RelationshipKind.MENTOR and a > b else (a, b)


async def create_relationship(context: Context, data: Data) -> models.Relationship:
    v = Validator()
    values = values_of(v, data)
    a = v.reference("personA", data["person_a"], "Person")
    b = v.reference("personB", data["person_b"], "Person")
    if a is not None and a == b:
        v.fail("personB", "a relationship needs two different people")
    v.check()
    assert a is not None  # required, and checked above
    assert b is not None
    refs: References = {"person_a": (a, models.Person), "person_b": (b, models.Person)}
    a, b = stored_pair(a, b, data["kind"])
    values.update(person_a_id=a, person_b_id=b, kind=data["kind"])
    return await crud.create(context, models.Relationship, values, refs)


async def update_relationship(context: Context, data: Data) -> models.Relationship:
    return await crud.update_from(context, models.Relationship, data, values_of)
