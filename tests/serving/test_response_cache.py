"""The response cache: hits, writes that move the data revision, viewers, contact reads."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import parse
from sqlalchemy import Update, func, select, text, update

from crm.db.data_revision import current_data_revision
from crm.db.enums import AuditAction, UserRole
from crm.db.models import AuditEntry, GraphState
from crm.db.queries.common import table_of
from crm.schema.schema import schema
from crm.security import limits
from crm.security.cost import operation_cost
from crm.serving.response_cache import Cached, ResponseCache
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.serving.conftest import serving

CREATE = """mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id } errors { message } }
}"""
NAMES = "query Names { people(first: 100) { totalCount edges { node { name } } } }"
CONTACTS = "query Contacts($id: ID!) { node(id: $id) { ... on Person { name email } } }"


async def _post(client: httpx.AsyncClient, token: str, query: str, **variables: Any) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=bearer(token)
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_the_same_query_again_is_served_from_the_cache(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        cache: ResponseCache = app.state.response_cache
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        first = await _post(client, token, NAMES)
        hits = cache.hits
        assert await _post(client, token, NAMES) == first
        assert cache.hits == hits + 1


async def test_a_write_is_seen_by_the_next_read(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        _, token = await make_user(app.state.session_factory, UserRole.ADMIN)
        before = await _post(client, token, NAMES)
        await _post(client, token, CREATE, input={"name": "缓存测试"})
        after = await _post(client, token, NAMES)
        assert after["people"]["totalCount"] == before["people"]["totalCount"] + 1


async def test_a_write_through_another_worker_is_seen_too(settings: Settings) -> None:
    """Two apps on one database stand for two worker processes: each keeps its own
    cache, and both follow the data revision in the database."""
    async with serving(settings) as (reader, first), serving(settings) as (_writer, second):
        _, token = await make_user(reader.state.session_factory, UserRole.ADMIN)
        before = await _post(first, token, NAMES)
        assert await _post(first, token, NAMES) == before  # cached in the first worker
        await _post(second, token, CREATE, input={"name": "另一个进程"})
        after = await _post(first, token, NAMES)
        assert after["people"]["totalCount"] == before["people"]["totalCount"] + 1


async def test_two_viewers_never_share_an_entry(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        cache: ResponseCache = app.state.response_cache
        _, analyst = await make_user(app.state.session_factory, UserRole.ANALYST)
        _, other = await make_user(app.state.session_factory, UserRole.ANALYST)
        await _post(client, analyst, NAMES)
        hits = cache.hits
        await _post(client, other, NAMES)
        assert cache.hits == hits  # the same role and question, another person: a miss
        await _post(client, other, NAMES)
        assert cache.hits == hits + 1


async def test_contact_reads_are_never_cached_and_each_is_audited(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        factory = app.state.session_factory
        _, token = await make_user(factory, UserRole.ADMIN)
        created = await _post(
            client, token, CREATE, input={"name": "联系人", "email": "lx@example.org"}
        )
        person = created["createPerson"]["person"]["id"]
        for _ in range(2):
            data = await _post(client, token, CONTACTS, id=person)
            assert data["node"]["email"] == "lx@example.org"
        audit = table_of(AuditEntry)
        async with factory() as session:
            reads = await session.scalar(
                select(func.count())
                .select_from(audit)
                .where(audit.c.action == AuditAction.READ_CONTACT)
            )
        assert reads == 2


async def test_the_data_revision_moves_with_a_commit_and_not_with_a_rollback(
    settings: Settings,
) -> None:
    async with serving(settings) as (app, _client):
        factory = app.state.session_factory
        async with factory() as session:
            start = await current_data_revision(session)
        assert start is not None
        async with factory() as session:
            await session.execute(select(GraphState))  # a read moves nothing
            await session.commit()
        async with factory() as session:
            await session.execute(_same_graph_revision())
            await session.rollback()
        async with factory() as session:
            assert await current_data_revision(session) == start
        async with factory() as session, session.begin():
            await session.execute(_same_graph_revision())  # a Core write, no ORM flush
        async with factory() as session:
            assert await current_data_revision(session) == start + 1


async def test_a_textual_write_moves_the_data_revision_too(settings: Settings) -> None:
    async with serving(settings) as (app, _client):
        factory = app.state.session_factory
        async with factory() as session:
            start = await current_data_revision(session)
        async with factory() as session, session.begin():
            await session.execute(text("UPDATE graph_state SET revision = revision WHERE id = 1"))
        async with factory() as session:
            assert await current_data_revision(session) == start + 1


def _same_graph_revision() -> Update:
    state = table_of(GraphState)
    return update(state).values(revision=state.c.revision)


def test_an_entry_expires() -> None:
    now = [0.0]
    cache = ResponseCache(maxsize=10, ttl=5, clock=lambda: now[0])
    key: Any = object()
    cache.put(key, b"{}", cost=3)
    assert cache.get(key) == Cached(b"{}", 3)
    now[0] = 6
    assert cache.get(key) is None


async def test_a_hit_is_charged_to_the_token_budget(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hit skips GraphQL, not the token's budget: once spent, the next hit is refused
    as running the query would be."""
    # token keys come again after a test's rows are deleted: budgets of this test only
    monkeypatch.setattr(limits, "_BUDGETS", limits.TokenBudgets())
    document = parse(NAMES)
    cost = operation_cost(
        schema._schema, document, operation_name=None, variables={}, default_page_size=20
    )
    async with serving(settings, token_budget_per_minute=2 * cost + cost // 2) as (app, client):
        cache: ResponseCache = app.state.response_cache
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        await _post(client, token, NAMES)
        await _post(client, token, NAMES)
        assert cache.hits == 1
        response = await client.post("/graphql", json={"query": NAMES}, headers=bearer(token))
        assert response.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_a_hit_is_answered_before_graphql_runs(settings: Settings) -> None:
    async with serving(settings) as (app, client):
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        first = await _post(client, token, NAMES)
        calls = 0
        execute = schema.execute

        async def counting(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return await execute(*args, **kwargs)

        schema.execute = counting  # type: ignore[method-assign]
        try:
            assert await _post(client, token, NAMES) == first
        finally:
            del schema.execute
        assert calls == 0
