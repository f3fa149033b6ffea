"""AnalysisRun: one background computation of the whole-network metrics, and its progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from crm.db.types import UTCDateTime, utcnow


class AnalysisRun(SQLModel, table=True):
    """Queued by a write (the revision moved), by `runAnalysis` or by a new day; the
    worker moves it from queued to running to done (or skipped, failed)."""

    __tablename__ = "analysis_run"

    id: int | None = Field(default=None, primary_key=True)
    #: queued, running, done, skipped (nothing changed), failed
    state: str = Field(max_length=20, index=True)
    #: revision (the graph changed), manual (runAnalysis), day (recency moved), command
    reason: str = Field(max_length=20)
    requested_by_id: int | None = Field(
        default=None, foreign_key="staff_user.id", ondelete="SET NULL"
    )
    #: the graph revision the run computed from (once it has read the graph)
    graph_revision: int | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: the step under way ("load", "build", "pagerank", …, "store")
    step: str | None = Field(default=None, max_length=40)
    steps_done: int = 0
    steps_total: int = 0
    #: step → {"seconds": …, "recomputed": …, "fingerprint": …}
    steps: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
