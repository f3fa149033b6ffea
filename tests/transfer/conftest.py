"""Import tests run on the shared database of each backend and empty it afterwards."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import _empty_tables


@pytest.fixture
async def db(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The backend's session factory; every row the test wrote is deleted afterwards."""
    yield session_factory
    await _empty_tables(session_factory)
