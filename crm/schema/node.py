"""Node types backed by one table row, resolvable by global ID through a DataLoader;
and the fields that name one such record from another (`reference`).

Node types name each other across modules (a person's affiliations, an affiliation's
person): `ref("Affiliation")` is the type as a lazy annotation, resolved when the schema
is built, and `RowNode.named` the class at run time, so no schema module imports
another's just to point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, ClassVar, Self

import strawberry
from sqlalchemy import Table
from sqlmodel import SQLModel
from strawberry import relay

from crm.db.queries.common import table_of
from crm.resolvers.ids import record_key
from crm.resolvers.merge import survivors_of
from crm.schema.info import Info
from crm.schema.inputs import described
from crm.schema.values import from_attributes
from crm.security.viewer import Viewer
from crm.serving.compiled.shape import REFERENCE

__all__ = ["CREATED_AT", "UPDATED_AT", "VERSION", "RowNode", "Versioned", "ref", "reference"]

#: the fields every record type has
VERSION = (
    "Goes up by one with every change; send it back as `expectedVersion` to update or "
    "delete, so a change made meanwhile is not overwritten."
)
CREATED_AT = "When the record was created (UTC)."
UPDATED_AT = "When the record was last changed (UTC)."

#: node types that live in another domain's module than their snake_case name says
_HOMES = {
    "ApplicationStageChange": "application",
    "ProjectStageChange": "project",
    "IntroductionStatusChange": "introduction",
    "Consent": "privacy",
    "ApiToken": "user",
    "AuditEntry": "audit",
    "ListMember": "list",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def ref(name: str, *, of: str | None = None) -> Any:
    """The schema type `name` as a lazy annotation: a node type, or a type of node `of`'s
    module (its order input, say)."""
    home = of or name
    return Annotated[name, strawberry.lazy(f"crm.schema.{_HOMES.get(home, _snake(home))}")]


class RowNode(relay.Node):
    """A Node whose fields are the columns of one table (set `model`)."""

    model: ClassVar[type[SQLModel]]
    #: every row node type by its name, for fields that point at one
    _types: ClassVar[dict[str, type[RowNode]]] = {}

    id: relay.NodeID[int]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        RowNode._types[cls.__name__] = cls

    @classmethod
    def named(cls, name: str) -> type[RowNode]:
        return cls._types[name]

    @classmethod
    def table(cls) -> Table:
        return table_of(cls.model)

    @classmethod
    def from_row(cls, row: Any, **given: Any) -> Self:
        """Build the node from a Row or an ORM object (attribute access on both); fields
        `given` where the row names them otherwise."""
        node = from_attributes(cls, row, **given)
        # `id` is declared here, on a class that is not a dataclass, so it is set apart.
        node.id = row.id
        return node

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        node_ids = list(node_ids)
        viewer = info.context.viewer
        if viewer is None or not viewer.can_read_type(cls.__strawberry_definition__.name):  # type: ignore[attr-defined]
            # A type the caller may not read looks exactly like a missing record.
            return [None] * len(node_ids)
        keys = [_key(node_id) for node_id in node_ids]
        loader = info.context.loaders.row_by_id(cls.table())
        rows = await loader.load_many([k for k in keys if k is not None])
        found = {row.id: row for row in rows if row is not None}
        # An ID merged away resolves to the record that absorbed it.
        missing = [k for k in keys if k is not None and k not in found]
        context = info.context
        survivors = await survivors_of(context, cls.table().name, missing) if missing else {}
        for row in await loader.load_many(list(set(survivors.values()))):
            if row is not None:
                found[row.id] = row
        keys = [survivors.get(k, k) if k is not None else None for k in keys]
        return [
            cls.from_row(found[k]) if k in found and cls.visible(viewer, found[k]) else None
            for k in keys
        ]

    @classmethod
    def visible(cls, viewer: Viewer, row: Any) -> bool:
        """May the viewer see this row of a type they read? (Every row, unless a type
        says otherwise: a user's tokens are theirs.)"""
        return True


@strawberry.interface(
    description="A record that changes (as `VersionedRecord` rows do): its version, for "
    "optimistic concurrency, and its timestamps."
)
class Versioned:
    """Declared once for every record type whose table is versioned: `class
    Person(RowNode, Versioned)`."""

    version: int = described(VERSION)
    created_at: datetime = described(CREATED_AT)
    updated_at: datetime = described(UPDATED_AT)


def reference(
    name: str,
    column: str,
    *,
    description: str | None = None,
    required: bool = False,
    field_name: str | None = None,
) -> Any:
    """A field holding the `name` record whose key the row's `column` holds (null when
    the column is), read through the request's batched loader; `field_name` names the
    GraphQL field where the Python attribute cannot (a builtin's name)."""

    async def resolve(root: Any, info: Info) -> Any:
        key = getattr(root, column)
        if key is None:
            return None
        node = RowNode.named(name)
        row = await info.context.loaders.row_by_id(node.table()).load(key)
        return node.from_row(row) if row is not None else None

    resolve.__annotations__["return"] = ref(name) if required else ref(name) | None
    # what the compiled read path (crm/serving/compiled) reads instead of calling `resolve`
    metadata = {REFERENCE: (name, column)}
    return strawberry.field(
        resolver=resolve, description=description, name=field_name, metadata=metadata
    )


def _key(node_id: str) -> int | None:
    try:
        return record_key(node_id)
    except ValueError:
        return None
