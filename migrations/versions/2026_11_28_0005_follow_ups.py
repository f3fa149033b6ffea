"""Keep-in-touch cadence on people and the stored time their next contact is due.

`next_contact_due_at` is derived (crm.db.queries.follow_up): with no cadence set yet,
every existing person's is NULL, so there is nothing to backfill. The columns are added
with ALTER TABLE on both databases (the CHECK goes with the column), not by copying the
table in batch mode: on SQLite, with foreign keys on, dropping the old `person` table
would cascade into every link that points at it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "person",
        sa.Column(
            "contact_cadence_days",
            sa.Integer(),
            sa.CheckConstraint(
                "contact_cadence_days IS NULL OR contact_cadence_days BETWEEN 1 AND 3650",
                name=op.f("ck_person_contact_cadence_days"),
            ),
            nullable=True,
        ),
    )
    op.add_column("person", sa.Column("next_contact_due_at", sa.DateTime(timezone=True)))
    op.create_index(
        op.f("ix_person_next_contact_due_at"), "person", ["next_contact_due_at"], unique=False
    )
    # One liaison officer's follow-ups, most overdue first, as an index range.
    op.create_index(
        op.f("ix_person_owner_id_next_contact_due_at"),
        "person",
        ["owner_id", "next_contact_due_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_person_owner_id_next_contact_due_at"), table_name="person")
    op.drop_index(op.f("ix_person_next_contact_due_at"), table_name="person")
    op.drop_column("person", "next_contact_due_at")
    op.drop_column("person", "contact_cadence_days")
