"""The data revision: one row whose revision moves with every committed write.

A response cache keyed by it stays correct across worker processes (crm/serving).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    data_state = op.create_table(
        "data_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_state")),
    )
    op.bulk_insert(data_state, [{"id": 1, "revision": 0}])


def downgrade() -> None:
    op.drop_table("data_state")
