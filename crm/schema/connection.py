"""Lists as Relay connections, declared once per list with `connection(...)`.

A list's field is its node type and its listing (`crm.resolvers.listing`: what rows,
in which orders, filtered how). `connection` builds the field: the `orderBy` argument
(its enum made by `order_input` from the listing's ordering, the declaration that also
holds the SQL sort columns), the filter or other arguments given, and first/after/
last/before; it hands the listing plain values and wraps its page as a Connection.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping, Sequence
from enum import Enum
from typing import Annotated, Any, Generic, Protocol, Self, TypeVar, cast, get_origin

import strawberry
from strawberry import relay
from strawberry.utils.str_converters import to_camel_case

from crm.db.paging import DEFAULT_PAGE_SIZE, Page, PageRequest, encode_cursor
from crm.resolvers.listing import CountRows, Listed, OrderBy, OrderField, Ordering
from crm.schema.info import Info
from crm.schema.inputs import FILTER_ARGUMENT, described, plain
from crm.schema.node import RowNode, ref
from crm.serving.compiled.shape import LISTING

__all__ = [
    "After",
    "Before",
    "Connection",
    "Edge",
    "First",
    "Last",
    "OrderDirection",
    "connection",
    "list_query",
    "order_input",
    "page_info",
    "page_request",
]

#: what a list holds: records (nodes), or items built from rows (a timeline's entries)
NodeType = TypeVar("NodeType")


@strawberry.type(description="An item of a page, and where it stands in the list.")
class Edge(Generic[NodeType]):
    cursor: str = described(
        "The item's place in the list: give it as `after` or `before` to page on from here."
    )
    node: NodeType = described("The item.")


@strawberry.type(description="A page of a list, with its size and cursors to walk on.")
class Connection(Generic[NodeType]):
    """A page of records (`Connection[Person]` is `PersonConnection`) or, subclassed
    under a name of its own, of items that are no records (`TimelineConnection`): the
    Relay connection shape, for any item."""

    edges: list[Edge[NodeType]] = described("The page's items, in order.")
    page_info: relay.PageInfo = described(
        "Whether there are pages before and after this one, and its first and last cursors."
    )
    count_rows: strawberry.Private[CountRows]

    @strawberry.field(description="How many items the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count_rows()

    @classmethod
    def from_page(
        cls, page: Page, to_node: Callable[[Any], NodeType], count_rows: CountRows
    ) -> Self:
        edges = [
            Edge(cursor=encode_cursor(key), node=to_node(row))
            for row, key in zip(page.rows, page.keys, strict=True)
        ]
        return cls(edges=edges, page_info=page_info(page, edges), count_rows=count_rows)


def page_request(info: Info, **arguments: Any) -> PageRequest:
    """The page a field's first/after/last/before ask for, within the server's maximum."""
    return PageRequest.of(**arguments, max_page_size=info.context.settings.max_page_size)


def page_info(page: Page, edges: Sequence[Any]) -> relay.PageInfo:
    """The PageInfo of a page whose edges (with their cursors) are `edges`."""
    return relay.PageInfo(
        has_next_page=page.has_next_page,
        has_previous_page=page.has_previous_page,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = strawberry.enum_value("asc", description="Smallest, earliest or A first.")
    DESC = strawberry.enum_value("desc", description="Largest, latest or Z first.")


def order_input(
    node: str, ordering: Ordering, *, descriptions: Mapping[str, str] | None = None
) -> type:
    """The `<node>Order` input and its `<node>OrderField` enum, one value per field of
    the listing's ordering (in its order), described by `descriptions`, the ordering, or
    else the node type's field of the column it sorts by (declared before)."""
    given = descriptions or {}
    values = {
        name: strawberry.enum_value(
            name.lower(), description=_order_description(node, field, given.get(name))
        )
        for name, field in ordering.items()
    }
    fields = strawberry.enum(
        cast(type[Enum], Enum(f"{node}OrderField", values)),
        description=f"What a list of {node} records can be sorted by.",
    )
    namespace = {
        "__annotations__": {"field": fields, "direction": OrderDirection},
        "field": described("The value to sort by."),
        "direction": strawberry.field(
            default=OrderDirection.ASC, description="Ascending (the default) or descending."
        ),
    }
    return strawberry.input(
        type(f"{node}Order", (), namespace),
        description=f"One sort key of a list of {node} records; a list of them sorts by "
        "the first, then the next on ties (the ID always breaks the last tie).",
    )


def _order_description(node: str, order: OrderField, given: str | None) -> str | None:
    text = given or order.description
    if text is None and isinstance(order.column, str):
        fields = RowNode.named(node).__strawberry_definition__.fields  # type: ignore[attr-defined]
        field = next((f for f in fields if f.python_name == order.column), None)
        if field is not None:
            name = field.graphql_name or to_camel_case(field.python_name)
            meaning = (field.description or "").rstrip(".")
            text = f"By `{name}`" + (f": {meaning[:1].lower()}{meaning[1:]}." if meaning else ".")
    if text is not None and order.nullable:
        text += " Records without a value come last either way."
    return text


class Listing(Protocol):
    """What `connection` reads: a listing of `crm.resolvers.listing` (or one like it)."""

    @property
    def ordering(self) -> Ordering: ...

    #: (context, the parent's key or None, request, orderBy, other arguments) → a page
    @property
    def page(self) -> Callable[..., Awaitable[Listed]]: ...


def connection(
    listing: Listing,
    description: str,
    *,
    node: str | None = None,
    arguments: Mapping[str, Any] | None = None,
    parent: Callable[[Any], Any] | None = None,
) -> Any:
    """The field of a list of records read by `listing`, described by `description`.

    The records are of the node type its table names (`agreement_party` →
    AgreementParty), or `node` for a listing of no one table. `arguments` (name →
    annotation, each optional; `Annotated[…, strawberry.argument(description=…)]` to
    describe one, a filter is described already) come first, then `orderBy` when the
    listing has an ordering, then first/after/last/before, described here once for
    every list. A list of a record (a person's affiliations) passes `parent(root)`, by
    default the record's key; a top-level list passes None.
    """
    node = node or _node_of(listing)
    parent_of = parent or (lambda root: root.id)
    nested = parent is not None or not _is_root(listing)

    async def resolve(root: Any, info: Info, **given: Any) -> Any:
        page_args = {k: given.pop(k) for k in ("first", "after", "last", "before")}
        request = page_request(info, **page_args)
        order_by = _order_by(given.pop("order_by", None))
        values = {name: plain(value) for name, value in given.items()}
        key = parent_of(root) if nested else None
        page, count_rows = await listing.page(info.context, key, request, order_by, **values)
        return Connection.from_page(page, RowNode.named(node).from_row, count_rows)

    parameters = [_parameter(name, annotation) for name, annotation in (arguments or {}).items()]
    if listing.ordering:
        parameters.append(_parameter("order_by", list[ref(f"{node}Order", of=node)]))  # type: ignore[misc]
    parameters += [_parameter(n, t) for n, t in _PAGE_ARGUMENTS]
    resolve.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [_ROOT, _INFO, *parameters],
        return_annotation=Connection[ref(node)],  # type: ignore[misc]
    )
    # what the compiled read path (crm/serving/compiled) reads instead of calling `resolve`
    metadata = {LISTING: listing, "crm_node": node, "crm_nested": nested}
    return strawberry.field(resolver=resolve, description=description, metadata=metadata)


def list_query(
    node: type[RowNode],
    field: str,
    listing: Listing,
    filter: type,
    description: str | None = None,
) -> type:
    """`<Node>Query`: a record type's top-level list, `<field>(filter: …, orderBy: …,
    first, after, last, before)`; described by default as filtered and ordered pages."""
    default = f"{field.capitalize()}, filtered and ordered, a page at a time."
    listed = connection(
        listing, description or default, node=node.__name__, arguments={"filter": filter}
    )
    namespace = {field: listed, "__module__": node.__module__}
    return strawberry.type(type(f"{node.__name__}Query", (), namespace))


def _node_of(listing: Listing) -> str:
    table = cast(Any, listing).table  # a TableList's or ChildList's (the Protocol has none)
    return "".join(part.title() for part in table.name.split("_"))


def _is_root(listing: Listing) -> bool:
    return bool(getattr(listing, "root", False))


def _order_by(orders: Sequence[Any] | None) -> OrderBy | None:
    if not orders:
        return None
    return [(order.field.name, order.direction is OrderDirection.DESC) for order in orders]


def _parameter(name: str, annotation: Any) -> inspect.Parameter:
    """An optional keyword argument; described by `annotation` or else by its name."""
    optional: Any
    if get_origin(annotation) is Annotated:
        optional = Annotated[annotation.__origin__ | None, *annotation.__metadata__]
    else:
        described = strawberry.argument(description=_ARGUMENT_DESCRIPTIONS.get(name))
        optional = Annotated[annotation | None, described]
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=optional
    )


_ROOT = inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Any)
_INFO = inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info)
_PAGE_ARGUMENTS = (("first", int), ("after", str), ("last", int), ("before", str))
_ARGUMENT_DESCRIPTIONS = {
    "filter": FILTER_ARGUMENT.description,
    "order_by": "Sort keys, the first deciding; none: the list's own order.",
    "first": f"Page size reading forwards (0 to the server's maximum, by default 100); "
    f"with neither first nor last, {DEFAULT_PAGE_SIZE}.",
    "after": "Start after this cursor (an edge's `cursor` or `pageInfo.endCursor`).",
    "last": "Page size reading backwards from the end (or from `before`); not with first.",
    "before": "End before this cursor (an edge's `cursor` or `pageInfo.startCursor`).",
}

#: the paging arguments of a field that pages by hand (a timeline), described as above
First = Annotated[int | None, strawberry.argument(description=_ARGUMENT_DESCRIPTIONS["first"])]
After = Annotated[str | None, strawberry.argument(description=_ARGUMENT_DESCRIPTIONS["after"])]
Last = Annotated[int | None, strawberry.argument(description=_ARGUMENT_DESCRIPTIONS["last"])]
Before = Annotated[str | None, strawberry.argument(description=_ARGUMENT_DESCRIPTIONS["before"])]
