"""Browser sessions: sign in at /auth/session, the cookie on /graphql from our own origin
only, expiry, sign-out, and the sign-in throttle (shared with the `login` mutation)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin

from crm.db.enums import AuditAction, UserRole
from crm.db.models import ApiToken, AuditEntry
from crm.db.types import utcnow
from crm.resolvers.user import SESSION_TOKEN_NAME
from crm.security.browser import SESSION_COOKIE
from crm.settings import Environment, Settings
from tests.accounts import bearer, make_user
from tests.api.test_subscriptions import TRANSPORT_WS
from tests.api.test_subscriptions import serve as serve_live
from tests.conftest import _empty_tables
from tests.serving.conftest import serving

ORIGIN = "http://crm.test"  # the test client's base URL: the server's own origin
PASSWORD = "a long passphrase for tests"
ME = {"query": "{ me { username role } }"}


async def make_officer(app: Starlette, username: str = "lin") -> int:
    user_id, _ = await make_user(
        app.state.session_factory, UserRole.LIAISON, username=username, password=PASSWORD
    )
    return user_id


async def sign_in(client: httpx.AsyncClient, username: str = "lin") -> httpx.Response:
    response = await client.post("/auth/session", json={"username": username, "password": PASSWORD})
    client.cookies.clear()  # each test sends the cookie it means to, explicitly
    return response


def cookie_of(response: httpx.Response) -> str:
    value = response.cookies.get(SESSION_COOKIE)
    assert value, response.headers.get("set-cookie")
    return str(value)


def with_cookie(cookie: str, origin: str | None = ORIGIN) -> dict[str, str]:
    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"}
    if origin is not None:
        headers["Origin"] = origin
    return headers


async def test_signing_in_sets_an_http_only_strict_cookie_and_answers_the_user(
    settings: Settings,
) -> None:
    async with serving(settings) as (app, client):
        user_id = await make_officer(app)
        response = await sign_in(client)
        assert response.status_code == 200
        user = response.json()["user"]
        assert user["username"] == "lin"
        assert user["role"] == "LIAISON"
        assert user["displayName"] == "Test liaison"
        assert user["id"]  # a global ID, as GraphQL gives it
        set_cookie = response.headers["set-cookie"]
        attributes = {a.strip().split("=")[0].lower() for a in set_cookie.split(";")}
        assert {"httponly", "path", "max-age"} <= attributes
        assert "samesite=strict" in set_cookie.lower()
        assert "path=/" in set_cookie.lower().replace(" ", "")
        assert "secure" not in attributes  # development over http://127.0.0.1
        assert response.headers["cache-control"] == "no-store"
        assert str(user_id) not in response.text.replace(user["id"], "")
        # The token is nowhere in the body: only in the cookie.
        assert cookie_of(response) not in response.text


async def test_the_cookie_is_secure_in_production(settings: Settings) -> None:
    async with serving(settings, env=Environment.PRODUCTION) as (app, client):
        await make_officer(app)
        response = await sign_in(client)
        assert "secure" in response.headers["set-cookie"].lower().split("; ")


async def test_the_session_lives_crm_session_hours(settings: Settings) -> None:
    async with serving(settings, session_hours=2) as (app, client):
        user_id = await make_officer(app)
        before = utcnow()
        await sign_in(client)
        async with app.state.session_factory() as session:
            row = (
                await session.execute(select(ApiToken).where(ApiToken.user_id == user_id))  # type: ignore[arg-type]
            ).scalars()
            sessions = [t for t in row if t.name == SESSION_TOKEN_NAME]
        assert len(sessions) == 1
        expires = sessions[0].expires_at
        assert expires is not None
        assert before + timedelta(hours=2) <= expires <= utcnow() + timedelta(hours=2)


async def test_bad_credentials_and_bad_requests_are_refused(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        await make_officer(app)
        wrong = await client.post("/auth/session", json={"username": "lin", "password": "nope"})
        assert wrong.status_code == 401
        assert wrong.json() == {
            "errors": [
                {"message": "wrong username or password", "extensions": {"code": "UNAUTHENTICATED"}}
            ]
        }
        assert SESSION_COOKIE not in wrong.cookies
        form = await client.post("/auth/session", data={"username": "lin", "password": PASSWORD})
        assert form.status_code == 415
        missing = await client.post("/auth/session", json={"username": "lin"})
        assert missing.status_code == 400
        assert missing.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        foreign = await client.post(
            "/auth/session",
            json={"username": "lin", "password": PASSWORD},
            headers={"Origin": "https://evil.example.com"},
        )
        assert foreign.status_code == 403
        assert foreign.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_cookie_signs_graphql_requests_in_from_our_own_origin(
    settings: Settings,
) -> None:
    async with serving(settings) as (app, client):
        await make_officer(app)
        cookie = cookie_of(await sign_in(client))
        response = await client.post("/graphql", json=ME, headers=with_cookie(cookie))
        assert response.status_code == 200
        assert response.json() == {"data": {"me": {"username": "lin", "role": "LIAISON"}}}
        # A browser that sends only a Referer (some do on same-origin requests) is fine.
        referer = {"Cookie": f"{SESSION_COOKIE}={cookie}", "Referer": ORIGIN + "/people/1"}
        assert (await client.post("/graphql", json=ME, headers=referer)).status_code == 200
        # GET /auth/session: who is signed in.
        current = await client.get("/auth/session", headers=with_cookie(cookie, None))
        assert current.status_code == 200
        assert current.json()["user"]["username"] == "lin"


async def test_a_cookie_from_another_origin_or_none_is_refused_with_403(
    settings: Settings,
) -> None:
    async with serving(settings, cors_origins=["https://app.example.org"]) as (app, client):
        await make_officer(app)
        cookie = cookie_of(await sign_in(client))
        for origin in ("https://evil.example.com", "http://crm.test:8080", "null", None):
            response = await client.post("/graphql", json=ME, headers=with_cookie(cookie, origin))
            assert response.status_code == 403, origin
            assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        # An origin listed in CRM_CORS_ORIGINS may use the cookie.
        listed = with_cookie(cookie, "https://app.example.org")
        assert (await client.post("/graphql", json=ME, headers=listed)).status_code == 200


async def test_bearer_tokens_work_as_before_without_an_origin_check(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST, username="ana")
        await make_officer(app)
        cookie = cookie_of(await sign_in(client))
        # The Authorization header wins over a cookie, and needs no Origin.
        headers = bearer(token) | {"Cookie": f"{SESSION_COOKIE}={cookie}"}
        response = await client.post("/graphql", json=ME, headers=headers)
        assert response.json()["data"]["me"]["username"] == "ana"


async def test_an_expired_session_answers_401_so_the_app_signs_in_again(
    settings: Settings,
) -> None:
    async with serving(settings) as (app, client):
        user_id = await make_officer(app)
        cookie = cookie_of(await sign_in(client))
        async with app.state.session_factory() as session, session.begin():
            await session.execute(
                update(ApiToken)
                .where(ApiToken.user_id == user_id)  # type: ignore[arg-type]
                .values(created_at=utcnow() - timedelta(hours=13), expires_at=utcnow())
            )
        response = await client.post("/graphql", json=ME, headers=with_cookie(cookie))
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        current = await client.get("/auth/session", headers=with_cookie(cookie, None))
        assert current.status_code == 401
        assert current.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert 'crm_session=""' in current.headers["set-cookie"]  # the dead cookie dropped
        # No cookie at all: the same answer.
        assert (await client.get("/auth/session")).status_code == 401


async def test_signing_out_revokes_the_session_on_the_server(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        user_id = await make_officer(app)
        cookie = cookie_of(await sign_in(client))
        foreign = await client.delete(
            "/auth/session", headers=with_cookie(cookie, "https://evil.example.com")
        )
        assert foreign.status_code == 403
        out = await client.delete("/auth/session", headers=with_cookie(cookie))
        assert out.status_code == 204
        set_cookie = out.headers["set-cookie"].lower()
        assert 'crm_session=""' in set_cookie
        assert "max-age=0" in set_cookie
        # The old cookie, kept by a copy of it, no longer works anywhere.
        again = await client.post("/graphql", json=ME, headers=with_cookie(cookie))
        assert again.status_code == 401
        async with app.state.session_factory() as session:
            rows = (await session.execute(select(ApiToken))).scalars().all()
            revoked = [t for t in rows if t.user_id == user_id and t.name == SESSION_TOKEN_NAME]
            assert revoked
            assert all(t.revoked_at is not None for t in revoked)
            audited = await session.execute(
                select(AuditEntry.action, AuditEntry.entity).where(  # type: ignore[call-overload]
                    AuditEntry.actor_id == user_id  # type: ignore[arg-type]
                )
            )
            entries = set(audited.all())
        # the sign-in, the session's token and its revocation, all under the officer's name
        assert (AuditAction.LOGIN, "staff_user") in entries
        assert (AuditAction.CREATE, "api_token") in entries
        assert (AuditAction.UPDATE, "api_token") in entries
        # Signing out twice is no error.
        assert (
            await client.delete("/auth/session", headers=with_cookie(cookie))
        ).status_code == 204


async def test_repeated_failures_are_throttled_for_the_session_and_the_login_mutation(
    settings: Settings,
) -> None:
    async with serving(settings, sign_in_failures_per_user=2) as (app, client):
        await make_officer(app)
        for _ in range(2):
            wrong = await client.post(
                "/auth/session", json={"username": "lin", "password": "wrong password"}
            )
            assert wrong.status_code == 401
        # Now even the right password waits.
        limited = await client.post("/auth/session", json={"username": "LIN", "password": PASSWORD})
        assert limited.status_code == 429
        assert int(limited.headers["retry-after"]) > 0
        assert limited.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        login = await client.post(
            "/graphql",
            json={
                "query": f'mutation {{ login(username: "lin", password: "{PASSWORD}") '
                "{ token errors { code retryAfter } } }"
            },
        )
        payload = login.json()["data"]["login"]
        assert payload["token"] is None
        assert payload["errors"][0]["code"] == "RATE_LIMITED"
        assert payload["errors"][0]["retryAfter"] > 0
        # Another account is not held up.
        await make_officer(app, "wang")
        assert (await sign_in(client, "wang")).status_code == 200


async def test_failed_sign_ins_are_audited(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        await make_officer(app)
        await client.post("/auth/session", json={"username": "lin", "password": "wrong"})
        async with app.state.session_factory() as session:
            found = await session.execute(
                select(func.count())
                .select_from(AuditEntry)
                .where(
                    AuditEntry.action == AuditAction.LOGIN,  # type: ignore[arg-type]
                    AuditEntry.actor_id.is_(None),  # type: ignore[union-attr]
                )
            )
            assert found.scalar_one() == 1


async def test_a_websocket_signs_in_by_the_cookie_of_its_handshake_from_our_origin(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    try:
        async for live in serve_live(settings):
            await make_officer(live.app)
            signed = await live.gql.http.post(
                "/auth/session", json={"username": "lin", "password": PASSWORD}
            )
            cookie = {"Cookie": f"{SESSION_COOKIE}={cookie_of(signed)}"}
            own = Origin(live.url)
            async with connect(
                live.ws_url, subprotocols=[TRANSPORT_WS], additional_headers=cookie, origin=own
            ) as ws:
                await ws.send(json.dumps({"type": "connection_init"}))
                assert json.loads(await ws.recv()) == {"type": "connection_ack"}
            with pytest.raises(InvalidStatus) as refused:
                await connect(
                    live.ws_url,
                    subprotocols=[TRANSPORT_WS],
                    additional_headers=cookie,
                    origin=Origin("https://evil.example.com"),
                )
            assert refused.value.response.status_code == 403
            # Without a cookie or a token, connection_init is refused as before.
            async with connect(live.ws_url, subprotocols=[TRANSPORT_WS], origin=own) as ws:
                await ws.send(json.dumps({"type": "connection_init"}))
                with pytest.raises(ConnectionClosed) as closed:
                    await ws.recv()
                assert closed.value.rcvd is not None
                assert closed.value.rcvd.code == 4403
    finally:
        await _empty_tables(session_factory)
