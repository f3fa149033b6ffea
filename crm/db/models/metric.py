"""ComputedMetric: a network metric of one node, tagged with the graph revision."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from crm.db.types import UTCDateTime, utcnow


class ComputedMetric(SQLModel, table=True):
    __tablename__ = "computed_metric"
    __table_args__ = (
        UniqueConstraint("node_type", "node_id", "metric"),
        # "top N by PageRank" reads this index backwards.
        Index("ix_computed_metric_metric_value", "metric", "value"),
        # how fresh the rankings are: the last row stored, without reading every row
        Index("ix_computed_metric_computed_at", "computed_at", "graph_revision"),
    )

    id: int | None = Field(default=None, primary_key=True)
    #: "person", "organization", "event", "project"
    node_type: str = Field(max_length=20)
    node_id: int
    #: "pagerank", "betweenness", "constraint", "community", …
    metric: str = Field(max_length=40)
    value: float
    graph_revision: int
    computed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
