"""Signing in: passwords, tokens (expiry, revocation, deactivation), anonymous callers,
websockets, per-token budgets and the command line."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import UserRole
from crm.db.models import ApiToken, User
from crm.db.types import utcnow
from crm.security.auth import bearer_token, hash_password, verify_password
from crm.security.limits import TokenBudgets
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

LOGIN = """
mutation($u: String!, $p: String!) {
  login(username: $u, password: $p) {
    token expiresAt user { username role } errors { code message }
  }
}"""
ME = "{ me { username role } }"
CREATE_USER = """
mutation($u: String!, $p: String) {
  createUser(input: {username: $u, displayName: "Lin", role: LIAISON, password: $p}) {
    user { id version } errors { code field }
  }
}"""


async def test_a_user_signs_in_with_a_password_and_uses_the_token(gql: GraphQLClient) -> None:
    short = await gql(CREATE_USER, u="lin", p="short")
    assert short["createUser"]["errors"] == [{"code": "VALIDATION", "field": ["password"]}]
    await gql.mutate(CREATE_USER, u="lin", p="a long passphrase")
    anonymous = gql.as_user(None)
    signed = (await anonymous(LOGIN, u="lin", p="a long passphrase"))["login"]
    assert signed["errors"] == []
    assert signed["user"] == {"username": "lin", "role": "LIAISON"}
    assert (await gql.as_user(signed["token"])(ME))["me"] == {"username": "lin", "role": "LIAISON"}
    # Wrong password and unknown user get the same answer.
    wrong = (await anonymous(LOGIN, u="lin", p="not the passphrase"))["login"]
    unknown = (await anonymous(LOGIN, u="nobody", p="a long passphrase"))["login"]
    assert (
        wrong
        == unknown
        == {
            "token": None,
            "expiresAt": None,
            "user": None,
            "errors": [{"code": "UNAUTHENTICATED", "message": "wrong username or password"}],
        }
    )


async def test_anonymous_callers_may_only_sign_in(gql: GraphQLClient) -> None:
    anonymous = gql.as_user(None)
    for query in (
        ME,
        "{ people { totalCount } }",
        'mutation { createPerson(input: {name: "x"}) { errors { code } } }',
    ):
        body = await anonymous.execute(query)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    health = await gql.http.get("/healthz")
    assert health.status_code == 200


@pytest.mark.parametrize("header", ["Bearer crm_unknown", "Basic abc", "Bearer", "Bearer a b"])
async def test_a_bad_token_is_refused_with_401(gql: GraphQLClient, header: str) -> None:
    response = await gql.http.post(
        "/graphql", json={"query": ME}, headers={"Authorization": header}
    )
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_expired_revoked_and_deactivated_tokens_stop_working(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    tokens = {}
    for case in ("expired", "revoked", "deactivated"):
        user_id, token = await make_user(session_factory, UserRole.ANALYST, username=case)
        assert (await gql.as_user(token)(ME))["me"]["username"] == case
        tokens[case] = (user_id, token)
    async with session_factory() as session, session.begin():
        now = utcnow()
        expired_id, _ = tokens["expired"]
        await session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == expired_id)  # type: ignore[arg-type]
            .values(created_at=now - timedelta(days=2), expires_at=now - timedelta(days=1))
        )
        revoked_id, _ = tokens["revoked"]
        await session.execute(
            update(ApiToken).where(ApiToken.user_id == revoked_id).values(revoked_at=now)  # type: ignore[arg-type]
        )
        gone_id, _ = tokens["deactivated"]
        await session.execute(update(User).where(User.id == gone_id).values(is_active=False))  # type: ignore[arg-type]
    for case, (_, token) in tokens.items():
        response = await gql.http.post(
            "/graphql", json={"query": ME}, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 401, case


def test_passwords_and_bearer_headers() -> None:
    hashed = hash_password("a long passphrase")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a long passphrase")
    assert not verify_password(hashed, "another passphrase")
    assert not verify_password(None, "a long passphrase")
    assert bearer_token("Bearer crm_x") == "crm_x"
    assert bearer_token("bearer  crm_x ") == "crm_x"
    assert bearer_token("Token crm_x") is None


def test_a_token_spends_its_budget_per_minute_then_waits() -> None:
    now = [0.0]
    budgets = TokenBudgets(clock=lambda: now[0])
    assert budgets.charge(1, 600, 1000) is None
    assert budgets.charge(2, 900, 1000) is None  # another token has its own budget
    assert budgets.charge(1, 600, 1000) == 60
    now[0] = 45.0
    assert budgets.charge(1, 300, 1000) is None
    assert budgets.charge(1, 200, 1000) == 15
    now[0] = 61.0
    assert budgets.charge(1, 1000, 1000) is None
