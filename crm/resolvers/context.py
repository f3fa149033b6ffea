"""The typed per-request context every resolver receives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from uuid import uuid4

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import crm.security.writes  # noqa: F401 - checks every write of a request's sessions
from crm.db.audit import REQUEST_ID_KEY
from crm.db.broker import ChangeBroker
from crm.db.history import ACTOR_KEY
from crm.network.cache import GraphCache
from crm.network.live_cache import LiveGraphCache
from crm.network.worker import AnalysisService
from crm.resolvers.loaders import Loaders
from crm.security.throttle import SignInThrottle
from crm.security.viewer import Viewer
from crm.settings import Settings


@dataclass
class Context:
    settings: Settings
    session_factory: async_sessionmaker[AsyncSession]
    #: the process's graph of the network (the app keeps one; None outside it)
    graph_cache: GraphCache | None = None
    #: the process's committed changes, for subscriptions (the app keeps one)
    changes: ChangeBroker | None = None
    #: the process's background-analysis queue (the app keeps one)
    analysis: AnalysisService | None = None
    #: the machine's compact graph, when `graph_engine` is "compact" (paths, ego networks)
    live_graph: LiveGraphCache | None = None
    request_id: str = field(default_factory=lambda: uuid4().hex)
    #: the payload of a websocket's `connection_init` (strawberry sets it)
    connection_params: dict[str, object] | None = None
    #: who is asking (None: not signed in; only `login` is open to them)
    viewer: Viewer | None = None
    #: failed sign-ins of this process (the app keeps one; None: no limit)
    sign_in_throttle: SignInThrottle | None = None
    #: the client's address (the TCP peer, or what a trusted proxy forwarded)
    client_address: str | None = None
    #: contact channels this request returned: person key → field names (audited)
    contact_reads: dict[int, set[str]] = field(default_factory=dict)
    #: fields this request may not read, (parent type, field) → why: each answers
    #: FORBIDDEN where it is selected, the rest of the document is answered
    refused_fields: dict[tuple[str, str], str] = field(default_factory=dict)
    #: the operation's cost as the cost limit measured it (crm.security.cost)
    query_cost: int = 0
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
            # The data layer's write checks (crm.security.writes) read who is asking here.
            session.info["viewer"] = self.viewer
            # Stage and status histories name who moved them (crm.db.history).
            session.info[ACTOR_KEY] = self.viewer.user_id if self.viewer else None
            # The audit log (crm.db.audit) names the request each entry came from.
            session.info[REQUEST_ID_KEY] = self.request_id
            yield session

    @property
    def signed_in(self) -> Viewer:
        """The viewer of a request the access gate let through (never None there)."""
        if self.viewer is None:
            raise PermissionError("not signed in")
        return self.viewer
