"""Search on PostgreSQL: the trigram index holds only the keys that spell a name out.

Substring and trigram matches are looked for among the keys of kinds name, latin,
full, alias, former and western (crm.db.queries.search `_SPELLED_OUT`); the fragment
keys (surnames in every spelling, given names, initials, words, blocking keys: five
in six keys) only lengthened every posting list. SQLite's FTS5 table is unchanged.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 16:10:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SPELLED_OUT = "kind IN ('name', 'latin', 'full', 'alias', 'former', 'western')"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_name_key_key_trgm")
    op.execute(
        "CREATE INDEX ix_name_key_key_trgm ON name_key USING gin (key gin_trgm_ops) "
        f"WHERE {SPELLED_OUT}"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_name_key_key_trgm")
    op.execute("CREATE INDEX ix_name_key_key_trgm ON name_key USING gin (key gin_trgm_ops)")
