"""SQL conditions for finding projects, and their stages in pipeline order."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case

from crm.db import models
from crm.db.enums import ProjectStage
from crm.db.queries.common import table_of

project = table_of(models.Project)
participation = table_of(models.Participation)

#: the stage's position in the pipeline (LEAD first, DROPPED last), for ordering
stage_rank: ColumnElement[int] = case(
    {stage.value: i for i, stage in enumerate(ProjectStage)}, value=project.c.stage
)
