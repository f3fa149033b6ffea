"""Filters combinable with and/or/not, orderings, and IDs inside filters."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Any, Protocol, TypeVar

from graphql import GraphQLError
from sqlalchemy import ColumnElement, and_, false, func, not_, or_, true
from strawberry import relay

from crm.db.queries.paging import SortKey

MAX_FILTER_DEPTH = 5


class Combinable(Protocol):
    """A filter input with the and/or/not combinators."""

    @property
    def and_(self) -> Sequence[Any] | None: ...
    @property
    def or_(self) -> Sequence[Any] | None: ...
    @property
    def not_(self) -> Any | None: ...


F = TypeVar("F", bound=Combinable)


def condition_of(
    filter_: F | None, own: Callable[[F], list[ColumnElement[bool]]], depth: int = 0
) -> ColumnElement[bool] | None:
    """The SQL condition of a filter: its own fields AND-ed, then and/or/not."""
    if filter_ is None:
        return None
    if depth > MAX_FILTER_DEPTH:
        raise GraphQLError(
            f"filters nest at most {MAX_FILTER_DEPTH} levels deep",
            extensions={"code": "BAD_USER_INPUT"},
        )
    parts = own(filter_)
    for sub in filter_.and_ or []:
        parts.append(_or_true(condition_of(sub, own, depth + 1)))
    if filter_.or_:
        parts.append(or_(*(_or_true(condition_of(sub, own, depth + 1)) for sub in filter_.or_)))
    if filter_.not_ is not None:
        inner = condition_of(filter_.not_, own, depth + 1)
        # A condition on a NULL column is unknown, and NOT unknown is unknown too;
        # "not in GB" should include people with no country, so unknown counts as false.
        parts.append(not_(func.coalesce(inner, false())) if inner is not None else false())
    return and_(*parts) if parts else None


def _or_true(condition: ColumnElement[bool] | None) -> ColumnElement[bool]:
    """An empty filter matches everything."""
    return true() if condition is None else condition


class Order(Protocol):
    @property
    def field(self) -> Enum: ...
    @property
    def direction(self) -> Enum: ...


def sort_keys(
    order_by: Sequence[Order] | None,
    columns: Mapping[str, tuple[ColumnElement[Any], bool]],
    default: Sequence[SortKey] = (),
) -> list[SortKey]:
    """SortKeys for an orderBy list; `columns` maps each order field's value to
    (column, nullable)."""
    if not order_by:
        return list(default)
    keys = []
    for order in order_by:
        column, nullable = columns[order.field.value]
        keys.append(SortKey(column, descending=order.direction.value == "desc", nullable=nullable))
    return keys


def keys_of(field: str, ids: Sequence[relay.GlobalID] | None, *types: str) -> list[int]:
    """Keys behind the global IDs of a filter field; an ID of another type is an error."""
    keys = []
    for gid in ids or []:
        if gid.type_name not in types:
            raise GraphQLError(
                f"`{field}` takes IDs of {' or '.join(types)}, not of {gid.type_name}",
                extensions={"code": "BAD_USER_INPUT"},
            )
        try:
            keys.append(int(gid.node_id))
        except ValueError as exc:
            raise GraphQLError(
                f"`{field}` holds an invalid ID", extensions={"code": "BAD_USER_INPUT"}
            ) from exc
    return keys
