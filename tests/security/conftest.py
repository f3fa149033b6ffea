"""The signed-in GraphQL client of the API tests, for the security tests too."""

from tests.api.conftest import gql

__all__ = ["gql"]
