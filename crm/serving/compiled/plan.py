"""From a validated query to the shapes the compiled read path answers, or None.

Covered: root lists declared with `connection(...)` over a table (people,
organisations, …) and `node(id:)` of a record type, with their plain column fields,
`id` and `__typename`, to-one references (an affiliation's organisation) and nested
lists (a person's affiliations, relationships) with first/after/last/before and
orderBy. Anything else makes the whole operation go to the general executor: a field
with a resolver of its own (contact channels, computed fields), a filter or other list
argument, a directive, a type whose rows are visible per viewer, a type the viewer may
not read, an argument the general executor would refuse (it says why better).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    is_abstract_type,
    is_leaf_type,
)
from graphql.execution.values import get_argument_values, get_variable_values
from strawberry.relay import from_base64

from crm.db.paging import PageRequest, checked
from crm.errors import UserErrors
from crm.resolvers.listing import ChildList, OrderBy, TableList
from crm.resolvers.relationship import RelationshipsOf
from crm.security.viewer import Viewer
from crm.serving.compiled.shape import (
    LISTING,
    REFERENCE,
    Connection,
    ConnectionField,
    ConnectionRoot,
    Edges,
    GlobalId,
    Leaf,
    Nested,
    Node,
    NodeField,
    NodeRoot,
    PageInfo,
    Reference,
    Root,
    Typename,
)
from crm.serving.compiled.source import source_of
from crm.serving.compiled.values import covered

__all__ = ["NotCoveredError", "plan"]

_PAGE = ("first", "after", "last", "before")
#: a node type that overrides one of these decides per row or per viewer: not compiled
_ROW_NODE_METHODS = ("visible", "resolve_nodes", "from_row")
_PAGE_INFO = frozenset({"hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"})


class NotCoveredError(Exception):
    """The operation needs the general executor."""


def plan(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    viewer: Viewer,
    max_page_size: int,
) -> Root | None:
    """The shapes of the operation, or None when it is not covered."""
    try:
        return _Planner(schema, document, variables or {}, viewer, max_page_size).root(
            operation_name
        )
    except (NotCoveredError, UserErrors):
        return None


class _Planner:
    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any],
        viewer: Viewer,
        max_page_size: int,
    ) -> None:
        self.schema = schema
        self.document = document
        self.raw_variables = variables
        self.viewer = viewer
        self.max_page_size = max_page_size
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variables: Any = None

    def root(self, operation_name: str | None) -> Root:
        definitions = self.document.definitions
        operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
        if operation_name is not None:
            operations = [o for o in operations if o.name and o.name.value == operation_name]
        if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
            raise NotCoveredError
        operation = operations[0]
        if operation.directives:
            raise NotCoveredError
        coerced = get_variable_values(
            self.schema, operation.variable_definitions or (), dict(self.raw_variables)
        )
        if isinstance(coerced, list):  # errors: the general executor reports them
            raise NotCoveredError
        self.variables = coerced
        query = self.schema.query_type
        assert query is not None
        root = Root()
        for key, nodes in self._collect(query, [operation.selection_set]).items():
            name = nodes[0].name.value
            if name == "__typename":
                root.fields.append(Typename(key, query.name))
            elif name not in query.fields:  # __schema, __type: introspection
                raise NotCoveredError
            elif name == "node":
                root.fields.append(self._node_root(key, query.fields[name], nodes))
            else:
                root.fields.append(self._connection_root(key, query.fields[name], nodes))
        return root

    # -- roots ---------------------------------------------------------------------------

    def _node_root(self, key: str, field: GraphQLField, nodes: list[FieldNode]) -> NodeRoot:
        args = get_argument_values(field, nodes[0], self.variables)
        try:
            type_name, node_id = from_base64(args["id"])
            row_key = int(node_id)
        except Exception as exc:  # a malformed ID: the general executor says so
            raise NotCoveredError from exc
        type_ = self.schema.get_type(type_name)
        if not isinstance(type_, GraphQLObjectType):
            raise NotCoveredError
        return NodeRoot(key, self._node(type_, _selections(nodes)), row_key)

    def _connection_root(
        self, key: str, field: GraphQLField, nodes: list[FieldNode]
    ) -> ConnectionRoot:
        listing = _metadata(field).get(LISTING)
        if not isinstance(listing, TableList):
            raise NotCoveredError
        return ConnectionRoot(key, self._connection(field, nodes, listing))

    # -- connections ---------------------------------------------------------------------

    def _connection(self, field: GraphQLField, nodes: list[FieldNode], listing: Any) -> Connection:
        args = get_argument_values(field, nodes[0], self.variables)
        for name, value in args.items():
            if name not in _PAGE and name != "orderBy" and value is not None:
                raise NotCoveredError  # a filter, a kind: not compiled
        request = PageRequest.of(
            **{name: args.get(name) for name in _PAGE}, max_page_size=self.max_page_size
        )
        order_by = _order_by(args.get("orderBy"))
        # the cursors checked against the ordering, as the listing would (or fall back)
        sort = source_of(listing, order_by).sort
        request = checked(request, sort)
        type_ = _object(field.type)
        edge_type = _object(type_.fields["edges"].type)
        node_type = _object(edge_type.fields["node"].type)
        node: Node | None = None
        fields: list[ConnectionField] = []
        edge_nodes: dict[str, list[FieldNode]] = {}
        for key, selected in self._collect(type_, _selections(nodes)).items():
            name = selected[0].name.value
            if name == "__typename":
                fields.append(Typename(key, type_.name))
            elif name == "totalCount":
                fields.append(("totalCount", key))
            elif name == "pageInfo":
                page_info = self._collect(_object(type_.fields[name].type), _selections(selected))
                if any(n[0].name.value not in _PAGE_INFO for n in page_info.values()):
                    raise NotCoveredError
                fields.append(PageInfo(key, [(k, n[0].name.value) for k, n in page_info.items()]))
            elif name == "edges":
                edge_fields = []
                for edge_key, edge_selected in self._collect(
                    edge_type, _selections(selected)
                ).items():
                    edge_name = edge_selected[0].name.value
                    edge_fields.append((edge_key, edge_name))
                    if edge_name == "node":
                        edge_nodes.setdefault(edge_key, []).extend(edge_selected)
                fields.append(Edges(key, edge_fields, edge_type.name, None))
            else:
                raise NotCoveredError
        if len(edge_nodes) > 1:
            raise NotCoveredError  # the node under two keys (aliases): rare, not compiled
        selections = _selections(next(iter(edge_nodes.values()))) if edge_nodes else []
        node = self._node(node_type, selections)
        fields = [
            Edges(f.key, f.fields, f.type_name, node) if isinstance(f, Edges) else f for f in fields
        ]
        return Connection(listing, order_by, request, fields, node, sort)

    # -- nodes ---------------------------------------------------------------------------

    def _node(self, type_: GraphQLObjectType, selections: list[SelectionSetNode]) -> Node:
        origin = type_.extensions["strawberry-definition"].origin
        if not hasattr(origin, "model") or any(
            getattr(origin, name).__func__.__qualname__ != f"RowNode.{name}"
            for name in _ROW_NODE_METHODS
        ):
            # not a table's row; or rows visible per viewer, found or built its own way
            raise NotCoveredError
        if not self.viewer.can_read_type(type_.name):
            raise NotCoveredError
        table = origin.table()
        fields: list[NodeField] = []
        for key, nodes in self._collect(type_, selections).items():
            name = nodes[0].name.value
            if name == "__typename":
                fields.append(Typename(key, type_.name))
                continue
            field = type_.fields[name]
            definition = field.extensions["strawberry-definition"]
            if name == "id":
                fields.append(GlobalId(key, type_.name))
            elif (listing := definition.metadata.get(LISTING)) is not None:
                if not isinstance(listing, ChildList | RelationshipsOf):
                    raise NotCoveredError
                fields.append(Nested(key, self._connection(field, nodes, listing)))
            elif (reference := definition.metadata.get(REFERENCE)) is not None:
                target, column = reference
                target_type = self.schema.get_type(target)
                assert isinstance(target_type, GraphQLObjectType)
                fields.append(Reference(key, column, self._node(target_type, _selections(nodes))))
            elif definition.base_resolver is None and not field.args:
                column = definition.python_name
                if column not in table.c or not covered(table.c[column].type):
                    raise NotCoveredError
                fields.append(Leaf(key, column, _serializer(field.type), _named(field.type)))
            else:
                raise NotCoveredError  # a field of its own resolver (contact channels, …)
        return Node(type_.name, table, fields)

    # -- selections ----------------------------------------------------------------------

    def _collect(
        self, type_: GraphQLObjectType, selection_sets: Iterable[SelectionSetNode]
    ) -> dict[str, list[FieldNode]]:
        """The fields selected on `type_` by response key, in order, fragments applied."""
        fields: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            self._collect_into(type_, selection_set, fields)
        return fields

    def _collect_into(
        self,
        type_: GraphQLObjectType,
        selection_set: SelectionSetNode,
        fields: dict[str, list[FieldNode]],
    ) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise NotCoveredError
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or self._applies(condition.name.value, type_):
                    self._collect_into(type_, selection.selection_set, fields)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments[selection.name.value]
                if fragment.directives:
                    raise NotCoveredError
                if self._applies(fragment.type_condition.name.value, type_):
                    self._collect_into(type_, fragment.selection_set, fields)

    def _applies(self, condition: str, type_: GraphQLObjectType) -> bool:
        if condition == type_.name:
            return True
        named = self.schema.get_type(condition)
        return bool(
            named is not None and is_abstract_type(named) and self.schema.is_sub_type(named, type_)
        )


def _selections(nodes: list[FieldNode]) -> list[SelectionSetNode]:
    return [n.selection_set for n in nodes if n.selection_set is not None]


def _metadata(field: GraphQLField) -> Mapping[str, Any]:
    definition = field.extensions.get("strawberry-definition")
    return definition.metadata if definition is not None else {}


def _object(type_: Any) -> GraphQLObjectType:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    if not isinstance(type_, GraphQLObjectType):
        raise NotCoveredError
    return type_


def _order_by(orders: list[Mapping[str, Any]] | None) -> OrderBy | None:
    if not orders:
        return None
    return [(order["field"].name, order["direction"].value == "desc") for order in orders]


def _named(type_: Any) -> Any:
    """The leaf's scalar, enum or list type (not null or not)."""
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def _serializer(type_: Any) -> Any:
    """The leaf's serialisation as graphql-core completes it (lists item by item)."""
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        item = _serializer(type_.of_type)

        def serialize_list(value: Any) -> Any:
            return None if value is None else [item(v) for v in value]

        return serialize_list
    if not is_leaf_type(type_):
        raise NotCoveredError
    serialize = type_.serialize

    def serialize_leaf(value: Any) -> Any:
        return None if value is None else serialize(value)

    return serialize_leaf
