"""SQL conditions for finding projects, and their stages in pipeline order."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, or_

from crm.db import models
from crm.db.enums import ProjectStage
from crm.db.queries.common import table_of
from crm.db.queries.person import like_pattern

project = table_of(models.Project)
participation = table_of(models.Participation)

#: the stage's position in the pipeline (LEAD first, DROPPED last), for ordering
stage_rank: ColumnElement[int] = case(
    {stage.value: i for i, stage in enumerate(ProjectStage)}, value=project.c.stage
)


def name_contains(text: str) -> ColumnElement[bool]:
    pattern = like_pattern(text)
    return or_(
        project.c.name.ilike(pattern, escape="\\"), project.c.name_en.ilike(pattern, escape="\\")
    )


def value_in(column: str, values: Sequence[Any]) -> ColumnElement[bool]:
    return project.c[column].in_(list(values))


def intended_at_least(amount: Decimal) -> ColumnElement[bool]:
    return project.c.intended_amount >= amount


def intended_at_most(amount: Decimal) -> ColumnElement[bool]:
    return project.c.intended_amount <= amount
