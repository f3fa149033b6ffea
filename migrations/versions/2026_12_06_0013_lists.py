"""Lists: named, shared selections of people or organisations (issue #13).

`list` (name, kind, description, owner), `list_member` (a person or an organisation on
a list, who added it) and `list_share` (another staff user may see the list, and with
`can_edit` change its members).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 07:00:00.000000
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamps() -> list[sa.Column[sa.DateTime]]:
    return [
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    ]


def _staff(column: str, table: str, *, ondelete: str = "SET NULL") -> Any:
    return sa.ForeignKeyConstraint(
        [column], ["staff_user.id"], name=op.f(f"fk_{table}_{column}_staff_user"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "list",
        sa.Column("id", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "person",
                "organization",
                name="list_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_list_name_not_blank")),
        _staff("owner_id", "list"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list")),
        sa.UniqueConstraint("owner_id", "name", name=op.f("uq_list_owner_id_name")),
    )
    op.create_index(op.f("ix_list_name"), "list", ["name"], unique=False)
    op.create_index(op.f("ix_list_owner_id"), "list", ["owner_id"], unique=False)

    op.create_table(
        "list_share",
        sa.Column("id", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("can_edit", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        _staff("granted_by_id", "list_share"),
        sa.ForeignKeyConstraint(
            ["list_id"], ["list.id"], name=op.f("fk_list_share_list_id_list"), ondelete="CASCADE"
        ),
        _staff("user_id", "list_share", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_share")),
        sa.UniqueConstraint("list_id", "user_id", name=op.f("uq_list_share_list_id_user_id")),
    )
    op.create_index(op.f("ix_list_share_list_id"), "list_share", ["list_id"], unique=False)
    op.create_index(op.f("ix_list_share_user_id"), "list_share", ["user_id"], unique=False)

    op.create_table(
        "list_member",
        sa.Column("id", sa.Integer(), nullable=False),
        *_timestamps(),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)",
            name=op.f("ck_list_member_person_xor_organization"),
        ),
        _staff("added_by_id", "list_member"),
        sa.ForeignKeyConstraint(
            ["list_id"], ["list.id"], name=op.f("fk_list_member_list_id_list"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_list_member_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_list_member_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_member")),
        sa.UniqueConstraint(
            "list_id", "organization_id", name=op.f("uq_list_member_list_id_organization_id")
        ),
        sa.UniqueConstraint("list_id", "person_id", name=op.f("uq_list_member_list_id_person_id")),
    )
    op.create_index(op.f("ix_list_member_list_id"), "list_member", ["list_id"], unique=False)
    op.create_index(
        op.f("ix_list_member_organization_id"), "list_member", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_list_member_person_id"), "list_member", ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("list_member")
    op.drop_table("list_share")
    op.drop_table("list")
