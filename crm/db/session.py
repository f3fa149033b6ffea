"""One PostgreSQL connection per request, shared by the request's sessions in turn.

Resolvers and DataLoader batches open a short session each (an `AsyncSession` must never
be used by two of them at once). Each used to check a connection out of the pool, ping
it (`pool_pre_ping`), and hand it back: for a page of people with their affiliations,
half the statements a request sent were pings. A request now checks one connection out
(not pinged: see `RequestConnection.read_all` and `crm.db.engine`) when it first needs
one; a session opened while no other session of the
request holds it runs on it, in its own transaction as before; one opened while it is
taken (two DataLoader batches at once) takes a pooled connection of its own, so nothing
ever waits for another session and transactions stay what each session makes of them.
"""

from __future__ import annotations

from contextlib import suppress
from types import TracebackType
from typing import Any

from sqlalchemy import Executable, Row
from sqlalchemy.exc import DBAPIError, PendingRollbackError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

__all__ = ["RequestConnection", "lease_of", "request_session_factory"]


class RequestConnection:
    """The connection a request's sessions take turns on (checked out on first use)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._connection: AsyncConnection | None = None
        self._taken = False
        self._closed = False
        #: sessions that ran on this connection, and those that needed one of their own
        self.shared = 0
        self.separate = 0
        #: reads run again on a fresh connection after the first one turned out dead
        self.retried = 0

    async def take(self) -> AsyncConnection | None:
        """The connection, or None if another session holds it (use the pool then)."""
        if self._taken or self._closed:
            self.separate += 1
            return None
        self._taken = True
        try:
            if self._connection is None:
                self._connection = await self._engine.connect()
        except BaseException:
            self._taken = False
            raise
        self.shared += 1
        return self._connection

    async def read(self, statement: Executable) -> Row[Any] | None:
        """The first row of one read-only statement, outside any transaction (autocommit:
        no BEGIN and no ROLLBACK round trips); None also when the connection is taken."""
        rows = await self.read_all(statement)
        return rows[0] if rows else None

    async def read_all(self, statement: Executable) -> list[Row[Any]] | None:
        """The rows of one read-only statement, outside any transaction, as `read`; None
        when the connection is taken (read through a session then).

        Pooled connections are not pinged before use (`CRM_POOL_PRE_PING`): if the
        connection turns out dead (the database restarted), the statement runs once more
        on a fresh one; SQLAlchemy has by then marked every older pooled connection for
        replacement."""
        connection = await self.take()
        if connection is None:
            return None
        try:
            try:
                return await _read_outside_transaction(connection, statement)
            except DBAPIError as exc:
                if not exc.connection_invalidated:
                    raise
            with suppress(PendingRollbackError):
                # refused for the dead transaction, yet it ends it, so close() can run
                await connection.rollback()
            await self._discard()
            self._connection = connection = await self._engine.connect()
            self.retried += 1
            return await _read_outside_transaction(connection, statement)
        finally:
            await self.give_back()

    async def give_back(self) -> None:
        connection = self._connection
        try:
            if connection is not None and connection.in_transaction():
                await connection.rollback()  # a session left its transaction open
        except BaseException:
            await self._discard()
            raise
        finally:
            self._taken = False
        if self._closed:  # the request ended while this session still ran
            await self._discard()

    async def close(self) -> None:
        """Return the connection to the pool (at the end of the request)."""
        self._closed = True
        if self._connection is not None and not self._taken:
            await self._discard()

    async def _discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            await connection.close()


async def _read_outside_transaction(
    connection: AsyncConnection, statement: Executable
) -> list[Row[Any]]:
    await connection.execution_options(isolation_level="AUTOCOMMIT")
    try:
        rows = list((await connection.execute(statement)).all())
        await connection.rollback()  # ends SQLAlchemy's own bookkeeping only
    finally:
        if not connection.invalidated:
            default = connection.dialect.default_isolation_level
            await connection.execution_options(isolation_level=default)
    return rows


class LeasedSession(AsyncSession):
    """A session that runs on the request's connection when it is free."""

    def __init__(self, *args: Any, lease: RequestConnection | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._lease = lease
        self._leased = False

    async def __aenter__(self) -> LeasedSession:
        if self._lease is not None:
            connection = await self._lease.take()
            if connection is not None:
                self.sync_session.bind = connection.sync_connection
                self._leased = True
        return self

    async def __aexit__(
        self,
        type_: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            await super().__aexit__(type_, value, traceback)
        finally:
            if self._leased and self._lease is not None:
                self._leased = False
                await self._lease.give_back()


def request_session_factory(
    engine: AsyncEngine, lease: RequestConnection
) -> async_sessionmaker[AsyncSession]:
    """Sessions for one request, as `create_session_factory` makes them, on `lease`."""
    return async_sessionmaker(engine, class_=LeasedSession, expire_on_commit=False, lease=lease)


def lease_of(factory: async_sessionmaker[AsyncSession]) -> RequestConnection | None:
    """The request connection a `request_session_factory` runs on (None for others)."""
    lease = factory.kw.get("lease")
    return lease if isinstance(lease, RequestConnection) else None
