"""SQL for relationships: both ends of a tie, so a person's ties are one list."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Subquery, select, union_all

from crm.db import models
from crm.db.enums import RelationshipKind
from crm.db.queries.common import table_of

relationship = table_of(models.Relationship)

#: the column of `ends()` naming the person at the end a row is seen from
END = "end_person_id"


def kind_in(kinds: Sequence[RelationshipKind] | None) -> ColumnElement[bool] | None:
    return relationship.c.kind.in_(list(kinds)) if kinds else None


def ends(kinds: Sequence[RelationshipKind] | None = None) -> Subquery:
    """Every relationship twice, seen from A and from B (UNION ALL), with `END`.

    Filtering on `END` then finds the ties of a person whichever end they are at;
    each branch can use the index on its person column.
    """
    condition = kind_in(kinds)
    branches = []
    for end in (relationship.c.person_a_id, relationship.c.person_b_id):
        branch = select(relationship, end.label(END))
        if condition is not None:
            branch = branch.where(condition)
        branches.append(branch)
    return union_all(*branches).subquery("relationship_end")
