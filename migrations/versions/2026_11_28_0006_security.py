"""Security and personal data: record owners, shares, retention dates, erasure tombstones.

- `owner_id` on organisations, events, positions and agreements (people, projects,
  interactions and introductions had theirs): a liaison officer changes what they own.
- `person_share`: an administrator lets a liaison officer see a person's contact
  channels and change their records.
- `retention_until` on people, interactions, introductions and applications, for
  `crm purge`.
- `erasure` / `erasure_key`: what an erased person leaves (hashed keys only).

Columns are added with ALTER TABLE on both databases, never by copying the table in
batch mode: on SQLite, with foreign keys on, dropping the old `person` table would
cascade into every link that points at it. SQLite accepts a REFERENCES clause in
ADD COLUMN, so the new owner columns keep their foreign keys there too.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 15:25:19.130838
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = ("organization", "event", "position", "agreement")
RETAINED = ("person", "interaction", "introduction", "application")


def upgrade() -> None:
    op.create_table(
        "erasure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["erased_by_id"],
            ["staff_user.id"],
            name=op.f("fk_erasure_erased_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure")),
    )
    op.create_index(op.f("ix_erasure_erased_at"), "erasure", ["erased_at"], unique=False)
    op.create_index(op.f("ix_erasure_erased_by_id"), "erasure", ["erased_by_id"], unique=False)
    op.create_table(
        "erasure_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("erasure_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["erasure_id"],
            ["erasure.id"],
            name=op.f("fk_erasure_key_erasure_id_erasure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_key")),
    )
    op.create_index(op.f("ix_erasure_key_erasure_id"), "erasure_key", ["erasure_id"], unique=False)
    op.create_index(op.f("ix_erasure_key_key_hash"), "erasure_key", ["key_hash"], unique=False)
    op.create_table(
        "person_share",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.now(),
            nullable=False,
        ),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["staff_user.id"],
            name=op.f("fk_person_share_granted_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_share_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_person_share_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_share")),
        sa.UniqueConstraint("person_id", "user_id", name=op.f("uq_person_share_person_id_user_id")),
    )
    op.create_index(op.f("ix_person_share_person_id"), "person_share", ["person_id"], unique=False)
    op.create_index(op.f("ix_person_share_user_id"), "person_share", ["user_id"], unique=False)

    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in OWNED:
        if sqlite:
            # ADD COLUMN … REFERENCES (alembic would want batch mode). A downgrade on
            # SQLite leaves the column (see downgrade): add it only where it is missing.
            columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}
            if "owner_id" not in columns:
                op.execute(
                    f"ALTER TABLE {table} ADD COLUMN owner_id INTEGER "
                    f"CONSTRAINT fk_{table}_owner_id_staff_user "
                    "REFERENCES staff_user (id) ON DELETE SET NULL"
                )
        else:
            op.add_column(table, sa.Column("owner_id", sa.Integer(), nullable=True))
            op.create_foreign_key(
                op.f(f"fk_{table}_owner_id_staff_user"),
                table,
                "staff_user",
                ["owner_id"],
                ["id"],
                ondelete="SET NULL",
            )
        op.create_index(op.f(f"ix_{table}_owner_id"), table, ["owner_id"], unique=False)
    for table in RETAINED:
        op.add_column(table, sa.Column("retention_until", sa.Date(), nullable=True))
        op.create_index(
            op.f(f"ix_{table}_retention_until"), table, ["retention_until"], unique=False
        )


def downgrade() -> None:
    for table in RETAINED:
        op.drop_index(op.f(f"ix_{table}_retention_until"), table_name=table)
        op.drop_column(table, "retention_until")
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in OWNED:
        op.drop_index(op.f(f"ix_{table}_owner_id"), table_name=table)
        if sqlite:
            # SQLite cannot drop a column a foreign key uses without copying the table,
            # and dropping the old table would cascade into every link pointing at it:
            # the unused, nullable column stays (the upgrade copes with it).
            continue
        op.drop_constraint(op.f(f"fk_{table}_owner_id_staff_user"), table, type_="foreignkey")
        op.drop_column(table, "owner_id")
    op.drop_index(op.f("ix_person_share_user_id"), table_name="person_share")
    op.drop_index(op.f("ix_person_share_person_id"), table_name="person_share")
    op.drop_table("person_share")
    op.drop_index(op.f("ix_erasure_key_key_hash"), table_name="erasure_key")
    op.drop_index(op.f("ix_erasure_key_erasure_id"), table_name="erasure_key")
    op.drop_table("erasure_key")
    op.drop_index(op.f("ix_erasure_erased_by_id"), table_name="erasure")
    op.drop_index(op.f("ix_erasure_erased_at"), table_name="erasure")
    op.drop_table("erasure")
