"""The audit log is append-only on PostgreSQL.

A trigger refuses every DELETE of `audit_entry` and every UPDATE but two: the
redaction of an erased person's entries (`changes` becomes {"redacted": true}, nothing
else moves) and the `SET NULL` of `actor_id` when a staff user is deleted (the entry
keeps `actor_label`). It holds for every role, the table's owner included; the app's
own role should also lack UPDATE, DELETE and TRUNCATE on the table (docs/security.md),
and redacts through `audit_entry_redact(entity, ids)`, which runs with the owner's
rights and can do nothing but that.
SQLite, the embedded development database, has no such guard.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 16:40:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTION = """
CREATE FUNCTION audit_entry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action
       AND NEW.entity = OLD.entity
       AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
       AND NEW.actor_label = OLD.actor_label
       AND NEW.request_id IS NOT DISTINCT FROM OLD.request_id
    THEN
        -- an erasure's redaction: only the changes go
        IF NEW.changes = '{"redacted": true}'::jsonb
           AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id THEN
            RETURN NEW;
        END IF;
        -- a deleted staff user: their key goes, their name stays in actor_label
        IF NEW.actor_id IS NULL AND NEW.changes = OLD.changes THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$
"""


REDACT = """
CREATE FUNCTION audit_entry_redact(target_entity text, target_ids integer[])
RETURNS integer LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
    WITH redacted AS (
        UPDATE audit_entry SET changes = '{"redacted": true}'::jsonb
        WHERE entity = target_entity AND entity_id = ANY(target_ids)
        RETURNING 1
    )
    SELECT count(*)::integer FROM redacted
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(REDACT)
    op.execute(
        "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS audit_entry_redact(text, integer[])")
    op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
    op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
