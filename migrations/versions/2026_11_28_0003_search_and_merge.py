"""Name keys for search and duplicate detection, their trigram indexes, and merge records.

PostgreSQL: pg_trgm and a GIN trigram index over the keys. SQLite: an FTS5 table with
the trigram tokenizer (SQLite 3.34 or later) over the searchable keys, kept by triggers.
Neither is described by the models; `crm.db.name_index.include_object` keeps them out of
autogenerate. The downgrade leaves the pg_trgm extension installed: other databases
objects may use it, and it holds no data.

Existing people and organisations get their keys at the end of the upgrade.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 04:13:27.550180
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = (
    "name", "latin", "full", "alias", "former", "given", "western", "initials", "surname",
    "part", "block",
)  # fmt: skip
# Blocking keys are never searched: the FTS table leaves them out.
_SQLITE_SEARCH_INDEX = (
    "CREATE VIRTUAL TABLE name_key_fts USING fts5("
    "key, content='name_key', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER name_key_fts_insert AFTER INSERT ON name_key WHEN new.kind <> 'block' "
    "BEGIN INSERT INTO name_key_fts(rowid, key) VALUES (new.id, new.key); END",
    "CREATE TRIGGER name_key_fts_delete AFTER DELETE ON name_key WHEN old.kind <> 'block' "
    "BEGIN INSERT INTO name_key_fts(name_key_fts, rowid, key) "
    "VALUES ('delete', old.id, old.key); END",
    "CREATE TRIGGER name_key_fts_update_old AFTER UPDATE ON name_key WHEN old.kind <> 'block' "
    "BEGIN INSERT INTO name_key_fts(name_key_fts, rowid, key) "
    "VALUES ('delete', old.id, old.key); END",
    "CREATE TRIGGER name_key_fts_update_new AFTER UPDATE ON name_key WHEN new.kind <> 'block' "
    "BEGIN INSERT INTO name_key_fts(rowid, key) VALUES (new.id, new.key); END",
)


def upgrade() -> None:
    op.create_table(
        "name_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column(
            "key",
            sa.String(length=400).with_variant(sa.String(length=400, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(*_KINDS, name="name_key_kind", native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_name_key")),
        sa.UniqueConstraint(
            "entity", "entity_id", "key", name=op.f("uq_name_key_entity_entity_id_key")
        ),
    )
    op.create_index(
        "ix_name_key_key", "name_key", ["key", "kind", "entity", "entity_id"], unique=False
    )
    op.create_table(
        "merge_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("absorbed_id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("merged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("merged_by_id", sa.Integer(), nullable=True),
        sa.Column("absorbed_name", sa.String(length=300), nullable=False),
        sa.Column("absorbed_name_latin", sa.String(length=300), nullable=True),
        sa.Column(
            "summary",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.CheckConstraint("absorbed_id <> survivor_id", name=op.f("ck_merge_record_two_records")),
        sa.ForeignKeyConstraint(
            ["merged_by_id"],
            ["staff_user.id"],
            name=op.f("fk_merge_record_merged_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_merge_record")),
        sa.UniqueConstraint(
            "entity", "absorbed_id", name=op.f("uq_merge_record_entity_absorbed_id")
        ),
    )
    op.create_index(
        op.f("ix_merge_record_merged_by_id"), "merge_record", ["merged_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_merge_record_survivor_id"), "merge_record", ["survivor_id"], unique=False
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_name_key_key_trgm ON name_key USING gin (key gin_trgm_ops)")
    else:
        for statement in _SQLITE_SEARCH_INDEX:
            op.execute(statement)
    _fill_keys()


def _fill_keys() -> None:
    """Derive the keys of the records already there (none in a fresh database)."""
    from crm.db.name_index import rebuild_name_keys_sync

    rebuild_name_keys_sync(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_name_key_key_trgm")
    else:
        op.execute("DROP TABLE IF EXISTS name_key_fts")
    op.drop_index(op.f("ix_merge_record_survivor_id"), table_name="merge_record")
    op.drop_index(op.f("ix_merge_record_merged_by_id"), table_name="merge_record")
    op.drop_table("merge_record")
    op.drop_index("ix_name_key_key", table_name="name_key")
    op.drop_table("name_key")
