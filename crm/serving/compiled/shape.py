"""What a compiled operation reads and answers: a tree of shapes, one per root field.

The planner (`plan.py`) builds it from a validated document; `statement.py` turns each
root shape into one SQL statement and `answer.py` the statement's rows into the answer,
in the order and spelling the general executor gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table

from crm.db.paging import PageRequest, SortKey
from crm.resolvers.listing import OrderBy

__all__ = [
    "LISTING",
    "REFERENCE",
    "Connection",
    "ConnectionRoot",
    "Edges",
    "GlobalId",
    "Leaf",
    "Nested",
    "Node",
    "NodeRoot",
    "PageInfo",
    "Reference",
    "Root",
    "Typename",
]

#: the strawberry field metadata naming a connection's listing (crm.schema.connection)
LISTING = "crm_listing"
#: the strawberry field metadata naming a reference's (node type, column) (crm.schema.node)
REFERENCE = "crm_reference"


@dataclass(frozen=True)
class Typename:
    key: str
    name: str


@dataclass(frozen=True)
class GlobalId:
    key: str
    type_name: str


@dataclass(frozen=True)
class Leaf:
    """A column's value, serialised as the schema's scalar or enum does."""

    key: str
    column: str
    serialize: Callable[[Any], Any]
    #: the GraphQL scalar, enum or list type, for the answer written by SQL (text.py)
    scalar: Any = None


@dataclass(frozen=True)
class Reference:
    """A to-one link: the record whose key the row's `column` holds (null without one)."""

    key: str
    column: str
    node: Node


@dataclass(frozen=True)
class Nested:
    """A connection below a node (a person's affiliations)."""

    key: str
    connection: Connection


NodeField = Typename | GlobalId | Leaf | Reference | Nested


@dataclass(frozen=True)
class Node:
    type_name: str
    table: Table
    fields: list[NodeField]

    def columns(self) -> list[str]:
        """The row's columns the answer needs: the key, the leaves', the references'."""
        names = ["id"]
        for f in self.fields:
            column = f.column if isinstance(f, Leaf | Reference) else None
            if column is not None and column not in names:
                names.append(column)
        return names


@dataclass(frozen=True)
class PageInfo:
    key: str
    #: (response key, field name: hasNextPage, …, __typename)
    fields: list[tuple[str, str]]
    type_name: str = "PageInfo"


@dataclass(frozen=True)
class Edges:
    key: str
    #: (response key, "cursor" | "node" | "__typename")
    fields: list[tuple[str, str]]
    type_name: str
    node: Node | None


ConnectionField = Typename | PageInfo | Edges | tuple[str, str]  # ("totalCount", key)


@dataclass(frozen=True)
class Connection:
    #: the listing declaration (crm.resolvers.listing, or RelationshipsOf)
    listing: Any
    order_by: OrderBy | None
    request: PageRequest
    fields: list[ConnectionField]
    node: Node
    #: the listing's sort keys (their types decode the cursors' values)
    sort: list[SortKey]

    @property
    def counted(self) -> bool:
        return any(isinstance(f, tuple) for f in self.fields)


@dataclass(frozen=True)
class ConnectionRoot:
    """A root list (people, organizations)."""

    key: str
    connection: Connection


@dataclass(frozen=True)
class NodeRoot:
    """`node(id:)` of a record type the planner covers."""

    key: str
    node: Node
    row_key: int


@dataclass(frozen=True)
class Root:
    """A whole operation: its root fields in order (`__typename` among them)."""

    fields: list[ConnectionRoot | NodeRoot | Typename] = field(default_factory=list)
