"""Node types backed by one table row, resolvable by global ID through a DataLoader."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, ClassVar, Self

from sqlalchemy import Table
from sqlmodel import SQLModel
from strawberry import relay

from crm.db.queries.common import table_of
from crm.resolvers.context import Info
from crm.resolvers.merge import survivors_of
from crm.security.viewer import Viewer


class RowNode(relay.Node):
    """A Node whose fields are the columns of one table (set `model`)."""

    model: ClassVar[type[SQLModel]]

    id: relay.NodeID[int]

    @classmethod
    def table(cls) -> Table:
        return table_of(cls.model)

    @classmethod
    def from_row(cls, row: Any) -> Self:
        """Build the node from a Row or an ORM object (attribute access on both)."""
        node = cls(**{name: getattr(row, name) for name in _column_fields(cls)})
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
        survivors = await survivors_of(info, cls.table().name, missing) if missing else {}
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


_FIELDS: dict[type, tuple[str, ...]] = {}


def _column_fields(cls: type) -> tuple[str, ...]:
    """The dataclass fields set from columns (cached per class)."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return fields


def _key(node_id: str) -> int | None:
    try:
        return int(node_id)
    except ValueError:
        return None
