"""Stage history of projects and applications.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 00:03:58.250206
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "project_stage_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_stage",
            sa.Enum(
                "lead",
                "contacted",
                "negotiating",
                "preliminary_intention",
                "signed",
                "in_progress",
                "completed",
                "dropped",
                name="from_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "lead",
                "contacted",
                "negotiating",
                "preliminary_intention",
                "signed",
                "in_progress",
                "completed",
                "dropped",
                name="to_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["staff_user.id"],
            name=op.f("fk_project_stage_change_changed_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_project_stage_change_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_stage_change")),
    )
    with op.batch_alter_table("project_stage_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_stage_change_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_stage_change_changed_by_id"), ["changed_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_project_stage_change_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "application_stage_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column(
            "from_stage",
            sa.Enum(
                "submitted",
                "screening",
                "preliminary_intention",
                "offer",
                "hired",
                "declined",
                "withdrawn",
                name="from_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "to_stage",
            sa.Enum(
                "submitted",
                "screening",
                "preliminary_intention",
                "offer",
                "hired",
                "declined",
                "withdrawn",
                name="to_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["application.id"],
            name=op.f("fk_application_stage_change_application_id_application"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["staff_user.id"],
            name=op.f("fk_application_stage_change_changed_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_stage_change")),
    )
    with op.batch_alter_table("application_stage_change", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_stage_change_application_id"),
            ["application_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_application_stage_change_changed_at"), ["changed_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_application_stage_change_changed_by_id"), ["changed_by_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("application_stage_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_stage_change_changed_by_id"))
        batch_op.drop_index(batch_op.f("ix_application_stage_change_changed_at"))
        batch_op.drop_index(batch_op.f("ix_application_stage_change_application_id"))

    op.drop_table("application_stage_change")
    with op.batch_alter_table("project_stage_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_stage_change_project_id"))
        batch_op.drop_index(batch_op.f("ix_project_stage_change_changed_by_id"))
        batch_op.drop_index(batch_op.f("ix_project_stage_change_changed_at"))

    op.drop_table("project_stage_change")
