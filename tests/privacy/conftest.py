"""The signed-in GraphQL client of the API tests, and a person with everything."""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.api.conftest import GraphQLClient, gql
from tests.privacy.people import World, person_with_everything

__all__ = ["gql", "world"]


@pytest.fixture
async def world(gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]) -> World:
    """One person with a link of every kind, interactions, introductions, metrics, a
    share, a consent, search keys and a record merged into them."""
    return await person_with_everything(gql, session_factory)
