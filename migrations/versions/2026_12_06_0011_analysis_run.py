"""Background analysis: the runs of the whole-network metrics and their progress.

`analysis_run` records each computation the background worker makes (queued by a write,
by `runAnalysis` or by a new day), its progress (the step under way, how many are done)
and, per step, whether it was recomputed and the fingerprint of what it read, so the
next run recomputes only the steps whose inputs changed. The job queue itself is
procrastinate's (its own tables, applied by `crm worker` on PostgreSQL).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 03:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "analysis_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("graph_revision", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("step", sa.String(length=40), nullable=True),
        sa.Column("steps_done", sa.Integer(), nullable=False),
        sa.Column("steps_total", sa.Integer(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["staff_user.id"],
            name=op.f("fk_analysis_run_requested_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_analysis_run")),
    )
    op.create_index(op.f("ix_analysis_run_state"), "analysis_run", ["state"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_analysis_run_state"), table_name="analysis_run")
    op.drop_table("analysis_run")
