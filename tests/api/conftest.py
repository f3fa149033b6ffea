"""A GraphQL client on the app, per backend, with the test's rows removed afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.app import create_app
from crm.db.enums import UserRole
from crm.db.models import AuditEntry
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.conftest import _empty_tables

AuditCount = Callable[[], Awaitable[int]]


class GraphQLClient:
    """Sends operations as one signed-in user (`token`), or anonymously (None).

    With `audit_count`, every mutation that `mutate` sees succeed must have added to
    the audit log: so the whole suite checks that each write it makes is audited.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str | None = None,
        audit_count: AuditCount | None = None,
    ) -> None:
        self.http = http
        self.token = token
        self.audit_count = audit_count

    def as_user(self, token: str | None) -> GraphQLClient:
        """The same app, as another user (None: not signed in)."""
        return GraphQLClient(self.http, token, self.audit_count)

    async def execute(self, query: str, **variables: Any) -> dict[str, Any]:
        """The whole response: data and errors."""
        headers = bearer(self.token) if self.token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        """The data of a query that must succeed without GraphQL errors."""
        body = await self.execute(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def mutate(self, query: str, **variables: Any) -> dict[str, Any]:
        """The payload of a single mutation that must return no UserErrors (and, with
        `audit_count`, must have written to the audit log, unless it was a preview)."""
        before = await self.audit_count() if self.audit_count else None
        data = await self(query, **variables)
        ((name, payload),) = data.items()
        assert payload["errors"] == [], payload["errors"]
        if self.audit_count is not None and not variables.get("preview"):
            preview = isinstance(payload, dict) and payload.get("preview") is True
            if not preview:
                assert await self.audit_count() > (before or 0), f"{name} left no audit entry"
        result: dict[str, Any] = payload
        return result


@pytest.fixture
async def gql(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> AsyncIterator[GraphQLClient]:
    """A client signed in as a fresh administrator (`as_user` switches users)."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        _, token = await make_user(session_factory, UserRole.ADMIN)

        async def audit_count() -> int:
            async with session_factory() as session:
                found = await session.execute(select(func.count()).select_from(AuditEntry))
                return int(found.scalar_one())

        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as http:
            yield GraphQLClient(http, token, audit_count)
    await _empty_tables(session_factory)
