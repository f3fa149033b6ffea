"""Name keys: whole names in Hokkien, Teochew, Hakka, Cantonese and Wade–Giles spellings.

The keys of every person and organisation are derived anew (`rebuild_name_keys_sync`):
people gain reading keys ("陈 lak-sai (闽)") and initials keys ("丁 c.c.") of kind
`full`, and blocking keys that follow the new readings. No table or index changes.
The downgrade removes the reading and initials keys, which the older search would
take for full names; the blocking keys stay as derived here until a record is saved
again (they only decide which pairs duplicate detection compares).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 04:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A reading key ends with its system's mark in parentheses, an initials key with a full
# stop; no other key has either (normalised names hold no punctuation).
READING_KEYS = "kind = 'full' AND (key LIKE '% (_)' OR key LIKE '% %.')"


def upgrade() -> None:
    from crm.db.name_index import rebuild_name_keys_sync

    rebuild_name_keys_sync(op.get_bind())


def downgrade() -> None:
    op.execute(f"DELETE FROM name_key WHERE {READING_KEYS}")
