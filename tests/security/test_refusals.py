"""Refusals that must not look like success: an update that would change nothing of a
record the caller may not change, and token scopes the token's account can never use."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db.enums import UserRole
from crm.db.models import ApiToken, AuditEntry
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

UPDATE_PERSON = """
mutation($input: UpdatePersonInput!) {
  updatePerson(input: $input) { person { version } errors { code } }
}"""
CREATE_TOKEN = """
mutation($input: CreateApiTokenInput!) {
  createApiToken(input: $input) { token apiToken { scopes } errors { code field } }
}"""


async def _audit_count(session_factory: async_sessionmaker[AsyncSession]) -> int:
    async with session_factory() as session:
        return int(
            (await session.execute(select(func.count()).select_from(AuditEntry))).scalar_one()
        )


async def test_a_no_op_update_of_someone_elses_record_is_forbidden(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    created = await gql.mutate(
        'mutation { createPerson(input: {name: "陈建国"}) '
        "{ person { id version } errors { code } } }"
    )
    person = created["person"]
    _, liaison = await make_user(session_factory, UserRole.LIAISON)
    before = await _audit_count(session_factory)
    only_version = {"id": person["id"], "expectedVersion": person["version"]}
    data = await gql.as_user(liaison)(UPDATE_PERSON, input=only_version)
    assert data["updatePerson"] == {"person": None, "errors": [{"code": "FORBIDDEN"}]}
    same_name = {**only_version, "name": "陈建国"}
    data = await gql.as_user(liaison)(UPDATE_PERSON, input=same_name)
    assert data["updatePerson"]["errors"] == [{"code": "FORBIDDEN"}]
    assert await _audit_count(session_factory) == before


async def test_a_no_op_update_of_ones_own_record_still_succeeds(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    _, liaison = await make_user(session_factory, UserRole.LIAISON)
    mine = gql.as_user(liaison)
    created = await mine(
        'mutation { createPerson(input: {name: "林美华"}) '
        "{ person { id version } errors { code } } }"
    )
    person = created["createPerson"]["person"]
    data = await mine(
        UPDATE_PERSON, input={"id": person["id"], "expectedVersion": person["version"]}
    )
    assert data["updatePerson"]["errors"] == []


async def test_scopes_are_refused_on_tokens_of_roles_that_cannot_use_them(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    for role in (UserRole.ANALYST, UserRole.LIAISON, UserRole.ADMIN):
        _, token = await make_user(session_factory, role)
        data = await gql.as_user(token)(
            CREATE_TOKEN, input={"name": "reports", "scopes": ["Person.email"]}
        )
        assert data["createApiToken"]["token"] is None, role
        assert data["createApiToken"]["errors"] == [{"code": "VALIDATION", "field": ["scopes"]}]
    # without scopes they get their token
    data = await gql(CREATE_TOKEN, input={"name": "reports"})
    assert data["createApiToken"]["errors"] == []


async def test_an_app_token_cannot_make_a_wider_one(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    _, token = await make_user(
        session_factory, UserRole.APP, scopes=["Person", "ApiToken", "Organization.name"]
    )
    app = gql.as_user(token)
    wider = await app(CREATE_TOKEN, input={"name": "x", "scopes": ["Person", "Person.email"]})
    assert wider["createApiToken"]["errors"] == [{"code": "VALIDATION", "field": ["scopes"]}]
    other = await app(CREATE_TOKEN, input={"name": "x", "scopes": ["Organization"]})
    assert other["createApiToken"]["errors"] == [{"code": "VALIDATION", "field": ["scopes"]}]
    narrower = await app(
        CREATE_TOKEN, input={"name": "x", "scopes": ["Person.name", "Organization.name"]}
    )
    assert narrower["createApiToken"]["errors"] == []
    assert narrower["createApiToken"]["apiToken"]["scopes"] == ["Person.name", "Organization.name"]
    async with session_factory() as session:
        stored = (await session.execute(select(ApiToken.scopes))).scalars().all()
    assert not any("Person.email" in s for s in stored)


async def test_an_admin_scopes_an_app_accounts_token(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    app_key, _ = await make_user(session_factory, UserRole.APP, scopes=["Event"])
    user = str(relay.GlobalID("User", str(app_key)))
    data = await gql(
        CREATE_TOKEN, input={"name": "crm app", "scopes": ["Person", "Person.email"], "user": user}
    )
    assert data["createApiToken"]["errors"] == []
    assert data["createApiToken"]["apiToken"]["scopes"] == ["Person", "Person.email"]
