"""SQL for introductions: conditions for finding them, and what their workflow reads."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_, select

from crm.db import models
from crm.db.queries.common import table_of

introduction = table_of(models.Introduction)


def target_in(person_ids: Sequence[int], organization_ids: Sequence[int]) -> ColumnElement[bool]:
    """The target is one of these people or one of these organisations."""
    parts = []
    if person_ids:
        parts.append(introduction.c.target_person_id.in_(list(person_ids)))
    if organization_ids:
        parts.append(introduction.c.target_organization_id.in_(list(organization_ids)))
    return or_(*parts) if parts else false()


status_change = table_of(models.IntroductionStatusChange)
application = table_of(models.Application)


def closed_from(introduction_id: int, status: str) -> Select[Any]:
    """The status an introduction was in before it last moved to `status` (no row when
    the history does not say, e.g. a history that starts in that status)."""
    return (
        select(status_change.c.from_status)
        .where(
            status_change.c.introduction_id == introduction_id,
            status_change.c.to_status == status,
            status_change.c.from_status.is_not(None),
        )
        .order_by(status_change.c.changed_at.desc(), status_change.c.id.desc())
        .limit(1)
    )


def applicant_of(application_id: int) -> Select[Any]:
    return select(application.c.person_id).where(application.c.id == application_id)
