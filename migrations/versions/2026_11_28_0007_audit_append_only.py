"""The audit log is append-only on PostgreSQL.

A trigger refuses every DELETE of `audit_entry` and every UPDATE but two: the
redaction of an erased person's entries (`changes` becomes {"redacted": true}, nothing
else moves) and the `SET NULL` of `actor_id` when a staff user is deleted (the entry
keeps `actor_label`). It holds for every role, the table's owner included; the app's
own role should also lack UPDATE, DELETE and TRUNCATE on the table (docs/security.md),
and redacts through `audit_entry_redact(entity, ids)`, which runs with the owner's
rights and can do nothing but that.

SQLite, the embedded development database, gets the same rules as two triggers that
RAISE(ABORT): no DELETE, no UPDATE but the redaction (through `crm.db.audit.redact`)
and the `SET NULL` (SQLite has no roles, so that is all it can guard).

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


#: SQLite: the same rules as the PostgreSQL trigger (JSON is stored as text there)
SQLITE_TRIGGERS = (
    """
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only (DELETE refused)');
END
""",
    """
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry
WHEN NOT (
    NEW.id = OLD.id AND NEW.at IS OLD.at AND NEW.action IS OLD.action
    AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
    AND NEW.actor_label IS OLD.actor_label AND NEW.request_id IS OLD.request_id
    AND (
        (json_valid(NEW.changes) AND json(NEW.changes) = json('{"redacted": true}')
         AND NEW.actor_id IS OLD.actor_id)
        OR (NEW.actor_id IS NULL AND NEW.changes IS OLD.changes)
    )
)
BEGIN
    SELECT RAISE(ABORT, 'audit entries are append-only (UPDATE refused)');
END
""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in SQLITE_TRIGGERS:
            op.execute(trigger)
        return
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(REDACT)
    op.execute(
        "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
        return
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS audit_entry_redact(text, integer[])")
    op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
    op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
