"""Hands the committed changes (`crm.db.notify`) to this process's subscribers.

One `ChangeBroker` per process (the app keeps it). On PostgreSQL it holds one
connection that LISTENs on the channel every process notifies, started with the first
subscription and closed at shutdown, and fans each notification out to the subscribers
in this process; on SQLite it receives the changes this process commits. Each
subscriber has a bounded queue: one that falls `queue_size` changes behind is ended
(`ChangesLostError`) rather than silently losing some, so its client knows to re-read and
subscribe again. A lost LISTEN connection ends every subscription the same way (the
changes committed meanwhile are unknown) and is reconnected.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import psycopg
from sqlalchemy.engine import make_url

from crm.db.notify import CHANNEL, Change, add_local_listener, remove_local_listener

__all__ = ["ChangeBroker", "ChangesLostError", "Subscriber"]

log = logging.getLogger(__name__)

#: how long a new subscription waits for the LISTEN connection before giving up
LISTEN_TIMEOUT_SECONDS = 10.0
_RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)


class ChangesLostError(Exception):
    """A subscription cannot go on without missing changes; `code` says why."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


FELL_BEHIND = "SUBSCRIBER_FELL_BEHIND"
UNAVAILABLE = "LIVE_UPDATES_UNAVAILABLE"


class Subscriber:
    """The changes for one subscription, in commit order, at most `limit` waiting."""

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._items: deque[Change] = deque()
        self._wake = asyncio.Event()
        self._failure: ChangesLostError | None = None

    def offer(self, change: Change) -> None:
        if self._failure is not None:
            return
        if len(self._items) >= self._limit:
            message = f"more than {self._limit} changes waited for this subscription"
            self.fail(ChangesLostError(f"{message}; re-read and subscribe again", FELL_BEHIND))
            return
        self._items.append(change)
        self._wake.set()

    def fail(self, failure: ChangesLostError) -> None:
        if self._failure is None:
            self._failure = failure
            self._items.clear()
            self._wake.set()

    def __aiter__(self) -> Subscriber:
        return self

    async def __anext__(self) -> Change:
        while not self._items:
            if self._failure is not None:
                raise self._failure
            self._wake.clear()
            await self._wake.wait()
        return self._items.popleft()


class ChangeBroker:
    def __init__(self, database_url: str, *, queue_size: int) -> None:
        self._database_url = database_url
        self._queue_size = queue_size
        self._postgres = make_url(database_url).get_backend_name() == "postgresql"
        self._subscribers: set[Subscriber] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()
        self._closed = False

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Subscriber]:
        """A subscriber that receives every change committed from now until it leaves."""
        await self._start()
        subscriber = Subscriber(self._queue_size)
        self._subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            self._subscribers.discard(subscriber)

    async def close(self) -> None:
        self._closed = True
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        elif self._loop is not None:
            remove_local_listener(self._database_url, self._from_any_thread)
        self._fail_all("the server is shutting down")

    async def _start(self) -> None:
        if self._closed:
            raise ChangesLostError("the server is shutting down", UNAVAILABLE)
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            if self._postgres:
                self._listener = asyncio.create_task(self._listen(), name="crm-listen")
            else:
                add_local_listener(self._database_url, self._from_any_thread)
                self._listening.set()
        try:
            await asyncio.wait_for(self._listening.wait(), LISTEN_TIMEOUT_SECONDS)
        except TimeoutError:
            message = "live updates are unavailable: the database does not answer"
            raise ChangesLostError(message, UNAVAILABLE) from None

    def _fan_out(self, changes: list[Change]) -> None:
        for subscriber in list(self._subscribers):
            for change in changes:
                subscriber.offer(change)

    def _from_any_thread(self, changes: list[Change]) -> None:
        # Called where the transaction committed; subscribers live on the app's loop.
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._fan_out, changes)

    def _fail_all(self, reason: str) -> None:
        for subscriber in list(self._subscribers):
            subscriber.fail(ChangesLostError(f"{reason}; re-read and subscribe again", UNAVAILABLE))

    async def _listen(self) -> None:
        conninfo = make_url(self._database_url).set(drivername="postgresql")
        attempt = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    conninfo.render_as_string(hide_password=False), autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    attempt = 0
                    async for notification in connection.notifies():
                        self._receive(notification.payload)
            except psycopg.Error as error:
                log.warning("listening for changes failed: %s", error)
            self._listening.clear()
            self._fail_all("the connection that listens for changes was lost")
            await asyncio.sleep(_RETRY_SECONDS[min(attempt, len(_RETRY_SECONDS) - 1)])
            attempt += 1

    def _receive(self, payload: str) -> None:
        try:
            change = Change.decode(payload)
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed change notification: %r", payload)
            return
        self._fan_out([change])
