"""The cost of a GraphQL operation: how many nodes it can return at most.

GitHub-style: every field costs the number of times it can be resolved, and a list
field that pages (`first`/`last`) multiplies what is below it by its page size (the
default page size when none is given). Fragments are costed once and multiplied, so
fragments spread many times cannot hide the size of a query.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from graphql.type.definition import GraphQLInterfaceType

__all__ = ["operation_cost"]


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    *,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    default_page_size: int,
) -> int:
    """The largest number of fields the operation can resolve."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    if not operations:
        return 0
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    walker = _Walker(schema, fragments, variables or {}, default_page_size)
    return walker.cost(operation.selection_set, root) if root else 0


class _Walker:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        default_page_size: int,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.default_page_size = default_page_size
        self.fragment_costs: dict[str, int] = {}
        self.in_progress: set[str] = set()

    def cost(self, selections: SelectionSetNode, parent: GraphQLNamedType | None) -> int:
        total = 0
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                total += self._field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.cost(selection.selection_set, inner)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value)
        return total

    def _fragment(self, name: str) -> int:
        if name in self.fragment_costs:
            return self.fragment_costs[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.in_progress:
            return 0  # validation reports unknown and circular fragments
        self.in_progress.add(name)
        inner = self.schema.get_type(fragment.type_condition.name.value)
        cost = self.cost(fragment.selection_set, inner)
        self.in_progress.discard(name)
        self.fragment_costs[name] = cost
        return cost

    def _field(self, node: FieldNode, parent: GraphQLNamedType | None) -> int:
        definition = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            definition = parent.fields.get(node.name.value)
        if node.selection_set is None:
            return 1
        child = get_named_type(definition.type) if definition else None
        page = self._page_size(node) if definition and "first" in definition.args else 1
        return 1 + page * self.cost(node.selection_set, child)

    def _page_size(self, node: FieldNode) -> int:
        for argument in node.arguments or ():
            if argument.name.value not in {"first", "last"}:
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(int(value.value), 1)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                if isinstance(given, int):
                    return max(given, 1)
        return self.default_page_size
