"""Search on SQLite: the FTS5 trigram table holds only the keys that spell a name out.

The same set as PostgreSQL's partial trigram index (migration 0008): name, latin,
full, alias, former and western keys. The triggers that keep the table follow
`name_key` for those kinds only, and the table is refilled. PostgreSQL is unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28 17:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SPELLED_OUT = "IN ('name', 'latin', 'full', 'alias', 'former', 'western')"
EVERY_SEARCHED = "<> 'block'"
TRIGGERS = (
    "name_key_fts_insert",
    "name_key_fts_delete",
    "name_key_fts_update_old",
    "name_key_fts_update_new",
)


def _triggers(kinds: str) -> tuple[str, ...]:
    return (
        f"CREATE TRIGGER name_key_fts_insert AFTER INSERT ON name_key WHEN new.kind {kinds} "
        "BEGIN INSERT INTO name_key_fts(rowid, key) VALUES (new.id, new.key); END",
        f"CREATE TRIGGER name_key_fts_delete AFTER DELETE ON name_key WHEN old.kind {kinds} "
        "BEGIN INSERT INTO name_key_fts(name_key_fts, rowid, key) "
        "VALUES ('delete', old.id, old.key); END",
        f"CREATE TRIGGER name_key_fts_update_old AFTER UPDATE ON name_key "
        f"WHEN old.kind {kinds} "
        "BEGIN INSERT INTO name_key_fts(name_key_fts, rowid, key) "
        "VALUES ('delete', old.id, old.key); END",
        f"CREATE TRIGGER name_key_fts_update_new AFTER UPDATE ON name_key "
        f"WHEN new.kind {kinds} "
        "BEGIN INSERT INTO name_key_fts(rowid, key) VALUES (new.id, new.key); END",
    )


def _switch(kinds: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in _triggers(kinds):
        op.execute(statement)
    op.execute("INSERT INTO name_key_fts(name_key_fts) VALUES ('delete-all')")
    op.execute(
        f"INSERT INTO name_key_fts(rowid, key) SELECT id, key FROM name_key WHERE kind {kinds}"
    )


def upgrade() -> None:
    _switch(SPELLED_OUT)


def downgrade() -> None:
    _switch(EVERY_SEARCHED)
