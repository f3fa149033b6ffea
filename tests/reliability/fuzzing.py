"""Schemathesis's GraphQL mode over every root field of the API: generated documents and
arguments, sent as an administrator; any answer with HTTP 5xx or a masked
INTERNAL_SERVER_ERROR is a failure (hostile input must be refused with a reason)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from starlette.applications import Starlette

__all__ = ["Failure", "FuzzRun", "failure_of", "fuzz"]


@dataclass(frozen=True)
class Failure:
    field: str
    status: int
    message: str
    document: str


@dataclass
class FuzzRun:
    fields: int = 0
    cases: int = 0
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        shown = "\n".join(
            f"{f.field}: HTTP {f.status} {f.message}\n{f.document[:300]}" for f in self.failures[:5]
        )
        return f"{len(self.failures)} of {self.cases} cases failed:\n{shown}"


def failure_of(name: str, response: Any, document: str) -> Failure | None:
    if response.status_code >= 500:
        return Failure(name, response.status_code, response.text[:200], document)
    try:
        body = response.json()
    except ValueError:
        return Failure(name, response.status_code, "not JSON: " + response.text[:200], document)
    for error in body.get("errors") or ():
        if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
            return Failure(name, response.status_code, str(error.get("message")), document)
    return None


def fuzz(app: Starlette, token: str, *, per_field: int, random_seed: int | None = 0) -> FuzzRun:
    """Up to `per_field` generated cases for each root field (Query and Mutation).

    With a seed the cases are the same on every run (the CI variant cannot flake); with
    None they are new each time (`make reliability`)."""
    schema = schemathesis.graphql.from_asgi("/graphql", app)
    headers = {"Authorization": f"Bearer {token}"}
    run = FuzzRun()
    for result in schema.get_all_operations():
        operation = result.ok()
        run.fields += 1
        check = _checker(operation, headers, run, per_field)
        if random_seed is not None:
            check = seed(random_seed + random.Random(operation.label).randrange(1 << 30))(check)
        check()
    return run


def _checker(operation: Any, headers: dict[str, str], run: FuzzRun, per_field: int) -> Any:
    name = operation.label

    @settings(
        max_examples=per_field,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: every case counts once
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        run.cases += 1
        response = case.call(headers=headers)
        document = case.body if isinstance(case.body, str) else str(case.body)
        found = failure_of(name, response, document)
        if found is not None:
            run.failures.append(found)

    return check
