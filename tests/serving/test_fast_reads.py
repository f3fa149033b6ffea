"""Compiled operations answered in front of GraphQL (crm/serving/compiled/fast.py):
the token's budget is charged, strawberry does not run, what is not simple goes on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import parse

from crm.db.enums import UserRole
from crm.schema.schema import schema
from crm.security import limits
from crm.security.cost import operation_cost
from crm.serving.compiled.fast import Verdicts
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.serving.conftest import serving

NAMES = "query Names { people(first: 3) { edges { cursor node { id name } } } }"
ASKED = {"query": NAMES}


async def _ask(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> Any:
    response = await client.post("/graphql", json=body, headers=bearer(token))
    return response.json()


async def test_the_second_request_skips_strawberry(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with serving(settings, response_cache_size=0) as (app, client):
        verdicts: Verdicts = app.state.compiled_verdicts
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        first = await _ask(client, token, ASKED)
        calls = 0
        execute = schema.execute

        async def counting(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return await execute(*args, **kwargs)

        monkeypatch.setattr(schema, "execute", counting)
        answered = verdicts.answered
        assert await _ask(client, token, ASKED) == first
        assert (calls, verdicts.answered) == (0, answered + 1)
        # another operation name, variables or extensions: GraphQL decides again
        assert await _ask(client, token, {**ASKED, "operationName": "Names"}) == first
        assert calls == 1


async def test_a_fast_answer_is_charged_to_the_token_budget(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "_BUDGETS", limits.TokenBudgets())
    cost = operation_cost(
        schema._schema, parse(NAMES), operation_name=None, variables={}, default_page_size=20
    )
    budget = 2 * cost + cost // 2
    async with serving(settings, response_cache_size=0, token_budget_per_minute=budget) as (
        app,
        client,
    ):
        verdicts: Verdicts = app.state.compiled_verdicts
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert "errors" not in await _ask(client, token, ASKED)
        assert "errors" not in await _ask(client, token, ASKED)
        assert verdicts.answered == 1
        refused = await _ask(client, token, ASKED)
        assert refused["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        assert verdicts.answered == 1


async def test_switched_off_every_request_goes_through_graphql(settings: Settings) -> None:
    async with serving(settings, compiled_fast_path=False) as (app, client):
        assert app.state.compiled_verdicts is None
        _, token = await make_user(app.state.session_factory, UserRole.ANALYST)
        assert await _ask(client, token, ASKED) == await _ask(client, token, ASKED)
