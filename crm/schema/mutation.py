"""Mutations of a record type, declared once per domain (as Saleor's ModelMutation does).

A domain says what differs: its node type, and each write's input and use case
(`Write`); `record_mutations` builds the fields `create<Node>`, `update<Node>` (or any
verb: `recordAttendance`, `moveIntroduction`) with their named payloads
(`CreatePersonPayload { person, errors }`) and `delete<Node>` with its input
(`DeletePersonInput { id, expectedVersion }`) and the shared `DeletePayload`.

Every write runs the same way: the input becomes plain values (`crm.schema.inputs`),
the use case runs in one transaction, and an expected failure (`UserErrors`) comes back
as the payload's `errors` with nothing changed. Writes that make a record take an
`idempotencyKey` (`crm.resolvers.idempotency`): a retry is answered, not done again.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import relay

from crm.errors import UserErrorCode, UserErrors
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.idempotency import idempotent
from crm.resolvers.ids import key_of
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import EXPECTED_VERSION, INPUT, described, plain, update_input
from crm.schema.node import RowNode
from crm.wording import with_article

__all__ = [
    "DeletePayload",
    "IdempotencyKeyArgument",
    "Write",
    "attempt",
    "edits",
    "payload_type",
    "record_mutations",
]

T = TypeVar("T")

#: every payload's `errors`
ERRORS = "Why the mutation changed nothing; empty when it succeeded."
#: how the standard writes of a record type are described, unless a Write says more
_VERB_DESCRIPTIONS = {
    "create": "Creates {a_noun}; its ID is the payload's, or `errors` say why not.",
    "update": "Changes the fields sent of {a_noun} whose version is `expectedVersion` "
    "(else a CONFLICT error with the current version) and returns it at its new version.",
}

#: a use case of a write: the request's context and the input as plain values
UseCase = Callable[[Context, dict[str, Any]], Awaitable[Any]]


async def attempt(call: Awaitable[T]) -> tuple[T | None, list[UserError]]:
    """Await a write; on UserErrors return them for the payload (it rolled back)."""
    try:
        return await call, []
    except UserErrors as refused:
        return None, [UserError.of(e) for e in refused.errors]


@strawberry.type(description="The result of a delete: the ID that is gone, or why not.")
class DeletePayload:
    deleted_id: relay.GlobalID | None = described(
        "The ID of the deleted record; null when it was not deleted."
    )
    errors: list[UserError] = described(ERRORS)


@dataclass(frozen=True)
class Write:
    """One mutation of a record type: `<verb><Node>(input: <input>): <Verb><Node>Payload`."""

    verb: str
    input: type
    run: UseCase
    #: by default the standard wording of `create` and `update`; another verb says its own
    description: str | None = None


def edits(
    create_input: type, create: UseCase, update: UseCase, **options: Any
) -> tuple[Write, Write]:
    """A record type's `create` and `update`; the update's `Update…Input` is made from
    `create_input` (`crm.schema.inputs.update_input`, with its `options`)."""
    name = create_input.__name__.replace("Create", "Update", 1)
    changes = update_input(name, create_input, **options)
    return Write("create", create_input, create), Write("update", changes, update)


def payload_type(name: str, node: type[RowNode]) -> type:
    """`<name> { <node>: Node, errors: [UserError!]! }`."""
    field = _snake(node.__name__)
    noun = field.replace("_", " ")
    namespace = {
        "__annotations__": {field: node | None, "errors": list[UserError]},
        field: described(f"The {noun} as written; null on errors."),
        "errors": described(ERRORS),
        "__module__": node.__module__,
    }
    description = f"The outcome of a write of {with_article(noun)}: the record, or `errors`."
    return strawberry.type(type(name, (), namespace), description=description)


def record_mutations(
    node: type[RowNode],
    *writes: Write,
    delete: UseCase | None = None,
    delete_description: str | None = None,
) -> type:
    """The `<Node>Mutation` type: each write, then `delete<Node>` (with `delete`'s use
    case, or the plain one: check the version, delete, refuse while others depend on it)."""
    name = node.__name__
    fields = {f"{w.verb}_{_snake(name)}": _write_field(node, w) for w in writes}
    fields[f"delete_{_snake(name)}"] = _delete_field(node, delete, delete_description)
    return strawberry.type(type(f"{name}Mutation", (), {**fields, "__module__": node.__module__}))


#: writes that make a record: they take an `idempotencyKey`
CREATING_VERBS = frozenset({"create", "record"})
#: the argument's type and description, shared by every write that takes it
IdempotencyKeyArgument = Annotated[
    str | None,
    strawberry.argument(
        description="Any string unique to this request (a UUID): retried with the same key "
        "and input within 24 hours, the write is done once and its first result answered "
        "again; the same key with another input is a CONFLICT."
    ),
]


def _write_field(node: type[RowNode], write: Write) -> Any:
    payload = payload_type(f"{write.verb.title()}{node.__name__}Payload", node)
    field = _snake(node.__name__)
    operation = f"{write.verb}{node.__name__}"

    async def replay(kept: dict[str, Any], context: Context) -> Any:
        row = await context.loaders.row_by_id(node.table()).load(kept["id"])
        if row is None:
            message = "the record this idempotency key created has been deleted since"
            raise UserErrors.one(UserErrorCode.NOT_FOUND, message, ("idempotencyKey",))
        return row

    async def mutate(info: Info, input: Any, idempotency_key: str | None = None) -> Any:
        context, values = info.context, plain(input)
        row, errors = await attempt(
            idempotent(
                context,
                idempotency_key,
                operation,
                values,
                lambda: write.run(context, values),
                remember=_created,
                replay=lambda kept: replay(kept, context),
            )
        )
        return payload(**{field: node.from_row(row) if row else None, "errors": errors})

    async def mutate_once(info: Info, input: Any) -> Any:
        row, errors = await attempt(write.run(info.context, plain(input)))
        return payload(**{field: node.from_row(row) if row else None, "errors": errors})

    resolver = mutate if write.verb in CREATING_VERBS else mutate_once
    resolver.__annotations__.update({"input": _described_input(write.input), "return": payload})
    if resolver is mutate:
        resolver.__annotations__["idempotency_key"] = IdempotencyKeyArgument
    noun = with_article(_snake(node.__name__).replace("_", " "))
    description = write.description or _VERB_DESCRIPTIONS[write.verb].format(a_noun=noun)
    return strawberry.mutation(resolver=resolver, description=description)


def _created(row: Any) -> dict[str, Any]:
    return {"id": row.id}


def _delete_field(node: type[RowNode], run: UseCase | None, description: str | None) -> Any:
    name = node.__name__
    a_noun = with_article(_snake(name).replace("_", " "))
    namespace = {
        "__annotations__": {"id": relay.GlobalID, "expected_version": int},
        "id": described(f"The ID of {a_noun}."),
        "expected_version": described(EXPECTED_VERSION),
        "__module__": node.__module__,
    }
    delete_input = strawberry.input(
        type(f"Delete{name}Input", (), namespace), description=f"Which {name} to delete."
    )

    async def delete_row(context: Context, values: Mapping[str, Any]) -> Any:
        key = key_of("id", values["id"], name)
        return await crud.delete(context, node.model, key, values["expected_version"])

    use_case = run or delete_row

    async def mutate(info: Info, input: Any) -> DeletePayload:
        row, errors = await attempt(use_case(info.context, plain(input)))
        return DeletePayload(deleted_id=input.id if row else None, errors=errors)

    mutate.__annotations__["input"] = _described_input(delete_input)
    default = (
        f"Deletes {a_noun} whose version is `expectedVersion`; refused (with the reason in "
        "`errors`) while other records depend on it."
    )
    return strawberry.mutation(resolver=mutate, description=description or default)


def _described_input(input_type: type) -> Any:
    """The `input` argument of a mutation: its input type, described once for all."""
    return Annotated[input_type, strawberry.argument(description=INPUT)]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
