"""An index on when the metrics were stored: the rankings' freshness without a full scan.

`latest_run` reads the last row stored; at 1M people `computed_metric` holds 5.6M rows,
and `max(computed_at)` over all of them cost 0.4 s on every read of `analysisRun`.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 20:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_computed_metric_computed_at",
        "computed_metric",
        ["computed_at", "graph_revision"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_computed_metric_computed_at", table_name="computed_metric")
