"""Status history of introductions, backfilled with one row per existing introduction.

Every introduction gets a first row, from nothing to the status it is in, at the time
of its last status change: the history then starts where the record's knowledge starts
(earlier moves were never recorded).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = (
    "requested",
    "broker_agreed",
    "target_agreed",
    "made",
    "outcome",
    "declined",
    "withdrawn",
)


def _status(name: str) -> sa.Enum:
    return sa.Enum(*_STATUSES, name=name, native_enum=False, create_constraint=True)


def upgrade() -> None:
    op.create_table(
        "introduction_status_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("introduction_id", sa.Integer(), nullable=False),
        sa.Column("from_status", _status("from_status"), nullable=True),
        sa.Column("to_status", _status("to_status"), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["staff_user.id"],
            name=op.f("fk_introduction_status_change_changed_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["introduction_id"],
            ["introduction.id"],
            name=op.f("fk_introduction_status_change_introduction_id_introduction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction_status_change")),
    )
    with op.batch_alter_table("introduction_status_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_introduction_status_change_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_introduction_status_change_changed_by_id"),
            ["changed_by_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_introduction_status_change_introduction_id"),
            ["introduction_id"],
            unique=False,
        )

    # The backfill, on the tables as this revision knows them (not the current models).
    introduction = sa.table(
        "introduction",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("status_changed_at", sa.DateTime(timezone=True)),
    )
    change = sa.table(
        "introduction_status_change",
        sa.column("introduction_id", sa.Integer()),
        sa.column("to_status", sa.String()),
        sa.column("changed_at", sa.DateTime(timezone=True)),
    )
    rows = sa.select(introduction.c.id, introduction.c.status, introduction.c.status_changed_at)
    op.execute(change.insert().from_select(["introduction_id", "to_status", "changed_at"], rows))


def downgrade() -> None:
    with op.batch_alter_table("introduction_status_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_introduction_status_change_introduction_id"))
        batch_op.drop_index(batch_op.f("ix_introduction_status_change_changed_by_id"))
        batch_op.drop_index(batch_op.f("ix_introduction_status_change_changed_at"))

    op.drop_table("introduction_status_change")
