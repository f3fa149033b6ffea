"""Per-request DataLoaders: one batched `WHERE … IN (…)` per relationship and key.

The registry creates a loader the first time a resolver asks for it, keyed by what
it loads (a table, a parent column, an ordering and a page), so every resolver of
the same request that needs the same thing shares one batch. Each batch opens its
own short session: resolvers run concurrently and must never share one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, Table, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from crm.db.paging import Page, PageRequest, SortKey, fetch_pages_by_parent
from crm.db.queries import common
from crm.db.queries import list as lists
from crm.db.queries import user as users

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

OpenSession = Callable[[], AbstractAsyncContextManager[AsyncSession]]


class Loaders:
    def __init__(self, open_session: OpenSession) -> None:
        self._open_session = open_session
        self._loaders: dict[Hashable, DataLoader[Any, Any]] = {}

    def _get(
        self, key: Hashable, load: Callable[[AsyncSession, list[K]], Awaitable[list[V]]]
    ) -> DataLoader[K, V]:
        loader = self._loaders.get(key)
        if loader is None:

            async def batch(keys: list[K]) -> list[V]:
                async with self._open_session() as session:
                    return await load(session, keys)

            loader = DataLoader(load_fn=batch)
            self._loaders[key] = loader
        return loader

    def row_by_id(self, table: Table) -> DataLoader[int, Row[Any] | None]:
        """RowByIdLoader: a table's rows by primary key."""

        async def load(session: AsyncSession, ids: list[int]) -> list[Row[Any] | None]:
            found = await common.rows_by_ids(session, table=table, ids=ids)
            return [found.get(i) for i in ids]

        return self._get(("row_by_id", table.name), load)

    def shared_with(self, user_id: int) -> DataLoader[int, bool]:
        """SharedWithLoader: whether each person was shared with this liaison officer."""

        async def load(session: AsyncSession, person_ids: list[int]) -> list[bool]:
            found = await users.shared_person_ids(session, user_id, person_ids)
            return [pid in found for pid in person_ids]

        return self._get(("shared_with", user_id), load)

    def list_access(self, user_id: int) -> DataLoader[int, tuple[int | None, bool | None]]:
        """ListAccessLoader: each list's owner and this user's share of it (None: not
        shared; else whether they may edit); (None, None) for a list that is gone."""

        async def load(
            session: AsyncSession, list_ids: list[int]
        ) -> list[tuple[int | None, bool | None]]:
            found = await lists.access_of(session, list_ids, user_id)
            return [found.get(i, (None, None)) for i in list_ids]

        return self._get(("list_access", user_id), load)

    def list_shares(self) -> DataLoader[int, list[Row[Any]]]:
        """ListSharesLoader: each list's shares, with the users' names."""

        async def load(session: AsyncSession, list_ids: list[int]) -> list[list[Row[Any]]]:
            by_list: dict[int, list[Row[Any]]] = {i: [] for i in list_ids}
            for row in await lists.shares_of(session, list_ids):
                by_list[row.list_id].append(row)
            return [by_list[i] for i in list_ids]

        return self._get(("list_shares",), load)

    def page_by_parent(
        self,
        table: Table,
        parent: ColumnElement[Any],
        sort: Sequence[SortKey],
        request: PageRequest,
        *,
        where: ColumnElement[bool] | None = None,
        name: str = "",
    ) -> DataLoader[Any, Page]:
        """PageByParentLoader: one page of child rows for each parent key."""
        statement = _filtered(table, where)

        async def load(session: AsyncSession, parent_ids: list[Any]) -> list[Page]:
            pages = await fetch_pages_by_parent(
                session, statement, parent, parent_ids, sort, request
            )
            return [pages[pid] for pid in parent_ids]

        key = ("page_by_parent", table.name, str(parent), name, _sort_key(sort), _req_key(request))
        return self._get(key, load)

    def count_by_parent(
        self,
        table: Table,
        parent: ColumnElement[Any],
        *,
        where: ColumnElement[bool] | None = None,
        name: str = "",
    ) -> DataLoader[Any, int]:
        """CountByParentLoader: how many child rows each parent key has."""
        statement = _filtered(table, where)

        async def load(session: AsyncSession, parent_ids: list[Any]) -> list[int]:
            counts = await common.counts_by_parent(
                session, statement=statement, parent=parent, parent_ids=parent_ids
            )
            return [counts[pid] for pid in parent_ids]

        return self._get(("count_by_parent", table.name, str(parent), name), load)

    def page_by_parent_over(
        self,
        statement: Select[Any],
        parent: ColumnElement[Any],
        sort: Sequence[SortKey],
        request: PageRequest,
        *,
        name: str,
    ) -> DataLoader[Any, Page]:
        """PageByParentOverLoader: one page per parent key over any SELECT that holds the
        parent column (a join through a link table, a UNION of both ends of a link).

        `name` tells statements apart in the registry: give different names to
        statements that differ, in their parameters too.
        """

        async def load(session: AsyncSession, parent_ids: list[Any]) -> list[Page]:
            pages = await fetch_pages_by_parent(
                session, statement, parent, parent_ids, sort, request
            )
            return [pages[pid] for pid in parent_ids]

        key = ("page_by_parent_over", name, str(parent), _sort_key(sort), _req_key(request))
        return self._get(key, load)

    def count_by_parent_over(
        self, statement: Select[Any], parent: ColumnElement[Any], *, name: str
    ) -> DataLoader[Any, int]:
        """CountByParentOverLoader: rows per parent key over any SELECT (see above)."""

        async def load(session: AsyncSession, parent_ids: list[Any]) -> list[int]:
            counts = await common.counts_by_parent(
                session, statement=statement, parent=parent, parent_ids=parent_ids
            )
            return [counts[pid] for pid in parent_ids]

        return self._get(("count_by_parent_over", name, str(parent)), load)


def _filtered(table: Table, where: ColumnElement[bool] | None) -> Select[Any]:
    statement = select(table)
    return statement if where is None else statement.where(where)


def _sort_key(sort: Sequence[SortKey]) -> tuple[Any, ...]:
    return tuple((str(k.column), k.descending, k.nullable) for k in sort)


def _req_key(request: PageRequest) -> tuple[Any, ...]:
    return (
        request.first,
        tuple(request.after) if request.after is not None else None,
        request.last,
        tuple(request.before) if request.before is not None else None,
    )
