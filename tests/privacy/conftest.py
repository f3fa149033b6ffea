"""The signed-in GraphQL client of the API tests, for the personal-data tests too."""

from tests.api.conftest import gql

__all__ = ["gql"]
