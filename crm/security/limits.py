"""Limits every GraphQL request must stay within: tokens, depth, aliases and cost.

The limits come from the settings of the request's context, so one schema serves
every configuration (tests run apps with different settings side by side).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from graphql import ASTValidationRule, GraphQLError
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter, SchemaExtension

from crm.db.paging import DEFAULT_PAGE_SIZE
from crm.security.cost import operation_cost
from crm.settings import Environment, Settings

__all__ = ["CostLimiter", "RequestLimits", "TokenBudgets", "charge_token"]

_SUGGESTION = re.compile(r" Did you mean .*\?$")


@cache
def _shape_rules(max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    # Created once per limit pair: the validation cache is keyed by the rules.
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    )


def _settings(extension: SchemaExtension) -> Settings:
    settings: Settings = extension.execution_context.context.settings
    return settings


class RequestLimits(SchemaExtension):
    """Token limit while parsing; depth and alias limits, and no introspection in
    production, while validating; no field suggestions in production errors."""

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        settings = _settings(self)
        context.parse_options["max_tokens"] = settings.max_query_tokens
        rules: tuple[Any, ...] = _shape_rules(settings.max_query_depth, settings.max_query_aliases)
        production = settings.env is Environment.PRODUCTION
        if production:
            rules = (*rules, NoSchemaIntrospectionCustomRule)
        context.validation_rules = (*context.validation_rules, *rules)
        yield
        result = context.result
        if production and result is not None and getattr(result, "errors", None):
            for error in result.errors or []:
                error.message = _SUGGESTION.sub("", error.message)


class CostLimiter(SchemaExtension):
    """Refuses an operation whose cost (see `crm.security.cost`) exceeds the limit.

    Listed after ValidationCache, so it runs once validation has passed and before
    execution: a refused query never touches the database.
    """

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if not context.pre_execution_errors and context.graphql_document is not None:
            limit = _settings(self).max_query_cost
            cost = operation_cost(
                context.schema._schema,
                context.graphql_document,
                operation_name=context.operation_name,
                variables=context.variables,
                default_page_size=DEFAULT_PAGE_SIZE,
            )
            if hasattr(context.context, "query_cost"):
                context.context.query_cost = cost  # the response cache charges it on a hit
            if cost > limit:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"query cost {cost:,} exceeds the limit of {limit:,}: "
                        "ask for smaller pages or fewer nested lists",
                        extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost},
                    )
                ]
            else:
                viewer = context.context.viewer
                budget = _settings(self).token_budget_per_minute
                if viewer is not None and viewer.token_id is not None:
                    wait = _BUDGETS.charge(viewer.token_id, cost, budget)
                    if wait is not None:
                        context.pre_execution_errors = [
                            GraphQLError(
                                f"this token spent its budget of {budget:,} per minute: "
                                f"try again in {wait} s",
                                extensions={"code": "RATE_LIMITED", "retryAfter": wait},
                            )
                        ]
        yield


class TokenBudgets:
    """Cost spent per token in the current minute (per process: with N workers a token
    can spend up to N budgets; docs/security.md says so)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._spent: dict[int, tuple[float, int]] = {}

    def charge(self, token_id: int, cost: int, budget: int) -> int | None:
        """Spend `cost`; None if it fits, else the seconds until the window renews."""
        now = self._clock()
        start, spent = self._spent.get(token_id, (now, 0))
        if now - start >= 60:
            start, spent = now, 0
        if spent + cost > budget:
            self._spent[token_id] = (start, spent)
            return max(1, math.ceil(60 - (now - start)))
        self._spent[token_id] = (start, spent + cost)
        return None


_BUDGETS = TokenBudgets()


def charge_token(token_id: int, cost: int, budget: int) -> int | None:
    """Spend `cost` of the token's budget in this process (as CostLimiter does); None if
    it fits, else the seconds until the window renews. For answers given without
    running the operation (the response cache's hits)."""
    return _BUDGETS.charge(token_id, cost, budget)
