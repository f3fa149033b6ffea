"""The access gate: what a caller's role lets an operation select, checked once the
document is valid and before anything runs (a refused operation never reads a row).

- Not signed in: `login` only (and, outside production, introspection for GraphiQL).
- Roles that do not write (ANALYST, APP): no mutations but their own token management.
- APP tokens: only the record types and fields their scopes name; never the staff
  directory (`STAFF_ONLY_ROOTS`).
- Administrators' records (the audit log): administrators only.

The last two refuse fields, not documents: the rest of a query is answered and each
refused field is null with a FORBIDDEN error at its path (GraphQL's partial results);
`guard_fields` puts the check in front of the resolvers of the fields it may concern.

What depends on the record itself (whose contact channels, which rows a liaison
officer may change) is decided in the data layer, not here.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from graphql import (
    SKIP,
    DocumentNode,
    FieldNode,
    GraphQLError,
    GraphQLFieldResolver,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    default_field_resolver,
    get_named_type,
    visit,
)
from strawberry.extensions import SchemaExtension

from crm.security.viewer import Viewer
from crm.settings import Environment
from crm.wording import with_article

__all__ = [
    "ACCOUNT_MUTATIONS",
    "STAFF_ONLY_ROOTS",
    "AccessGate",
    "PassedDocuments",
    "guard_fields",
    "refused_fields",
]

#: mutations every signed-in user may run on their own account
ACCOUNT_MUTATIONS: frozenset[str] = frozenset({"login", "createApiToken", "revokeApiToken"})
#: mutations that change no record, open to roles that do not write (the resolver checks
#: the role: `runAnalysis` is for administrators and analysts)
READER_MUTATIONS: frozenset[str] = ACCOUNT_MUTATIONS | {"runAnalysis"}
_ANONYMOUS_FIELDS = frozenset({"login", "__typename"})
_INTROSPECTION_FIELDS = frozenset({"__schema", "__type"})


class AccessGate(SchemaExtension):
    """Listed after ValidationCache (which validates): runs on a valid document."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if not context.pre_execution_errors and document is not None:
            request = context.context
            production = request.settings.env is Environment.PRODUCTION
            schema = context.schema._schema
            error, refused = _PASSED.verdict(
                schema, document, request.viewer, production=production
            )
            if error is None and refused:
                websocket = request.connection_params is not None  # one context, many operations
                if websocket or not _is_query(document, context.operation_name):
                    # a write must not happen when part of its answer is refused; a
                    # subscription's events have no partial answer to give
                    error = _error(_message(set(refused.values())), "FORBIDDEN")
            request.refused_fields = dict(refused)
            if error is not None:
                context.pre_execution_errors = [error]
        yield


class PassedDocuments:
    """Documents a kind of viewer (role and scopes) was let through, with the fields of
    them it may not read: the parser cache hands out the same document object for the
    same text, so a repeated query is not walked again. Refusals are not kept (their
    errors belong to one answer)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        # keyed by the document's id; the document is kept, so the id is not reused
        self._passed: dict[tuple[Any, ...], tuple[DocumentNode, dict[tuple[str, str], str]]] = {}

    def verdict(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        viewer: Viewer | None,
        *,
        production: bool,
    ) -> tuple[GraphQLError | None, dict[tuple[str, str], str]]:
        """Why this viewer may not run this document at all (None: it may), and the
        fields of it the viewer may not read (answered FORBIDDEN where selected)."""
        if viewer is None:
            return refusal(schema, document, viewer, production=production), {}
        key = (id(schema), id(document), viewer.role, viewer.scopes, production)
        kept = self._passed.get(key)
        if kept is not None and kept[0] is document:
            return None, kept[1]
        error = refusal(schema, document, viewer, production=production)
        if error is not None:
            return error, {}
        refused = {} if viewer.is_admin else refused_fields(schema, document, viewer)
        if len(self._passed) >= self.maxsize:
            self._passed.clear()
        self._passed[key] = (document, refused)
        return None, refused


_PASSED = PassedDocuments(maxsize=4_096)


def refusal(
    schema: GraphQLSchema, document: DocumentNode, viewer: Viewer | None, *, production: bool
) -> GraphQLError | None:
    """Why this viewer may not run this document at all (None: it may, though some of
    its fields may be refused: `refused_fields`)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if viewer is None:
        allowed = _ANONYMOUS_FIELDS if production else _ANONYMOUS_FIELDS | _INTROSPECTION_FIELDS
        for operation in operations:
            for selection in operation.selection_set.selections:
                if not isinstance(selection, FieldNode) or selection.name.value not in allowed:
                    return _error(
                        "sign in first: send `Authorization: Bearer <token>` (get one "
                        "with the `login` mutation or `crm user create`), or sign in "
                        "to a browser session at /auth/session",
                        "UNAUTHENTICATED",
                    )
        return None
    if not viewer.may_write:
        for operation in operations:
            if operation.operation is not OperationType.MUTATION:
                continue
            for selection in operation.selection_set.selections:
                if not isinstance(selection, FieldNode) or (
                    selection.name.value not in READER_MUTATIONS
                    and selection.name.value != "__typename"
                ):
                    return _error(
                        f"{with_article(viewer.role.value)} account reads only: "
                        "it cannot change records",
                        "FORBIDDEN",
                    )
    return None


def refused_fields(
    schema: GraphQLSchema, document: DocumentNode, viewer: Viewer
) -> dict[tuple[str, str], str]:
    """The fields of the document the viewer may not read: (parent type, field) → why."""
    if viewer.is_admin:
        return {}
    records = _record_types(schema)
    type_info = TypeInfo(schema)
    refused: dict[tuple[str, str], str] = {}

    class Check(Visitor):
        def enter_field(self, node: FieldNode, *_args: object) -> Any:
            parent = type_info.get_parent_type()
            if parent is None or node.name.value.startswith("__"):
                return None
            field_name = node.name.value
            why: list[str] = []
            if viewer.is_app and parent in (schema.query_type, schema.subscription_type):
                root = _app_root_refusal(viewer, field_name, type_info, records)
                if root is not None:
                    why.append(root)
            record = records.get(parent.name)
            if record is not None:
                if not viewer.can_read_type(record):
                    why.append(record)
                elif record == parent.name and not viewer.can_read_field(record, field_name):
                    why.append(f"{record}.{field_name}")
            field_type = type_info.get_type()
            if field_type is not None:
                held = records.get(get_named_type(field_type).name)
                if held is not None and not viewer.can_read_type(held):
                    why.append(held)
            if why:
                refused[(parent.name, field_name)] = _message(set(why))
                return SKIP  # nothing below a refused field is read
            return None

    visit(document, TypeInfoVisitor(type_info, Check()))
    return refused


def _message(names: set[str]) -> str:
    return f"this token may not read {', '.join(sorted(names))}"


def _is_query(document: DocumentNode, operation_name: str | None) -> bool:
    return any(
        isinstance(d, OperationDefinitionNode)
        and d.operation is OperationType.QUERY
        and (operation_name is None or (d.name is not None and d.name.value == operation_name))
        for d in document.definitions
    )


def guard_fields(schema: GraphQLSchema) -> None:
    """Put the refusal check in front of every field it may concern (a root field, a
    field of a record type or holding one): the field answers FORBIDDEN when the
    request refused it (`Context.refused_fields`); else the resolver runs as before.
    Root query fields become nullable, so a refused one leaves the others' answers."""
    records = _record_types(schema)
    roots = {schema.query_type}
    if schema.query_type is not None:
        # Root fields are nullable (as GitHub's are): a refused one is null with its
        # error, and null does not spread to the whole answer.
        for field in schema.query_type.fields.values():
            if isinstance(field.type, GraphQLNonNull):
                field.type = field.type.of_type
    for name, graphql_type in schema.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            held = get_named_type(field.type).name in records
            if graphql_type in roots or name in records or held:
                field.resolve = _guarded(field.resolve or default_field_resolver, name, field_name)


def _guarded(
    resolve: GraphQLFieldResolver, type_name: str, field_name: str
) -> GraphQLFieldResolver:
    key = (type_name, field_name)

    def guarded(root: Any, info: Any, **args: Any) -> Any:
        refused = info.context.refused_fields
        if refused and key in refused:
            raise GraphQLError(refused[key], extensions={"code": "FORBIDDEN"})
        return resolve(root, info, **args)

    guarded.__wrapped__ = resolve  # type: ignore[attr-defined]
    return guarded


#: root fields for staff (people) only: APP tokens never read them, whatever their scopes
STAFF_ONLY_ROOTS: frozenset[str] = frozenset({"staffDirectory"})

#: APP tokens: root fields that work on records of a type need it in the token's scopes
_ROOT_NEEDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "introductionPaths",
            "connectors",
            "influencers",
            "communities",
            "singlePointsOfFailure",
            "suggestedIntroductions",
            "egoNetwork",
            "networkStats",
            "search",
            "duplicateCandidates",
            "followUpsDue",
            "timelineEntryAdded",
        ),
        "Person",
    ),
    "introductionStatusChanged": "Introduction",
    "projectStageChanged": "Project",
}


def _app_root_refusal(
    viewer: Viewer, field_name: str, type_info: TypeInfo, records: dict[str, str]
) -> str | None:
    """An APP token reads a root field if it lists records of a type in its scopes, if
    it works on people and Person is in scope, or if its scopes name it (`dashboard`);
    never a root field for staff only (`staffDirectory`), whatever its scopes."""
    if field_name in STAFF_ONLY_ROOTS:
        return field_name
    if field_name in viewer.scopes or field_name in ("node", "nodes", "me"):
        return None
    needed = _ROOT_NEEDS.get(field_name)
    if needed is not None:
        return None if viewer.can_read_type(needed) else field_name
    field_type = type_info.get_type()
    if field_type is not None and get_named_type(field_type).name in records:
        return None  # checked as a record type
    return field_name


@cache
def _record_types(schema: GraphQLSchema) -> dict[str, str]:
    """Type name → the record type it holds: a Node type holds itself; its connections
    and edges hold it too (so `people { totalCount }` needs Person)."""
    found: dict[str, str] = {}
    types = schema.type_map
    for name, graphql_type in types.items():
        if isinstance(graphql_type, GraphQLObjectType) and any(
            i.name == "Node" for i in graphql_type.interfaces
        ):
            found[name] = name
    for name, graphql_type in types.items():
        if not isinstance(graphql_type, GraphQLObjectType) or name in found:
            continue
        held = _held(graphql_type, found)
        if held is not None:
            found[name] = held
    return found


def _held(graphql_type: GraphQLObjectType, records: dict[str, str]) -> str | None:
    """The record type an edge (`node`) or connection (`edges`/`nodes`) holds."""
    for field_name in ("node", "nodes", "edges"):
        field = graphql_type.fields.get(field_name)
        if field is None:
            continue
        inner: GraphQLNamedType = get_named_type(field.type)
        if inner.name in records:
            return records[inner.name]
        if isinstance(inner, GraphQLObjectType) and field_name == "edges":
            node = inner.fields.get("node")
            if node is not None:
                return records.get(get_named_type(node.type).name)
    return None


def _error(message: str, code: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})
