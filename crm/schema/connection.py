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
from typing import Any, Generic, Protocol, TypeVar, cast

import strawberry
from strawberry import relay

from crm.db.paging import Page, PageRequest, encode_cursor
from crm.resolvers.listing import CountRows, Listed, OrderBy, Ordering
from crm.schema.info import Info
from crm.schema.inputs import plain
from crm.schema.node import RowNode, ref
from crm.serving.compiled.shape import LISTING

__all__ = ["Connection", "OrderDirection", "connection", "order_input", "page_info"]

NodeType = TypeVar("NodeType", bound=relay.Node)


@strawberry.type(description="A page of a list, with its size and cursors to walk on.")
class Connection(relay.Connection[NodeType], Generic[NodeType]):
    count_rows: strawberry.Private[CountRows]

    @strawberry.field(description="How many items the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count_rows()

    @classmethod
    def from_page(
        cls, page: Page, to_node: Callable[[Any], NodeType], count_rows: CountRows
    ) -> Connection[NodeType]:
        edges = [
            relay.Edge(cursor=encode_cursor(key), node=to_node(row))
            for row, key in zip(page.rows, page.keys, strict=True)
        ]
        return cls(edges=edges, page_info=page_info(page, edges), count_rows=count_rows)


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
    ASC = "asc"
    DESC = "desc"


def order_input(node: str, ordering: Ordering) -> type:
    """The `<node>Order` input and its `<node>OrderField` enum, one value per field of
    the listing's ordering (in its order, with its descriptions)."""
    values = {
        name: strawberry.enum_value(name.lower(), description=field.description)
        for name, field in ordering.items()
    }
    fields = strawberry.enum(cast(type[Enum], Enum(f"{node}OrderField", values)))
    namespace = {
        "__annotations__": {"field": fields, "direction": OrderDirection},
        "direction": OrderDirection.ASC,
    }
    return strawberry.input(type(f"{node}Order", (), namespace))


class Listing(Protocol):
    """What `connection` reads: a listing of `crm.resolvers.listing` (or one like it)."""

    @property
    def ordering(self) -> Ordering: ...

    #: (context, the parent's key or None, request, orderBy, other arguments) → a page
    @property
    def page(self) -> Callable[..., Awaitable[Listed]]: ...


def connection(
    node: str,
    listing: Listing,
    *,
    description: str,
    arguments: Mapping[str, Any] | None = None,
    parent: Callable[[Any], Any] | None = None,
) -> Any:
    """The field of a list of `node` records read by `listing`.

    `arguments` (name → annotation, each optional) come first, then `orderBy` when the
    listing has an ordering, then first/after/last/before. A list of a record (a
    person's affiliations) passes `parent(root)`, by default the record's key; a
    top-level list passes None.
    """
    parent_of = parent or (lambda root: root.id)
    nested = parent is not None or not _is_root(listing)

    async def resolve(root: Any, info: Info, **given: Any) -> Any:
        page_args = {k: given.pop(k) for k in ("first", "after", "last", "before")}
        request = PageRequest.of(**page_args, max_page_size=info.context.settings.max_page_size)
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


def _is_root(listing: Listing) -> bool:
    return bool(getattr(listing, "root", False))


def _order_by(orders: Sequence[Any] | None) -> OrderBy | None:
    if not orders:
        return None
    return [(order.field.name, order.direction is OrderDirection.DESC) for order in orders]


def _parameter(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation | None
    )


_ROOT = inspect.Parameter("root", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Any)
_INFO = inspect.Parameter("info", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Info)
_PAGE_ARGUMENTS = (("first", int), ("after", str), ("last", int), ("before", str))
