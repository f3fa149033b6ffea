"""A file's rows made ready to import: cells parsed, validated by the write path's own
`values_of` (`crm.transfer.entities`), or rejected with the reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from crm.db.enums import AffiliationRole
from crm.resolvers.validation import Validator
from crm.transfer.entities import ENTITIES, Entity
from crm.transfer.mapping import FIELDS, ColumnMap, auto_map
from crm.transfer.report import CannotImportError, Rejected
from crm.transfer.values import BadCellError

__all__ = ["Row", "column_map", "prepare_row"]


@dataclass
class Row:
    """A row of the file on its way in, and what became of it."""

    index: int
    number: int
    cells: list[str]
    typed: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)
    #: columns the file gave a value for (an update changes only these)
    given: set[str] = field(default_factory=set)
    #: the resolved references: field → key
    refs: dict[str, int | None] = field(default_factory=dict)
    action: str = ""
    reason: str = ""
    target: int | None = None
    #: a person row's employer: organisation key, role, title
    employer: tuple[int, AffiliationRole, str | None] | None = None
    participants: list[int] = field(default_factory=list)


# ---------------------------------------------------------------------------- preparing

_HOMETOWN = {"hometown", "hometown_province", "hometown_city", "hometown_county"}
#: columns a write derives from other fields: an update that fills those changes these
_DERIVED: dict[str, set[str]] = {
    "expertise_as_written": {"expertise"},
    **{column: _HOMETOWN - {column} for column in _HOMETOWN},
}


def column_map(
    entity: str, headers: Sequence[str], mapping: dict[str, str | None] | None
) -> ColumnMap:
    spec = ENTITIES[entity]
    columns = auto_map(entity, headers, mapping)
    missing = [group for group in spec.needs if not columns.mapped & set(group)]
    if missing:
        aliases = FIELDS[entity]
        wanted = "; ".join(
            " or ".join(f"{f} ({', '.join(aliases.get(f, ())[:2])})" for f in group)
            for group in missing
        )
        raise CannotImportError(f"no column for {wanted}: rename the header or use a mapping file")
    return columns


def prepare_row(
    spec: Entity, columns: ColumnMap, headers: list[str], number: int, index: int, cells: list[str]
) -> Row | Rejected:
    typed: dict[str, Any] = {}
    errors: list[str] = []
    for position, name in enumerate(columns.fields):
        if name is None or position >= len(cells) or not cells[position]:
            continue
        try:
            typed[name] = spec.parsers[name](cells[position])
        except BadCellError as exc:
            errors.append(f"{headers[position]}: {exc}")
    if errors:
        return Rejected(number, cells, "; ".join(errors))
    v = Validator()
    values = spec.build(v, typed)
    if v.errors:
        reason = "; ".join(f"{'.'.join(p.field) or 'row'}: {p.message}" for p in v.errors)
        return Rejected(number, cells, reason)
    given = {k for k in values if k in typed or not _DERIVED.get(k, set()).isdisjoint(typed)}
    return Row(index, number, cells, typed, values, given)
