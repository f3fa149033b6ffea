"""The answer's JSON text written by PostgreSQL: a compiled node, with its references
and nested lists, as one text value whose bytes are those the general executor's
answer has once orjson wrote it (compact, keys in selection order, global IDs and
cursors in base64, values as the schema's scalars serialise them).

Python then splices that text into the response without reading it (`orjson.Fragment`)
instead of building a dictionary per node and edge, decoding values and encoding
base64 per global ID and cursor.

Only what SQL can spell byte for byte is rendered. A shape it cannot spell (a JSON or
decimal column, a list, a custom scalar, a float or a text sort key inside a nested
cursor) raises `NotRenderedError` when the operation is prepared: that operation keeps
the Python answer builder. A value it cannot spell (a float beyond the range where
PostgreSQL and orjson write the same digits, an integer beyond GraphQL's 32 bits,
non-ASCII text in a nested cursor, which the cursor encoder escapes) makes the whole
row's text NULL: that request is answered by the Python builder (`answer.py`).
PostgreSQL only; SQLite keeps the Python builder.
"""

from __future__ import annotations

from functools import reduce
from typing import Any

import orjson
from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLScalarType
from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    Float,
    FromClause,
    Integer,
    String,
    Text,
    and_,
    case,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.postgresql import JSONB, aggregate_order_by
from sqlalchemy.types import TypeDecorator, TypeEngine

from crm.db.types import UTCDateTime
from crm.serving.compiled.shape import (
    Connection,
    Edges,
    GlobalId,
    Leaf,
    Nested,
    Node,
    PageInfo,
    Reference,
    Typename,
)
from crm.serving.compiled.source import source_of
from crm.serving.compiled.statement import nested_page
from crm.serving.compiled.values import base_type

__all__ = ["NotRenderedError", "node_text", "typename_text", "wants_cursors"]

_INT32 = (-(2**31), 2**31 - 1)


class NotRenderedError(Exception):
    """The shape holds something SQL does not spell as the general executor does."""


def node_text(node: Node, rows: FromClause) -> ColumnElement[str]:
    """The JSON object of one row of `node` read from `rows` (NULL: not rendered)."""
    parts: list[ColumnElement[str] | str] = []
    for i, field in enumerate(node.fields):
        parts.append(("{" if i == 0 else ",") + _key(field.key))
        if isinstance(field, Typename):
            parts.append(typename_text(field.name))
        elif isinstance(field, GlobalId):
            parts.append(
                _quoted(_standard_base64(_cat(f"{field.type_name}:", cast(rows.c.id, Text))))
            )
        elif isinstance(field, Leaf):
            parts.append(_leaf(field, rows))
        elif isinstance(field, Reference):
            parts.append(_reference(field, rows))
        elif isinstance(field, Nested):
            parts.append(_connection(field.connection, rows))
        else:  # pragma: no cover - the shapes are closed
            raise NotRenderedError(field)
    parts.append("}" if node.fields else "{}")
    return _cat(*parts)


def typename_text(name: str) -> str:
    return orjson.dumps(name).decode()


# -- leaves ----------------------------------------------------------------------------------


def _leaf(field: Leaf, rows: FromClause) -> ColumnElement[str]:
    column = rows.c[field.column]
    scalar = field.scalar
    type_: TypeEngine[Any] = base_type(column.type)
    value: ColumnElement[str]
    decorated = column.type
    if (
        isinstance(decorated, TypeDecorator)
        and not isinstance(decorated, UTCDateTime)
        and type(decorated).process_result_value is not TypeDecorator.process_result_value
    ):
        raise NotRenderedError(field)  # values of its own (AutoString has none)
    if isinstance(scalar, GraphQLEnumType) and isinstance(type_, SAEnum):
        value = _enum(field, column, type_)
    elif isinstance(scalar, GraphQLList) and isinstance(type_, JSON):
        value = _text_list(field, column)
    elif not isinstance(scalar, GraphQLScalarType) or isinstance(type_, SAEnum):
        raise NotRenderedError(field)
    elif scalar.name in ("String", "ID") and isinstance(type_, String):
        value = cast(func.to_json(column), Text)
    elif scalar.name == "Int" and isinstance(type_, Integer):
        value = case((column.between(*_INT32), cast(column, Text)))
    elif scalar.name == "Boolean" and isinstance(type_, Boolean):
        value = case((column, _lit("true")), else_=_lit("false"))
    elif scalar.name == "Float" and isinstance(type_, Float):
        value = _float(column)
    elif scalar.name == "Date" and isinstance(type_, Date):
        value = _quoted(func.to_char(column, _lit("YYYY-MM-DD")))
    elif scalar.name == "DateTime" and isinstance(column.type, UTCDateTime):
        value = _quoted(_timestamp(column))
    else:
        raise NotRenderedError(field)
    return case((column.is_(None), _lit("null")), else_=value)


def _enum(field: Leaf, column: ColumnElement[Any], type_: SAEnum) -> ColumnElement[str]:
    """The GraphQL name of the stored value, as the enum serialises its member."""
    members = type_.enum_class
    if members is None:
        raise NotRenderedError(field)
    try:
        names = [(m.value, orjson.dumps(field.serialize(m)).decode()) for m in members]
    except Exception as exc:
        raise NotRenderedError(field) from exc
    stored = cast(column, Text)
    return case(*((stored == _lit(value), _lit(name)) for value, name in names))


def _text_list(field: Leaf, column: ColumnElement[Any]) -> ColumnElement[str]:
    """A JSON array of strings (and nulls) as `[String]` or `[SomeEnum]`; NULL when it
    holds anything else (the String scalar refuses lists and objects, spells numbers
    its own way; an enum refuses a value it does not know)."""
    item = field.scalar.of_type
    while isinstance(item, GraphQLNonNull):
        item = item.of_type
    elements = (
        func.jsonb_array_elements(cast(column, JSONB))
        .table_valued("value", with_ordinality="n")
        .render_derived()
    )
    value = elements.c.value
    kind = func.jsonb_typeof(value)
    raw = value.op("#>>", return_type=Text)(_lit("{}"))
    spelled: ColumnElement[Any]
    if isinstance(item, GraphQLScalarType) and item.name == "String":
        spelled = cast(func.to_json(raw), Text)
    elif isinstance(item, GraphQLEnumType):
        spelled = case(*((raw == _lit(v), _lit(n)) for v, n in _enum_names(field, item)))
    else:
        raise NotRenderedError(field)
    spelled = case((kind == _lit("null"), _lit("null")), else_=spelled)
    joined = func.string_agg(spelled, aggregate_order_by(_lit(","), elements.c.n))
    plain = func.count().filter(kind.notin_([_lit("string"), _lit("null")])) == 0
    known = func.count().filter(spelled.is_(None)) == 0
    whole = case((and_(plain, known), _cat("[", func.coalesce(joined, _lit("")), "]")))
    return select(whole).select_from(elements).correlate_except(elements).scalar_subquery()


def _enum_names(field: Leaf, enum: GraphQLEnumType) -> list[tuple[str, str]]:
    """(stored text, JSON of the GraphQL name) for every value of `enum`."""
    names = []
    for value in enum.values.values():
        stored = getattr(value.value, "value", value.value)
        if not isinstance(stored, str):
            raise NotRenderedError(field)
        try:
            names.append((stored, orjson.dumps(enum.serialize(stored)).decode()))
        except Exception as exc:
            raise NotRenderedError(field) from exc
    return names


def _float(column: ColumnElement[Any]) -> ColumnElement[str]:
    """orjson's spelling of a float where PostgreSQL's shortest digits are the same:
    integral values below 10^15 with `.0`, others in [10^-4, 10^15); NULL elsewhere."""
    size = func.abs(column)
    return case(
        (and_(column == func.trunc(column), size < 1e15), cast(column, Text) + _lit(".0")),
        (and_(size >= 1e-4, size < 1e15), cast(column, Text)),
    )


def _timestamp(column: ColumnElement[Any]) -> ColumnElement[str]:
    """`datetime.isoformat()` of an aware UTC value: microseconds only when not zero."""
    utc = func.timezone(_lit("UTC"), column)
    micro = func.to_char(utc, _lit("US"))
    return _cat(
        func.to_char(utc, _lit('YYYY-MM-DD"T"HH24:MI:SS')),
        case((micro == _lit("000000"), _lit("")), else_=_cat(".", micro)),
        "+00:00",
    )


# -- references and nested lists ---------------------------------------------------------------


def _reference(field: Reference, rows: FromClause) -> ColumnElement[str]:
    target = field.node.table.alias()
    found = (
        select(node_text(field.node, target))
        .select_from(target)
        .where(target.c.id == rows.c[field.column])
        .correlate(rows)
        .scalar_subquery()
    )
    return case((rows.c[field.column].is_(None), _lit("null")), else_=found)


def _connection(connection: Connection, parent: FromClause) -> ColumnElement[str]:
    """The nested list's page as an object: the listing's keyset page (its sort keys,
    cursor conditions and `limit + 1` rows), one per parent row."""
    source = source_of(connection.listing, connection.order_by)
    cursors = wants_cursors(connection)
    columns = [node_text(connection.node, source.rows).label("_node")]
    if cursors:
        columns.append(_cursor([key.column for key in source.sort]).label("_cursor"))
    page = nested_page(connection.request, source, parent, columns)
    text = _connection_object(connection, page, parent)
    shown = page.c._rank <= connection.request.limit
    missing: ColumnElement[bool] = page.c._node.is_(None)
    if cursors:
        missing = missing | page.c._cursor.is_(None)
    complete = func.count().filter(and_(shown, missing)) == 0
    return select(case((complete, text))).select_from(page).scalar_subquery()


def _connection_object(
    connection: Connection, page: FromClause, parent: FromClause
) -> ColumnElement[str]:
    request = connection.request
    reverse = request.backwards
    shown = page.c._rank <= request.limit
    more = case((func.count() > request.limit, _lit("true")), else_=_lit("false"))
    has_next = more if not reverse else _lit(_bool(request.before is not None))
    has_previous = more if reverse else _lit(_bool(request.after is not None))
    parts: list[ColumnElement[str] | str] = []
    for i, field in enumerate(connection.fields):
        key = field[1] if isinstance(field, tuple) else field.key
        parts.append(("{" if i == 0 else ",") + _key(key))
        if isinstance(field, tuple):
            parts.append(cast(_count(connection, parent), Text))
        elif isinstance(field, Typename):
            parts.append(typename_text(field.name))
        elif isinstance(field, PageInfo):
            first = _one_cursor(page, shown, last=False)
            last = _one_cursor(page, shown, last=True)
            info: dict[str, ColumnElement[str] | str] = {
                "hasNextPage": has_next,
                "hasPreviousPage": has_previous,
                "startCursor": last if reverse else first,
                "endCursor": first if reverse else last,
                "__typename": typename_text(field.type_name),
            }
            for j, (info_key, name) in enumerate(field.fields):
                parts.extend([("{" if j == 0 else ",") + _key(info_key), info[name]])
            parts.append("}" if field.fields else "{}")
        elif isinstance(field, Edges):
            parts.append(_edges(field, page, shown, reverse=reverse))
    parts.append("}" if connection.fields else "{}")
    return _cat(*parts)


def _edges(
    field: Edges, page: FromClause, shown: ColumnElement[bool], *, reverse: bool
) -> ColumnElement[str]:
    parts: list[ColumnElement[str] | str] = []
    for i, (key, name) in enumerate(field.fields):
        parts.append(("{" if i == 0 else ",") + _key(key))
        if name == "cursor":
            parts.append(page.c._cursor)
        elif name == "node":
            parts.append(page.c._node)
        else:
            parts.append(typename_text(field.type_name))
    parts.append("}" if field.fields else "{}")
    rank = page.c._rank.desc() if reverse else page.c._rank
    joined = func.string_agg(_cat(*parts), aggregate_order_by(_lit(","), rank)).filter(shown)
    return _cat("[", func.coalesce(joined, _lit("")), "]")


def _one_cursor(page: FromClause, shown: ColumnElement[bool], *, last: bool) -> ColumnElement[str]:
    """The cursor of the page's first (or last) row by rank; `null` on an empty page."""
    rank = page.c._rank.desc() if last else page.c._rank
    joined = func.string_agg(page.c._cursor, aggregate_order_by(_lit(" "), rank)).filter(shown)
    return func.coalesce(func.split_part(joined, _lit(" "), 1), _lit("null"))


def _count(connection: Connection, parent: FromClause) -> ColumnElement[Any]:
    source = source_of(connection.listing, None)
    assert source.parent is not None
    count = select(func.count()).select_from(source.rows).where(source.parent == parent.c.id)
    if source.where is not None:
        count = count.where(source.where)
    return count.correlate(parent).scalar_subquery()


def wants_cursors(connection: Connection) -> bool:
    """Does the answer show a cursor of the connection (an edge's, the page's)?"""
    for field in connection.fields:
        if isinstance(field, Edges) and any(name == "cursor" for _, name in field.fields):
            return True
        if isinstance(field, PageInfo) and any(n.endswith("Cursor") for _, n in field.fields):
            return True
    return False


# -- cursors -----------------------------------------------------------------------------------


def _cursor(columns: list[ColumnElement[Any]]) -> ColumnElement[str]:
    """`crm.db.paging.encode_cursor` of the row's sort values: their tagged compact JSON
    list in URL-safe base64 without padding (NULL: a value it escapes differently)."""
    parts: list[ColumnElement[str] | str] = []
    for i, column in enumerate(columns):
        parts.extend(["[" if i == 0 else ",", _cursor_value(column)])
    parts.append("]")
    encoded = func.translate(_standard_base64(_cat(*parts)), _lit("+/"), _lit("-_"))
    return _quoted(func.rtrim(encoded, _lit("=")))


def _cursor_value(column: ColumnElement[Any]) -> ColumnElement[str]:
    type_ = base_type(column.type)
    value: ColumnElement[str]
    if isinstance(type_, SAEnum):  # the member's value
        values = type_.enums
        if any(not v.isascii() or not v.isprintable() or '"' in v or "\\" in v for v in values):
            raise NotRenderedError(column)
        value = cast(func.to_json(cast(column, Text)), Text)
    elif isinstance(type_, String):
        # non-ASCII text is escaped by the standard library's encoder: not spelled here
        ascii_only = func.octet_length(column) == func.char_length(column)
        value = case((ascii_only, cast(func.to_json(column), Text)))
    elif isinstance(type_, Boolean):
        value = case((column, _lit("true")), else_=_lit("false"))
    elif isinstance(type_, Integer):
        value = cast(column, Text)
    elif isinstance(column.type, UTCDateTime):
        value = _cat('{"t":"', _timestamp(column), '"}')
    elif isinstance(type_, Date):
        value = _cat('{"d":"', func.to_char(column, _lit("YYYY-MM-DD")), '"}')
    else:  # floats, decimals: the standard library's spelling
        raise NotRenderedError(column)
    return case((column.is_(None), _lit("null")), else_=value)


# -- text ----------------------------------------------------------------------------------------


def _standard_base64(text: ColumnElement[str]) -> ColumnElement[str]:
    """Base64 of the UTF-8 text, without the line breaks PostgreSQL adds every 76."""
    encoded = func.encode(func.convert_to(text, _lit("UTF8")), _lit("base64"))
    return func.translate(encoded, func.chr(10), _lit(""))


def _quoted(text: ColumnElement[str]) -> ColumnElement[str]:
    return _cat('"', text, '"')


def _key(key: str) -> str:
    return orjson.dumps(key).decode() + ":"


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _lit(text: str) -> ColumnElement[str]:
    """A constant of the statement's text (names, punctuation: no bound parameter)."""
    return literal_column("'" + text.replace("'", "''") + "'", Text)


def _cat(*parts: ColumnElement[str] | str) -> ColumnElement[str]:
    """`a || b || …` (NULL if any part is NULL), adjacent constants merged."""
    merged: list[ColumnElement[str] | str] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    elements = [_lit(p) if isinstance(p, str) else p for p in merged]
    return reduce(lambda a, b: a.op("||", return_type=Text)(b), elements)
