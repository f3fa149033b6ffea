"""Runs a compiled operation and builds its answer: the same keys, order, global IDs,
cursors, page info and serialised values as the general executor gives.

Root rows arrive as plain columns (SQLAlchemy's own values); everything below them as
JSON, whose values `values.decoder` turns back into the plain row's values first.

On PostgreSQL, an operation whose shapes `text.py` can spell is first answered with
the nodes' JSON text written by the statement itself (`Prepared.texts`), spliced into
the answer as `orjson.Fragment`s; a row it could not spell (NULL text) and the
`compiled_json` setting switched off take the Python builder below.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.engine import Dialect, Row
from strawberry.relay import to_base64

from crm.db.paging import PageRequest, encode_cursor, page_of_rows, paged_statement
from crm.serving.compiled.shape import (
    Connection,
    ConnectionRoot,
    Edges,
    GlobalId,
    Leaf,
    Nested,
    Node,
    NodeRoot,
    PageInfo,
    Reference,
    Root,
    Typename,
)
from crm.serving.compiled.source import source_of
from crm.serving.compiled.statement import count_statement, node_columns, page_statement
from crm.serving.compiled.text import NotRenderedError, node_text, wants_cursors
from crm.serving.compiled.values import decoder

__all__ = ["TEXT_COUNTS", "NodeNotFoundError", "Prepared", "TextCounts", "answer", "prepare"]


class NodeNotFoundError(Exception):
    """`node(id:)` found no row: the general executor looks for a merged record."""


@dataclass(frozen=True)
class Prepared:
    """An operation's shapes and their statements, built once for all its requests."""

    root: Root
    dialect: Dialect
    #: per root field: its statement (None for `__typename`)
    statements: list[Select[Any] | None]
    #: per root field: its statement writing the nodes' JSON text; None for the whole
    #: operation when SQL cannot spell it (or not on PostgreSQL)
    texts: list[Select[Any] | None] | None = None


@dataclass
class TextCounts:
    """Answers of this process whose nodes PostgreSQL wrote, and those that fell back to
    the Python builder because a row's text was NULL (tests read them)."""

    written: int = 0
    fallback: int = 0


TEXT_COUNTS = TextCounts()


def prepare(root: Root, dialect: Dialect) -> Prepared:
    statements: list[Select[Any] | None] = []
    for field in root.fields:
        if isinstance(field, NodeRoot):
            table = field.node.table
            columns = node_columns(field.node, table, dialect, nested=False)
            statement = select(*columns).select_from(table).where(table.c.id == field.row_key)
            statements.append(statement)
        elif isinstance(field, ConnectionRoot):
            connection = field.connection
            statement, source = page_statement(connection, dialect)
            statements.append(paged_statement(statement, source.sort, connection.request))
        else:
            statements.append(None)
    return Prepared(root, dialect, statements, _texts(root, dialect))


def _texts(root: Root, dialect: Dialect) -> list[Select[Any] | None] | None:
    if dialect.name != "postgresql":
        return None
    texts: list[Select[Any] | None] = []
    try:
        for field in root.fields:
            if isinstance(field, NodeRoot):
                table = field.node.table
                text = node_text(field.node, table).label("_json")
                texts.append(select(text).select_from(table).where(table.c.id == field.row_key))
            elif isinstance(field, ConnectionRoot):
                connection = field.connection
                source = source_of(connection.listing, connection.order_by)
                columns: list[ColumnElement[Any]] = [
                    node_text(connection.node, source.rows).label("_json")
                ]
                if connection.counted:
                    count = select(func.count()).select_from(source.rows).scalar_subquery()
                    columns.append(count.label("_count"))
                statement = select(*columns).select_from(source.rows)
                texts.append(paged_statement(statement, source.sort, connection.request))
            else:
                texts.append(None)
    except NotRenderedError:
        return None
    return texts


#: runs one read-only statement, returns its rows
Read = Callable[[Select[Any]], Awaitable[list[Row[Any]]]]


async def answer(prepared: Prepared, read: Read, *, sql_json: bool = True) -> dict[str, Any]:
    """The `data` of the operation, one statement per root field (the nodes as JSON text
    written by PostgreSQL when it can and `sql_json`; orjson writes it as it is)."""
    if sql_json and prepared.texts is not None:
        written = await _written(prepared, prepared.texts, read)
        if written is not None:
            TEXT_COUNTS.written += 1
            return written
        TEXT_COUNTS.fallback += 1
    data: dict[str, Any] = {}
    reader = _Reader(prepared.dialect, plain=True)
    for field, statement in zip(prepared.root.fields, prepared.statements, strict=True):
        if isinstance(field, Typename) or statement is None:
            data[field.key] = field.name if isinstance(field, Typename) else None
            continue
        rows = await read(statement)
        if isinstance(field, NodeRoot):
            if not rows:
                raise NodeNotFoundError
            data[field.key] = reader.node(field.node, rows[0])
            continue
        connection = field.connection
        page = page_of_rows(rows, connection.sort, connection.request)
        total: int | None = None
        if connection.counted:
            if page.rows:
                total = page.rows[0]._count
            else:  # no row carries the count
                total = int((await read(count_statement(connection)))[0][0])
        nodes = [reader.node(connection.node, row) for row in page.rows]
        data[field.key] = _connection(
            connection, nodes, page.keys, page.has_next_page, page.has_previous_page, total
        )
    return data


async def _written(
    prepared: Prepared, texts: list[Select[Any] | None], read: Read
) -> dict[str, Any] | None:
    """The `data` with the nodes' text from PostgreSQL; None if a row's text is NULL."""
    data: dict[str, Any] = {}
    for field, statement in zip(prepared.root.fields, texts, strict=True):
        if isinstance(field, Typename) or statement is None:
            data[field.key] = field.name if isinstance(field, Typename) else None
            continue
        rows = await read(statement)
        if isinstance(field, NodeRoot):
            if not rows:
                raise NodeNotFoundError
            if rows[0][0] is None:
                return None
            data[field.key] = orjson.Fragment(rows[0][0])
            continue
        connection = field.connection
        page = page_of_rows(rows, connection.sort, connection.request)
        if any(row[0] is None for row in page.rows):
            return None
        total: int | None = None
        if connection.counted:
            if page.rows:
                total = page.rows[0]._count
            else:
                total = int((await read(count_statement(connection)))[0][0])
        nodes = [orjson.Fragment(row[0]) for row in page.rows]
        data[field.key] = _connection(
            connection, nodes, page.keys, page.has_next_page, page.has_previous_page, total
        )
    return data


def _connection(
    connection: Connection,
    nodes: Sequence[Any],
    keys: Sequence[tuple[Any, ...]],
    has_next: bool,
    has_previous: bool,
    total: int | None,
) -> dict[str, Any]:
    # cursors only when asked for (Q2 asks for none of its 300)
    cursors = [encode_cursor(key) for key in keys] if wants_cursors(connection) else []
    shown: list[str | None] = list(cursors)
    out: dict[str, Any] = {}
    for field in connection.fields:
        if isinstance(field, tuple):
            out[field[1]] = total
        elif isinstance(field, Typename):
            out[field.key] = field.name
        elif isinstance(field, PageInfo):
            info = {
                "hasNextPage": has_next,
                "hasPreviousPage": has_previous,
                "startCursor": cursors[0] if cursors else None,
                "endCursor": cursors[-1] if cursors else None,
                "__typename": field.type_name,
            }
            out[field.key] = {key: info[name] for key, name in field.fields}
        elif isinstance(field, Edges):
            out[field.key] = [
                _edge(field, cursor, node)
                for cursor, node in zip(shown or [None] * len(nodes), nodes, strict=True)
            ]
    return out


def _edge(field: Edges, cursor: str | None, node: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, name in field.fields:
        if name == "cursor":
            out[key] = cursor
        elif name == "node":
            out[key] = node
        else:
            out[key] = field.type_name
    return out


class _Reader:
    """Reads rows (plain or JSON arrays) of nodes in the layout of `node_columns`."""

    def __init__(self, dialect: Dialect, *, plain: bool) -> None:
        self.dialect = dialect
        self.plain = plain
        self._below: _Reader | None = None
        #: per node of the plan (alive while its answer is built): its columns' names and
        #: decoders, found once per answer instead of once per row
        self._columns: dict[int, list[tuple[str, Callable[[Any], Any]]]] = {}

    def nested(self) -> _Reader:
        if not self.plain:
            return self
        if self._below is None:
            self._below = _Reader(self.dialect, plain=False)
        return self._below

    def decode(self, node: Node, column: str) -> Callable[[Any], Any]:
        return decoder(node.table.c[column].type, self.dialect)

    def _decoders(self, node: Node) -> list[tuple[str, Callable[[Any], Any]]]:
        found = self._columns.get(id(node))
        if found is None:
            found = [(name, self.decode(node, name)) for name in node.columns()]
            self._columns[id(node)] = found
        return found

    def node(self, node: Node, row: Sequence[Any]) -> dict[str, Any]:
        columns = self._decoders(node)
        if self.plain:
            values = {name: row[i] for i, (name, _) in enumerate(columns)}
        else:
            values = {name: decode(row[i]) for i, (name, decode) in enumerate(columns)}
        position = len(columns)
        below = self.nested()
        out: dict[str, Any] = {}
        for field in node.fields:
            if isinstance(field, Typename):
                out[field.key] = field.name
            elif isinstance(field, GlobalId):
                out[field.key] = to_base64(field.type_name, values["id"])
            elif isinstance(field, Leaf):
                out[field.key] = field.serialize(values[field.column])
            elif isinstance(field, Reference):
                value = _json(row[position], self.plain)
                position += 1
                out[field.key] = below.node(field.node, value) if value is not None else None
            elif isinstance(field, Nested):
                connection = field.connection
                rows = _json(row[position], self.plain) or []
                position += 1
                total = None
                if connection.counted:
                    total = int(row[position])
                    position += 1
                out[field.key] = below.page(connection, rows, total)
        return out

    def page(self, connection: Connection, rows: list[Any], total: int | None) -> dict[str, Any]:
        request: PageRequest = connection.request
        more = len(rows) > request.limit
        rows = rows[: request.limit]
        reverse = request.backwards
        if reverse:
            rows.reverse()
        sort = connection.sort
        width = len(sort)
        decoders = [decoder(key.column.type, self.dialect) for key in sort]
        keys = [tuple(d(v) for d, v in zip(decoders, row[-width:], strict=True)) for row in rows]
        nodes = [self.node(connection.node, row) for row in rows]
        return _connection(
            connection,
            nodes,
            keys,
            more if not reverse else request.before is not None,
            more if reverse else request.after is not None,
            total,
        )


def _json(value: Any, plain: bool) -> Any:
    """A JSON subquery's value: text at the root (decoded here), parsed below it."""
    if plain and isinstance(value, str | bytes):
        return orjson.loads(value)
    return value
