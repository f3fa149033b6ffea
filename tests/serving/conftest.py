"""An app per test with its own settings, on the shared test database of each backend."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette

from crm.app import create_app
from crm.settings import Settings
from tests.conftest import _empty_tables


@asynccontextmanager
async def serving(
    settings: Settings, **overrides: Any
) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:
    """The app with `overrides` applied to `settings`, and a client of it (no token); the
    rows a test wrote are deleted afterwards, as the `session` fixture does."""
    app = create_app(settings.model_copy(update=overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as client:
                yield app, client
        finally:
            await _empty_tables(app.state.session_factory)


Post = Callable[..., Any]
