"""Schema values built from the domain's own objects: a strawberry type's fields copied
from the attributes of the same names (a Row, an ORM object, a resolver's dataclass)."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["from_attributes"]

T = TypeVar("T")

_FIELDS: dict[type, tuple[str, ...]] = {}


def from_attributes(cls: type[T], source: Any, **given: Any) -> T:
    """`cls` with each field read from `source`'s attribute of that name, but the fields
    `given` (where the schema names or shapes a value differently)."""
    values = {name: getattr(source, name) for name in init_fields(cls) if name not in given}
    return cls(**values, **given)


def init_fields(cls: type) -> tuple[str, ...]:
    """The names of the fields the (dataclass) type is built from (cached per type)."""
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.init)
    return fields
