"""Every root field, asked with hostile argument values, answers with coded errors and
never with the server's fault: what a generated fuzz run found (NUL in any string, IDs
beyond any key, malformed IDs, Ints out of range) is pinned here for all of them."""

from __future__ import annotations

import base64
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    get_named_type,
    is_leaf_type,
)

from crm.schema.schema import schema
from tests.api.conftest import GraphQLClient


def _id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


#: per variant, a value for each scalar
VARIANTS: dict[str, dict[str, Any]] = {
    "NUL in strings": {"String": "陈\u0000建国", "ID": _id("Person:1"), "Int": 1},
    "IDs beyond any key": {"String": "x", "ID": _id("Person:99999999999999999999"), "Int": 1},
    "malformed IDs": {"String": "x", "ID": "not-an-id", "Int": 1},
    "empty IDs": {"String": "", "ID": "", "Int": 1},
    "Ints out of range": {"String": "x", "ID": _id("Person:1"), "Int": 2**40},
    "negative Ints": {"String": "x", "ID": _id("Person:1"), "Int": -5},
}
_OTHER_SCALARS: dict[str, Any] = {
    "Float": 0.5,
    "Boolean": True,
    "Date": "2024-02-01",
    "DateTime": "2024-01-01T08:00:00+08:00",
    "Decimal": "1.5",
    "JSON": {},
}


def _value(kind: GraphQLInputType, scalars: dict[str, Any], depth: int = 0) -> Any:
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type, scalars, depth)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type, scalars, depth)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        fields = kind.fields.items()
        return {
            name: _value(field.type, scalars, depth + 1)
            for name, field in fields
            # every required field; the optional ones near the top, not into and/or/not
            if isinstance(field.type, GraphQLNonNull) or depth == 0
        }
    assert isinstance(kind, GraphQLScalarType)
    return scalars.get(kind.name, _OTHER_SCALARS.get(kind.name, "x"))


def _document(operation: str, name: str, field: GraphQLField) -> str:
    variables = ", ".join(f"${a}: {t.type}" for a, t in field.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field.args)
    head = f"{operation}({variables})" if variables else operation
    call = f"{name}({arguments})" if arguments else name
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    return f"{head} {{ {call}{selection} }}"


def _operations() -> list[tuple[str, str, GraphQLField]]:
    graphql_schema = schema._schema
    found = []
    for operation, root in (
        ("query", graphql_schema.query_type),
        ("mutation", graphql_schema.mutation_type),
    ):
        assert root is not None
        found += [(operation, name, field) for name, field in root.fields.items() if field.args]
    return found


async def test_no_root_field_answers_a_server_fault_to_hostile_arguments(
    gql: GraphQLClient,
) -> None:
    operations = _operations()
    assert len(operations) > 60
    faults: list[str] = []
    uncoded: list[str] = []
    seen: dict[str | None, int] = {}
    for operation, name, field in operations:
        document = _document(operation, name, field)
        for variant, scalars in VARIANTS.items():
            variables = {a: _value(t.type, scalars) for a, t in field.args.items()}
            response = await gql.http.post(
                "/graphql",
                json={"query": document, "variables": variables},
                headers={"Authorization": f"Bearer {gql.token}"},
            )
            assert response.status_code == 200, (name, variant, response.text)
            for error in response.json().get("errors", []):
                code = (error.get("extensions") or {}).get("code")
                if code is None:
                    uncoded.append(f"{name} ({variant}): {error['message']}")
                seen[code] = seen.get(code, 0) + 1
                if code == "INTERNAL_SERVER_ERROR":
                    faults.append(f"{name} ({variant})")
    assert seen.get("BAD_USER_INPUT", 0) > len(operations)  # the hostile values were seen
    assert faults == []
    assert uncoded == []
