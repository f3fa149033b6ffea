"""Where a compiled list reads its rows: the listing's table (a fresh alias below the
root, so a table may appear at several levels of one statement), its parent column and
its order, the same sort keys the listing itself would page by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, FromClause
from sqlalchemy.sql.util import ClauseAdapter

from crm.db.paging import SortKey, with_key
from crm.db.queries import relationship as ties
from crm.resolvers.listing import ChildList, OrderBy, TableList, sort_keys
from crm.resolvers.relationship import RelationshipsOf

__all__ = ["Source", "source_of"]


@dataclass(frozen=True)
class Source:
    rows: FromClause
    #: the column naming the parent (None for a root list)
    parent: ColumnElement[Any] | None
    sort: list[SortKey]
    where: ColumnElement[bool] | None = None


def source_of(listing: Any, order_by: OrderBy | None) -> Source:
    """The rows of `listing` ordered by `order_by` (or its default)."""
    if isinstance(listing, TableList):
        table = listing.table
        sort = with_key(sort_keys(order_by, listing.ordering, listing.default, table), table)
        return Source(table, None, sort)
    if isinstance(listing, ChildList):
        alias = listing.table.alias()
        adapter = ClauseAdapter(alias)
        base = sort_keys(order_by, listing.ordering, listing.default, listing.table)
        sort = [
            SortKey(adapter.traverse(k.column), k.descending, k.nullable)
            for k in with_key(base, listing.table)
        ]
        where = adapter.traverse(listing.where) if listing.where is not None else None
        return Source(alias, alias.c[listing.parent], sort, where)
    if isinstance(listing, RelationshipsOf):
        # every tie seen from both ends (a fresh, unnamed copy of the UNION ALL)
        ends = ties.ends(None).element.subquery()
        sort = sort_keys(order_by, listing.ordering, [SortKey(ends.c.strength, True)], ends)
        sort = [*sort, SortKey(ends.c.id, descending=sort[-1].descending)]
        return Source(ends, ends.c[ties.END], sort)
    raise TypeError(f"not a listing the compiled read path covers: {listing!r}")
