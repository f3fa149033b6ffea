"""Relay connections with totalCount, built from keyset pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy.engine import Row
from strawberry import relay

from crm.db.queries.paging import Page
from crm.resolvers.paging import encode_cursor

NodeType = TypeVar("NodeType", bound=relay.Node)


@strawberry.type(description="A page of a list, with its size and cursors to walk on.")
class Connection(relay.Connection[NodeType], Generic[NodeType]):
    count_rows: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count_rows()

    @classmethod
    def from_page(
        cls,
        page: Page,
        to_node: Callable[[Row[Any]], NodeType],
        count_rows: Callable[[], Awaitable[int]],
    ) -> Connection[NodeType]:
        edges = [
            relay.Edge(cursor=encode_cursor(key), node=to_node(row))
            for row, key in zip(page.rows, page.keys, strict=True)
        ]
        return cls(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            count_rows=count_rows,
        )


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"
