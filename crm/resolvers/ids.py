"""Records named by type and key: what a client's global ID stands for, as a plain value.

The schema turns every global ID it receives into a `RecordId` before calling down, so
the use cases never see a GraphQL type; `str(record_id)` is the global ID again (base64
of "Type:key", the Relay scheme clients know), for messages and stored paths.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass

from crm.errors import UserErrorCode, UserErrors, bad_input
from crm.wording import with_article

__all__ = ["NO_RECORD", "RecordId", "key_of", "keys_of", "record_key"]

#: the largest key a row can have (a 64-bit signed integer on both databases)
MAX_KEY = 2**63 - 1
#: the key an ID beyond any row's stands for: no row has it (keys start at 1), so the
#: record is simply not found, where the database would refuse the number itself
NO_RECORD = 0


def record_key(node_id: str) -> int:
    """The key in an ID's `Type:key`; ValueError if it is not an integer."""
    if not node_id.isascii() or not node_id.lstrip("-").isdigit():
        raise ValueError(f"not an integer key: {node_id!r}")
    key = int(node_id)
    return key if -MAX_KEY <= key <= MAX_KEY else NO_RECORD


@dataclass(frozen=True, slots=True)
class RecordId:
    type_name: str
    node_id: str

    @classmethod
    def of(cls, type_name: str, key: int) -> RecordId:
        return cls(type_name, str(key))

    def __str__(self) -> str:
        return base64.b64encode(f"{self.type_name}:{self.node_id}".encode()).decode()


def key_of(field: str, value: RecordId, type_name: str) -> int:
    """The key behind a record's own ID (a VALIDATION error on `field` otherwise)."""
    if value.type_name != type_name:
        raise UserErrors.one(
            UserErrorCode.VALIDATION,
            f"{field} must be the ID of {with_article(type_name)}",
            (field,),
        )
    try:
        return record_key(value.node_id)
    except ValueError:
        raise UserErrors.one(
            UserErrorCode.VALIDATION, f"{field} is not a valid ID", (field,)
        ) from None


def keys_of(field: str, ids: Sequence[RecordId] | None, *types: str) -> list[int]:
    """Keys behind the IDs of a query argument or filter field; another type's ID is
    refused (BAD_USER_INPUT)."""
    keys = []
    for record in ids or []:
        if record.type_name not in types:
            raise bad_input(
                f"`{field}` takes IDs of {' or '.join(types)}, not of {record.type_name}"
            )
        try:
            keys.append(record_key(record.node_id))
        except ValueError as exc:
            raise bad_input(f"`{field}` holds an invalid ID") from exc
    return keys
