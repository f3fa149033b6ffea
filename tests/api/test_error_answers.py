"""Every error answer has one shape: JSON `{"errors": [{message, extensions: {code}}]}`,
a code from the documented list (docs/api.md), and the client's mistakes never look like
the server's faults (no 500, no INTERNAL_SERVER_ERROR, one log line, no traceback)."""

from __future__ import annotations

import base64
import json
import logging
from typing import Any

import httpx
import pytest

from tests.accounts import bearer
from tests.api.conftest import GraphQLClient

CREATE_PERSON = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id } errors { code field } }
}"""
HUGE = "99999999999999999999"  # beyond a 64-bit key


def _id(type_name: str, key: str) -> str:
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


async def _raw(gql: GraphQLClient, body: bytes) -> httpx.Response:
    return await gql.http.post(
        "/graphql",
        content=body,
        headers={"content-type": "application/json", **bearer(gql.token or "")},
    )


def _code(body: dict[str, Any]) -> str:
    (error,) = body["errors"]
    code: str = error["extensions"]["code"]
    return code


HOSTILE_BODIES = {
    "invalid UTF-8": b'{"query": "{ __typename }", "x": "\xff\xfe"}',
    "a lone surrogate": b'{"query": "{ __typename }", "x": "\\ud800"}',
    "JSON null": b"null",
    "a number": b"5",
    "a string": b'"{ __typename }"',
    "not JSON": b"{query: __typename}",
    "a batch": b'[{"query": "{ __typename }"}]',
    "a query that is not a string": b'{"query": 5}',
    "variables that are not an object": b'{"query": "{ __typename }", "variables": [1]}',
    "100,000 nested [": b"[" * 100_000,
    "100,000 nested [ in variables": b'{"query": "{ __typename }", "variables": {"v": '
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}}",
    "nesting past the limit": b'{"query": "{ __typename }", "variables": {"v": '
    + b"[" * 70
    + b"]" * 70
    + b"}}",
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
async def test_a_body_that_is_no_graphql_request_is_a_400_with_a_code(
    gql: GraphQLClient, body: bytes
) -> None:
    response = await _raw(gql, body)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert _code(response.json()) == "BAD_REQUEST"


async def test_nesting_within_the_limit_is_answered(gql: GraphQLClient) -> None:
    variables = {"v": json.loads("[" * 40 + "]" * 40)}
    body = json.dumps({"query": "query($v: String) { __typename }", "variables": variables})
    response = await _raw(gql, body.encode())
    assert response.status_code == 200  # the variable is unused: only the body's depth counts


async def test_strawberrys_own_refusals_are_json_with_a_code(gql: GraphQLClient) -> None:
    response = await gql.http.get(
        "/graphql", params={"query": "{ __typename }"}, headers=bearer(gql.token or "")
    )
    assert response.status_code in {400, 405}
    assert response.headers["content-type"] == "application/json"
    assert _code(response.json()) in {"BAD_REQUEST", "METHOD_NOT_ALLOWED"}


NUL_INPUTS = {
    "createPerson name (variable)": (CREATE_PERSON, {"input": {"name": "陈\u0000建国"}}),
    "createPerson notes (variable)": (
        CREATE_PERSON,
        {"input": {"name": "陈建国", "notes": "met\u0000at the fair"}},
    ),
    "createOrganization name (literal)": (
        'mutation { createOrganization(input: {name: "a\\u0000b", kind: COMPANY}) '
        "{ errors { code } } }",
        {},
    ),
    "createEvent name (variable)": (
        "mutation($n: String!) { createEvent(input: {name: $n, kind: CONFERENCE}) "
        "{ errors { code } } }",
        {"n": "\u0000"},
    ),
    "createApiToken name (variable)": (
        "mutation($n: String!) { createApiToken(input: {name: $n}) { errors { code } } }",
        {"n": "app\u0000"},
    ),
    "login (variable)": (
        "mutation($u: String!) { login(username: $u, password: $u) { errors { code } } }",
        {"u": "admin\u0000"},
    ),
    "people filter (variable)": (
        "query($t: String) { people(filter: {nameContains: $t}) { totalCount } }",
        {"t": "陈\u0000"},
    ),
    "a key of the variables": (CREATE_PERSON, {"input": {"name": "x", "no\u0000te": "y"}}),
}


@pytest.mark.parametrize(("query", "variables"), NUL_INPUTS.values(), ids=NUL_INPUTS.keys())
async def test_nul_in_any_string_input_is_bad_user_input(
    gql: GraphQLClient, query: str, variables: dict[str, Any]
) -> None:
    body = await gql.execute(query, **variables)
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "NUL" in error["message"]
    count = await gql("{ people { totalCount } organizations { totalCount } }")
    assert count["people"]["totalCount"] == count["organizations"]["totalCount"] == 0


async def test_nul_names_the_variable_field(gql: GraphQLClient) -> None:
    body = await gql.execute(CREATE_PERSON, input={"name": "陈建国", "notes": "a\u0000"})
    assert body["errors"][0]["extensions"]["field"] == ["input", "notes"]


async def test_a_lone_surrogate_written_in_the_document_is_a_parse_error(
    gql: GraphQLClient,
) -> None:
    body = await gql.execute('{ people(filter: {nameContains: "\\uD800"}) { totalCount } }')
    assert _code(body) == "GRAPHQL_PARSE_FAILED"


async def test_an_id_beyond_any_key_is_not_found(gql: GraphQLClient) -> None:
    body = await gql.execute("query($id: ID!) { node(id: $id) { id } }", id=_id("Person", HUGE))
    assert body == {"data": {"node": None}}
    update = """mutation($id: ID!) { updatePerson(input: {id: $id, expectedVersion: 1,
      name: "x"}) { errors { code field } } }"""
    data = await gql(update, id=_id("Person", HUGE))
    assert data["updatePerson"]["errors"] == [{"code": "NOT_FOUND", "field": ["id"]}]
    delete = """mutation($id: ID!) { deletePerson(input: {id: $id, expectedVersion: 1})
      { errors { code } } }"""
    data = await gql(delete, id=_id("Person", "-" + HUGE))
    assert data["deletePerson"]["errors"] == [{"code": "NOT_FOUND"}]


CLIENT_MISTAKES = {
    "a malformed global ID": ('{ node(id: "xyz") { id } }', {}, "BAD_USER_INPUT"),
    "an empty global ID": ('{ node(id: "") { id } }', {}, "BAD_USER_INPUT"),
    "an Int out of range (literal)": (
        "{ people(first: 99999999999) { totalCount } }",
        {},
        "BAD_USER_INPUT",
    ),
    "an Int out of range (variable)": (
        CREATE_PERSON,
        {"input": {"name": "陈建国", "contactCadenceDays": 99999999999}},
        "BAD_USER_INPUT",
    ),
    "a negative page": ("{ people(first: -5) { totalCount } }", {}, "BAD_USER_INPUT"),
    "a missing non-null variable": (
        "query($id: ID!) { node(id: $id) { id } }",
        {},
        "BAD_USER_INPUT",
    ),
    "a syntax error": ("{ people { totalCount ", {}, "GRAPHQL_PARSE_FAILED"),
    "an unknown field": ("{ peple { totalCount } }", {}, "GRAPHQL_VALIDATION_FAILED"),
    "too many aliases": (
        "{ " + " ".join(f"a{i}: __typename" for i in range(40)) + " }",
        {},
        "QUERY_TOO_COMPLEX",
    ),
    "two operations without operationName": (
        "query A { __typename } query B { people { totalCount } }",
        {},
        "OPERATION_RESOLUTION_FAILURE",
    ),
}


@pytest.mark.parametrize(
    ("query", "variables", "code"), CLIENT_MISTAKES.values(), ids=CLIENT_MISTAKES.keys()
)
async def test_a_client_mistake_has_a_code_and_logs_one_line_without_traceback(
    gql: GraphQLClient,
    caplog: pytest.LogCaptureFixture,
    query: str,
    variables: dict[str, Any],
    code: str,
) -> None:
    caplog.set_level(logging.INFO)
    caplog.clear()
    body = await gql.execute(query, **variables)
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    assert not any(r.exc_info for r in caplog.records), "a client mistake logged a traceback"
    graphql_lines = [r for r in caplog.records if r.name.startswith(("crm", "strawberry"))]
    assert len(graphql_lines) == 1, [r.getMessage() for r in graphql_lines]


async def test_operation_name_picks_one_of_several(gql: GraphQLClient) -> None:
    response = await gql.http.post(
        "/graphql",
        json={
            "query": "query A { __typename } query B { people { totalCount } }",
            "operationName": "B",
        },
        headers=bearer(gql.token or ""),
    )
    assert response.json() == {"data": {"people": {"totalCount": 0}}}


async def test_no_token_and_a_bad_token_answer_alike(gql: GraphQLClient) -> None:
    query = {"query": "{ people { totalCount } }"}
    missing = await gql.http.post("/graphql", json=query)
    bad = await gql.http.post("/graphql", json=query, headers=bearer("crm_not-a-token"))
    for response in (missing, bad):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/json"
        assert response.headers["www-authenticate"] == 'Bearer realm="crm"'
        body = response.json()
        assert body.get("data") is None
        assert _code(body) == "UNAUTHENTICATED"


async def test_login_without_a_token_is_still_answered(gql: GraphQLClient) -> None:
    login = 'mutation { login(username: "nobody", password: "wrong-password") { errors { code } } }'
    response = await gql.http.post("/graphql", json={"query": login})
    assert response.status_code == 200
    assert response.json()["data"]["login"]["errors"] == [{"code": "UNAUTHENTICATED"}]
