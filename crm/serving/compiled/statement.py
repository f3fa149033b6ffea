"""One SQL statement per root field: the root's rows as plain columns, and everything
below them (references, nested lists and their counts) as correlated subqueries that
return JSON arrays (PostgreSQL's json_build_array/json_agg, SQLite's
json_array/json_group_array).

A nested list is the listing's own keyset page (the same sort keys, cursor conditions
and `limit + 1` rows as `crm.db.paging`), one per parent row, read by the index on the
parent column. A node's expressions come in a fixed order that `answer.py` reads back:
its columns (`Node.columns()`), then one per reference, then per nested list its page
and, when asked for, its count.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    ColumnElement,
    FromClause,
    Select,
    Subquery,
    Text,
    cast,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Dialect

from crm.db.paging import PageRequest, after_condition, order_by, sort_values
from crm.serving.compiled.shape import Connection, Nested, Node, Reference
from crm.serving.compiled.source import Source, source_of
from crm.serving.compiled.values import base_type as _base
from crm.serving.compiled.values import in_json

__all__ = ["count_statement", "json_valued", "nested_page", "node_columns", "page_statement"]


def node_columns(
    node: Node, rows: FromClause, dialect: Dialect, *, nested: bool
) -> list[ColumnElement[Any]]:
    """The expressions of one row of `node` read from `rows` (inside JSON if `nested`)."""
    columns: list[ColumnElement[Any]] = [
        in_json(rows.c[name], dialect) if nested else rows.c[name] for name in node.columns()
    ]
    for field in node.fields:
        if isinstance(field, Reference):
            columns.append(_top(_reference(field, rows, dialect), dialect, nested=nested))
        elif isinstance(field, Nested):
            connection = field.connection
            columns.append(_top(_page(connection, rows, dialect), dialect, nested=nested))
            if connection.counted:
                columns.append(_count(connection, rows))
    return [c.label(f"_c{i}") for i, c in enumerate(columns)]


def json_valued(node: Node) -> list[bool]:
    """Which of `node_columns` hold JSON (SQLite must be told so when it nests them)."""
    flags = [isinstance(_base(node.table.c[name].type), JSON) for name in node.columns()]
    for field in node.fields:
        if isinstance(field, Reference):
            flags.append(True)
        elif isinstance(field, Nested):
            flags.append(True)
            if field.connection.counted:
                flags.append(False)
    return flags


def page_statement(connection: Connection, dialect: Dialect) -> tuple[Select[Any], Source]:
    """A root list's page statement before paging (crm.db.paging.fetch_page pages it),
    with the list's count as its last column when asked for."""
    source = source_of(connection.listing, connection.order_by)
    columns = node_columns(connection.node, source.rows, dialect, nested=False)
    if connection.counted:
        count = select(func.count()).select_from(source.rows).scalar_subquery()
        columns.append(count.label("_count"))
    return select(*columns).select_from(source.rows), source


def count_statement(connection: Connection) -> Select[Any]:
    """A root list's count, for an empty page (no row to carry it)."""
    source = source_of(connection.listing, connection.order_by)
    return select(func.count()).select_from(source.rows)


def _reference(field: Reference, rows: FromClause, dialect: Dialect) -> ColumnElement[Any]:
    target = field.node.table.alias()
    columns = node_columns(field.node, target, dialect, nested=True)
    array = _array(columns, json_valued(field.node), dialect)
    return (
        select(array)
        .select_from(target)
        .where(target.c.id == rows.c[field.column])
        .correlate(rows)
        .scalar_subquery()
    )


def nested_page(
    request: PageRequest,
    source: Source,
    parent: FromClause,
    columns: Sequence[ColumnElement[Any]],
) -> Subquery:
    """A nested list's keyset page, one per `parent` row: the listing's sort keys, cursor
    conditions and `limit + 1` rows of `source`, each row `columns` and its `_rank` in
    the page's order (what the Python builder and the JSON text both read)."""
    assert source.parent is not None
    ordered = order_by(source.sort, reverse=request.backwards)
    inner = (
        select(*columns, func.row_number().over(order_by=ordered).label("_rank"))
        .select_from(source.rows)
        .where(source.parent == parent.c.id)
    )
    if source.where is not None:
        inner = inner.where(source.where)
    if request.after is not None:
        inner = inner.where(after_condition(source.sort, request.after))
    if request.before is not None:
        inner = inner.where(after_condition(source.sort, request.before, reverse=True))
    return inner.order_by(*ordered).limit(request.limit + 1).correlate(parent).subquery()


def _page(connection: Connection, parent: FromClause, dialect: Dialect) -> ColumnElement[Any]:
    source = source_of(connection.listing, connection.order_by)
    columns = [
        *node_columns(connection.node, source.rows, dialect, nested=True),
        *sort_values(source.sort),
    ]
    page = nested_page(connection.request, source, parent, columns)
    flags = [*json_valued(connection.node), *(False for _ in source.sort)]
    row = _array([c for c in page.c if c.key != "_rank"], flags, dialect)
    if dialect.name == "postgresql":
        rows = func.json_agg(aggregate_order_by(row, page.c._rank))
    else:  # SQLite aggregates in the order of the subquery's rows
        rows = func.json_group_array(row)
    return select(rows).select_from(page).scalar_subquery()


def _count(connection: Connection, parent: FromClause) -> ColumnElement[Any]:
    source = source_of(connection.listing, None)
    assert source.parent is not None
    count = select(func.count()).select_from(source.rows).where(source.parent == parent.c.id)
    if source.where is not None:
        count = count.where(source.where)
    return count.correlate(parent).scalar_subquery()


def _array(
    columns: list[ColumnElement[Any]], json_flags: list[bool], dialect: Dialect
) -> ColumnElement[Any]:
    if dialect.name == "postgresql":
        return func.json_build_array(*columns)
    # SQLite nests a JSON value only if it comes straight from a JSON function
    marked = [func.json(c) if flag else c for c, flag in zip(columns, json_flags, strict=True)]
    return func.json_array(*marked)


def _top(value: ColumnElement[Any], dialect: Dialect, *, nested: bool) -> ColumnElement[Any]:
    """A JSON subquery's value: as is inside another JSON array, as text at the top
    (decoded by orjson, faster than the driver's JSON loader)."""
    if dialect.name == "postgresql" and not nested:
        return cast(value, Text)
    return value
