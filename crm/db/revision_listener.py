"""What this process knows of the data revision without a round trip, for the response
cache and the token cache.

Two sources, both kept in memory:
- the machine's counter (crm/db/machine_revision.py), which every process of this machine
  moves right after a write's COMMIT lands, before that write's answer is sent;
- on PostgreSQL, the highest data revision the database has notified on
  `REVISION_CHANNEL` (writes from other machines, or from a process that does not share
  this machine's run folder): one connection per process LISTENs, then reads the
  current revision, then follows the notifications.

`KnownRevision.current()` is the pair, or None while it cannot be trusted: before the
listening connection has read the revision, and from the moment it is lost until it is
back (callers then read the revision from the database, as before). A write from
another machine is seen once its notification arrives, which PostgreSQL sends at its
commit: the bound for those writes is that delivery (milliseconds), not zero.
The connection sends TCP keepalives, so a silently dead one is found within ~20 s;
the response cache's TTL bounds what it could miss meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url

from crm.db.data_revision import REVISION_CHANNEL, write_generation
from crm.db.machine_revision import MachineCounter

__all__ = ["KnownRevision"]

log = logging.getLogger(__name__)

_CURRENT = "SELECT revision FROM data_state WHERE id = 1"
_RETRY_SECONDS = (0.5, 1.0, 2.0, 5.0)
#: a silently dead listening connection is noticed after ~10 + 3 × 3 s
_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
}


class KnownRevision:
    def __init__(self, database_url: str, counter: MachineCounter) -> None:
        self._database_url = database_url
        self._counter = counter
        self._postgres = make_url(database_url).get_backend_name() == "postgresql"
        #: the highest revision notified (or read) since listening began; None: unknown
        self._notified: int | None = None if self._postgres else 0
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    def current(self) -> tuple[int, int] | None:
        """The revision as known in memory (it moves with every write this machine commits
        and every one the database notified), or None when only the database knows."""
        notified = self._notified
        if notified is None:
            return None
        return (self._counter.value, notified)

    def generation(self) -> tuple[int, tuple[int, int] | None]:
        """What a kept token viewer depends on: this process's write generation and the
        known revision (crm.security.auth.TokenCache)."""
        return (write_generation(), self.current())

    async def start(self, wait_seconds: float = 5.0) -> None:
        """Start listening (PostgreSQL) and wait up to `wait_seconds` for it; until then
        `current()` is None."""
        if not self._postgres or self._listener is not None:
            return
        self._listener = asyncio.create_task(self._listen(), name="crm-revision-listener")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._listening.wait(), wait_seconds)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        if self._postgres:
            self._notified = None

    async def _listen(self) -> None:
        url = make_url(self._database_url).set(drivername="postgresql")
        conninfo = make_conninfo(url.render_as_string(hide_password=False), **_KEEPALIVES)
        attempt = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    conninfo, autocommit=True
                ) as connection:
                    await connection.execute(f"LISTEN {REVISION_CHANNEL}")
                    # after LISTEN: a revision committed from now on is notified
                    cursor = await connection.execute(_CURRENT)
                    row = await cursor.fetchone()
                    if row is not None:
                        self._notified = int(row[0])
                        self._listening.set()
                        attempt = 0
                    async for notification in connection.notifies():
                        self._receive(notification.payload)
            except psycopg.Error as error:
                log.warning("listening for data revisions failed: %s", error)
            self._notified = None
            self._listening.clear()
            await asyncio.sleep(_RETRY_SECONDS[min(attempt, len(_RETRY_SECONDS) - 1)])
            attempt += 1

    def _receive(self, payload: str) -> None:
        try:
            revision = int(payload)
        except ValueError:
            log.warning("ignoring a malformed data revision notification: %r", payload)
            return
        if self._notified is not None and revision > self._notified:
            self._notified = revision
