"""GraphQL inputs as plain values, for the use cases below the schema.

An input object becomes a dict of the fields the client sent (`UNSET` ones left out, so
an update changes only those; python names: `name_latin`, `and_`), a global ID a
`RecordId`, a list its items; enums are the domain's own (`crm.db.enums`) already.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from strawberry import UNSET, relay
from strawberry.types.base import has_object_definition

from crm.resolvers.ids import RecordId

__all__ = ["plain"]


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
