"""Reference data: hometowns parsed against China's divisions, expertise in one vocabulary.

- `person.hometown`: the ancestral hometown (祖籍) as written. Existing rows get their
  parts joined ("福建" + "福清") as the written text, and the parts re-parsed against the
  administrative divisions (crm.reference.division): 福建, 福建省 and 福建晋江 all become
  福建省, so one province no longer splits four ways. Parts that name no division stay
  as they were.
- `person.expertise_as_written`: the fields of expertise as given; `expertise` becomes
  their terms in the controlled vocabulary (crm.reference.expertise: 人工智能 →
  "artificial intelligence").
- SQLite: the owner foreign keys that 0006 added with ADD COLUMN are inline column
  constraints, whose names SQLite's reflection cannot read, so `alembic check` saw them
  as unnamed and wanted them replaced. They become table constraints, as a created table
  has them, by the edit of the stored schema SQLite documents for changes that leave the
  stored rows as they are (https://sqlite.org/lang_altertable.html, section 7).

The downgrade restores `expertise` as written and drops both columns; hometown parts
stay as parsed (the text they were parsed from goes with the column).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 07:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OWNED = ("organization", "event", "position", "agreement")
_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_PERSON = sa.table(
    "person",
    sa.column("id", sa.Integer()),
    sa.column("hometown", sa.String()),
    sa.column("hometown_province", sa.String()),
    sa.column("hometown_city", sa.String()),
    sa.column("hometown_county", sa.String()),
    sa.column("expertise", _JSON),
    sa.column("expertise_as_written", _JSON),
)


def upgrade() -> None:
    op.add_column("person", sa.Column("hometown", sa.String(length=100), nullable=True))
    op.add_column(
        "person",
        sa.Column("expertise_as_written", _JSON, nullable=False, server_default=sa.text("'[]'")),
    )
    _reparse_people()
    if op.get_bind().dialect.name == "sqlite":
        _owner_keys_as_table_constraints()


def _reparse_people() -> None:
    from crm.reference.division import parse_hometown
    from crm.reference.expertise import field_keys

    p = _PERSON.c
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(p.id, p.hometown_province, p.hometown_city, p.hometown_county, p.expertise)
    ).all()
    changes = []
    for key, province, city, county, expertise in rows:
        written = "".join(filter(None, (province, city, county))) or None
        parsed = parse_hometown(written or "")
        if parsed.understood:
            province, city, county = parsed.province, parsed.city, parsed.county
        change = {"key": key, "hometown": written, "province": province, "city": city}
        change |= {"county": county, "expertise": field_keys(expertise or [])}
        changes.append(change | {"as_written": list(expertise or [])})
    if changes:
        bind.execute(
            _PERSON.update()
            .where(p.id == sa.bindparam("key"))
            .values(
                hometown=sa.bindparam("hometown"),
                hometown_province=sa.bindparam("province"),
                hometown_city=sa.bindparam("city"),
                hometown_county=sa.bindparam("county"),
                expertise=sa.bindparam("expertise", type_=_JSON),
                expertise_as_written=sa.bindparam("as_written", type_=_JSON),
            ),
            changes,
        )


def _owner_keys_as_table_constraints() -> None:
    bind = op.get_bind()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    changed = False
    for table in OWNED:
        sql = bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        name = f"fk_{table}_owner_id_staff_user"
        inline = f"owner_id INTEGER CONSTRAINT {name} REFERENCES staff_user (id) ON DELETE SET NULL"
        if inline not in sql:
            continue  # created by a later version of 0006, or already moved
        head, tail = sql.rsplit(")", 1)
        constraint = (
            f",\n\tCONSTRAINT {name} FOREIGN KEY(owner_id) "
            "REFERENCES staff_user (id) ON DELETE SET NULL\n"
        )
        moved = head.replace(inline, "owner_id INTEGER").rstrip() + constraint + ")" + tail
        bind.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?", (moved, table)
        )
        changed = True
    if changed:
        bind.exec_driver_sql(f"PRAGMA schema_version={version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")
    problems = bind.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"SQLite integrity check after moving the owner keys: {problems}")


def downgrade() -> None:
    p = _PERSON.c
    op.execute(_PERSON.update().values(expertise=p.expertise_as_written))
    op.drop_column("person", "expertise_as_written")
    op.drop_column("person", "hometown")
