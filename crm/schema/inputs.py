"""GraphQL inputs as plain values, for the use cases below the schema.

An input object becomes a dict of the fields the client sent (`UNSET` ones left out, so
an update changes only those; python names: `name_latin`, `and_`), a global ID a
`RecordId`, a list its items; enums are the domain's own (`crm.db.enums`) already.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import strawberry
from strawberry import UNSET, relay
from strawberry.types.base import has_object_definition

from crm.resolvers.ids import RecordId

__all__ = [
    "ALL_OF",
    "ANY_OF",
    "EXPECTED_VERSION",
    "FILTER_ARGUMENT",
    "INPUT",
    "INPUT_ARGUMENT",
    "NONE_OF",
    "described",
    "filter_input",
    "optional",
    "plain",
    "stage_reason",
    "update_input",
]

#: what an update input says of itself, unless it says more
ONLY_SENT = "Only the fields sent are changed; null clears a field."
#: the `expectedVersion` of every update and delete
EXPECTED_VERSION = (
    "The record's `version` as you read it; if it has changed since, nothing is written "
    "and a CONFLICT error gives the current version (optimistic concurrency)."
)
#: the `and`, `or` and `not` of every filter
ALL_OF = "Every one of these filters holds as well."
ANY_OF = "At least one of these filters holds as well."
NONE_OF = "This filter does not hold."
#: the `input` argument of every mutation that takes one
INPUT = "What to write; see the input type's fields."
#: the argument annotations of every `input` and every `filter`:
#: `filter: Annotated[PersonFilter | None, FILTER_ARGUMENT] = None`
INPUT_ARGUMENT = strawberry.argument(description=INPUT)
FILTER_ARGUMENT = strawberry.argument(
    description="Only the records meeting these conditions; none: every record you may see."
)


def described(description: str) -> Any:
    """A field with its description, the one thing most fields of the schema declare
    besides their name and type (`strawberry.field(description=…)`)."""
    return strawberry.field(description=description)


def optional(description: str) -> Any:
    """A field that is null unless set: an input field the client may leave out (or an
    output field the code may leave unset), with its description."""
    return strawberry.field(default=None, description=description)


def stage_reason() -> tuple[str, Any]:
    """The `stageReason` of an update of a record that moves through stages (a project,
    an application): an `extra` field of `update_input`."""
    return "str | None", optional("Why the stage changes; kept in the stage history.")


def plain(value: Any) -> Any:
    if isinstance(value, relay.GlobalID):
        return RecordId(value.type_name, value.node_id)
    if isinstance(value, list):
        return [plain(item) for item in value]
    if has_object_definition(value) and not isinstance(value, type):
        return {
            f.name: plain(item)
            for f in dataclasses.fields(value)
            if (item := getattr(value, f.name)) is not UNSET
        }
    return value


def filter_input(description: str) -> Callable[[type], type]:
    """Decorates a filter's fields into a strawberry input with `and`, `or` and `not`
    of the filter itself (each described once, here)."""

    def make(cls: type) -> type:
        name = cls.__name__
        cls.__annotations__.update(
            {
                "and_": f"list[{name}] | None",
                "or_": f"list[{name}] | None",
                "not_": f"{name} | None",
            }
        )
        for field_name, text in (("and_", ALL_OF), ("or_", ANY_OF), ("not_", NONE_OF)):
            graphql_name = field_name.rstrip("_")
            setattr(
                cls, field_name, strawberry.field(default=None, name=graphql_name, description=text)
            )
        return strawberry.input(cls, description=description)

    return make


def update_input(
    name: str,
    create: type,
    *,
    description: str = ONLY_SENT,
    without: Iterable[str] = (),
    descriptions: Mapping[str, str] | None = None,
    extra: Mapping[str, tuple[str, Any]] | None = None,
) -> type:
    """The `Update…Input` of a record type from its `Create…Input`: `id` and
    `expectedVersion`, then every field of the create input (but `without`) as optional
    and left out unless sent; `descriptions` for its fields (by default the create
    input's), `extra` fields at the end (name → (annotation, default or strawberry.field))."""
    annotations: dict[str, Any] = {"id": "relay.GlobalID", "expected_version": "int"}
    namespace: dict[str, Any] = {
        "__module__": create.__module__,
        "id": described("The ID of the record to change."),
        "expected_version": described(EXPECTED_VERSION),
    }
    skipped = set(without)
    inherited = {
        f.python_name: f.description
        for f in create.__strawberry_definition__.fields  # type: ignore[attr-defined]
    }
    # The create input's own annotations (text: `from __future__ import annotations`),
    # read in its module as the new input's are.
    for field_name, kind in create.__annotations__.items():
        if field_name in skipped:
            continue
        annotations[field_name] = kind if "None" in kind else f"{kind} | None"
        text = (descriptions or {}).get(field_name) or inherited.get(field_name)
        namespace[field_name] = strawberry.field(default=UNSET, description=text) if text else UNSET
    for field_name, (kind, default) in (extra or {}).items():
        annotations[field_name] = kind
        namespace[field_name] = default
    namespace["__annotations__"] = annotations
    return strawberry.input(type(name, (), namespace), description=description)
