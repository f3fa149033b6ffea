"""Every type, field, argument, input field and enum value of the schema is described.

Frontend developers read the schema in their IDE (issue #19): a name alone does not say
what a value means, its unit, who may see it or what a default does.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
)
from graphql.type import introspection_types, specified_scalar_types

from crm.schema.schema import schema


def undescribed(graphql_schema: GraphQLSchema) -> list[str]:
    """The coordinates (`Type.field(argument:)`, `Enum.VALUE`) that have no description."""
    missing: list[str] = []

    def check(coordinate: str, description: str | None) -> None:
        if not (description or "").strip():
            missing.append(coordinate)

    for name, named in sorted(graphql_schema.type_map.items()):
        if name in introspection_types or name in specified_scalar_types:
            continue
        check(name, named.description)
        _check_members(named, check)
    return missing


def _check_members(named: GraphQLNamedType, check: Any) -> None:
    name = named.name
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in named.fields.items():
            check(f"{name}.{field_name}", field.description)
            for arg_name, argument in field.args.items():
                check(f"{name}.{field_name}({arg_name}:)", argument.description)
    elif isinstance(named, GraphQLInputObjectType):
        for field_name, input_field in named.fields.items():
            check(f"{name}.{field_name}", input_field.description)
    elif isinstance(named, GraphQLEnumType):
        for value_name, value in named.values.items():
            check(f"{name}.{value_name}", value.description)
    elif isinstance(named, GraphQLUnionType):
        pass  # a union's members are types, checked on their own


def test_every_schema_element_is_described() -> None:
    missing = undescribed(schema._schema)
    assert not missing, f"{len(missing)} schema elements lack a description:\n" + "\n".join(missing)
