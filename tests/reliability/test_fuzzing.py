"""Fuzzing the GraphQL API (schemathesis): every root field, at least 300 cases in all,
on both databases; no answer may be a 5xx or an INTERNAL_SERVER_ERROR."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from crm.app import create_app
from crm.settings import Settings
from tests.reliability.conftest import LONG, admin_token
from tests.reliability.fuzzing import failure_of, fuzz

#: cases per root field: the CI variant's 4 make over 300 in all (89 fields); the long
#: one (`make reliability`) over 5,000, new ones each run
PER_FIELD = 60 if LONG else 4
MINIMUM = 5_000 if LONG else 300


def test_no_generated_request_gets_a_server_error(backend: str, databases: object) -> None:
    database_url = databases.create(backend)  # type: ignore[attr-defined]
    token = admin_token(database_url)
    run = fuzz(
        create_app(Settings(database_url=database_url)),
        token,
        per_field=PER_FIELD,
        random_seed=None if LONG else 0,
    )
    if LONG:
        record = {"database": backend, "fields": run.fields, "cases": run.cases}
        record["failures"] = len(run.failures)
        Path("var").mkdir(exist_ok=True)
        Path(f"var/reliability-fuzz-{backend}.json").write_text(json.dumps(record))
    assert run.fields >= 80, f"only {run.fields} root fields found"
    assert run.cases >= MINIMUM, f"{run.cases} cases"
    assert run.failures == [], run.summary()


def test_a_5xx_a_masked_error_or_a_body_that_is_not_json_count_asfailure_ofs() -> None:
    def answer(status: int, body: str) -> httpx.Response:
        return httpx.Response(status, text=body)

    def errors(code: str) -> str:
        return json.dumps(
            {"data": None, "errors": [{"message": "m", "extensions": {"code": code}}]}
        )

    masked, refused = errors("INTERNAL_SERVER_ERROR"), errors("BAD_USER_INPUT")
    assert failure_of("f", answer(502, "{}"), "{ f }") is not None
    assert failure_of("f", answer(200, masked), "{ f }") is not None
    assert failure_of("f", answer(200, "<html>"), "{ f }") is not None
    assert failure_of("f", answer(200, refused), "{ f }") is None
    assert failure_of("f", answer(400, refused), "{ f }") is None
