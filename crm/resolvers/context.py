"""The typed per-request context every resolver receives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.types import Info as StrawberryInfo

from crm.db.broker import ChangeBroker
from crm.network.cache import GraphCache
from crm.resolvers.loaders import Loaders
from crm.settings import Settings


@dataclass
class Context:
    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    #: the process's graph of the network (the app keeps one; None outside it)
    graph_cache: GraphCache | None = None
    #: the process's committed changes, for subscriptions (the app keeps one)
    changes: ChangeBroker | None = None
    request_id: str = field(default_factory=lambda: uuid4().hex)
    #: the payload of a websocket's `connection_init` (strawberry sets it)
    connection_params: dict[str, object] | None = None
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.db)

    def renew_loaders(self) -> None:
        """Forget what the loaders have read. A websocket keeps one context for its whole
        connection, so a subscription renews them for each event it delivers."""
        self.loaders = Loaders(self.db)

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        """A short-lived session for one resolver or one DataLoader batch.

        Resolvers run concurrently; each opens its own session, so no two of them
        ever share one (an AsyncSession is not safe for concurrent use).
        """
        async with self.session_factory() as session:
            yield session


Info = StrawberryInfo[Context, None]
