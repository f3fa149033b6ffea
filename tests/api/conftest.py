"""A GraphQL client on the app, per backend, with the test's rows removed afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.app import create_app
from crm.db.enums import UserRole
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.conftest import _empty_tables


class GraphQLClient:
    """Sends operations as one signed-in user (`token`), or anonymously (None)."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_user(self, token: str | None) -> GraphQLClient:
        """The same app, as another user (None: not signed in)."""
        return GraphQLClient(self.http, token)

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
        """The payload of a single mutation that must return no UserErrors."""
        data = await self(query, **variables)
        (payload,) = data.values()
        assert payload["errors"] == [], payload["errors"]
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
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as http:
            yield GraphQLClient(http, token)
    await _empty_tables(session_factory)
