"""Domain model: people, organisations, projects, events, positions, agreements, their links, staff and trust.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 23:31:41.070136
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "computed_metric",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("node_type", sa.String(length=20), nullable=False),
        sa.Column("node_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("graph_revision", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_computed_metric")),
        sa.UniqueConstraint(
            "node_type",
            "node_id",
            "metric",
            name=op.f("uq_computed_metric_node_type_node_id_metric"),
        ),
    )
    op.create_index(
        "ix_computed_metric_metric_value", "computed_metric", ["metric", "value"], unique=False
    )
    op.create_table(
        "graph_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column(
            "op",
            sa.Enum(
                "insert",
                "update",
                "delete",
                name="change_op",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_graph_change")),
    )
    op.create_index(op.f("ix_graph_change_revision"), "graph_change", ["revision"], unique=False)
    graph_state = op.create_table(
        "graph_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_graph_state_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_graph_state")),
    )
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column(
            "aliases",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "alumni_association",
                "science_association",
                "overseas_chinese_federation",
                "hometown_association",
                "chamber_of_commerce",
                "company",
                "university",
                "research_institute",
                "government_agency",
                "fund",
                "industrial_park",
                "hospital",
                "school",
                "financial_institution",
                "other",
                name="organization_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("is_global500", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("is_state_owned", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("fund_target_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("fund_committed_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="CNY", nullable=False),
        sa.Column("founded_on", sa.Date(), nullable=True),
        sa.Column("website", sa.String(length=300), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "kind = 'fund' OR (fund_target_amount IS NULL AND fund_committed_amount IS NULL)",
            name=op.f("ck_organization_fund_figures_only_for_funds"),
        ),
        sa.CheckConstraint(
            "fund_committed_amount IS NULL OR fund_committed_amount >= 0",
            name=op.f("ck_organization_fund_committed_amount"),
        ),
        sa.CheckConstraint(
            "fund_target_amount IS NULL OR fund_target_amount >= 0",
            name=op.f("ck_organization_fund_target_amount"),
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_organization_name_not_blank")),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_organization_not_own_parent")
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["organization.id"],
            name=op.f("fk_organization_parent_id_organization"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
    )
    op.create_index(op.f("ix_organization_country"), "organization", ["country"], unique=False)
    op.create_index(op.f("ix_organization_kind"), "organization", ["kind"], unique=False)
    op.create_index(op.f("ix_organization_name"), "organization", ["name"], unique=False)
    op.create_index(op.f("ix_organization_name_en"), "organization", ["name_en"], unique=False)
    op.create_index(op.f("ix_organization_parent_id"), "organization", ["parent_id"], unique=False)
    op.create_index(op.f("ix_organization_region"), "organization", ["region"], unique=False)
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "admin",
                "liaison",
                "analyst",
                "app",
                name="user_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("is_active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.CheckConstraint(
            "length(trim(username)) > 0", name=op.f("ck_staff_user_username_not_blank")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_user")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_user_username")),
    )
    op.create_index(op.f("ix_staff_user_role"), "staff_user", ["role"], unique=False)
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column(
            "scopes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "expires_at IS NULL OR expires_at > created_at", name=op.f("ck_api_token_expiry")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_api_token_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )
    op.create_index(op.f("ix_api_token_user_id"), "api_token", ["user_id"], unique=False)
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=100), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "create",
                "update",
                "delete",
                "read_contact",
                "login",
                "export",
                "erase",
                "merge",
                name="audit_action",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["staff_user.id"],
            name=op.f("fk_audit_entry_actor_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    op.create_index(op.f("ix_audit_entry_action"), "audit_entry", ["action"], unique=False)
    op.create_index(op.f("ix_audit_entry_actor_id"), "audit_entry", ["actor_id"], unique=False)
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"], unique=False)
    op.create_index(op.f("ix_audit_entry_entity"), "audit_entry", ["entity"], unique=False)
    op.create_index(op.f("ix_audit_entry_entity_id"), "audit_entry", ["entity_id"], unique=False)
    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "conference",
                "session",
                "roadshow",
                "recruitment_fair",
                "online_campaign",
                "visit",
                "meeting",
                name="event_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("organizer_id", sa.Integer(), nullable=True),
        sa.Column("reported_participants", sa.Integer(), nullable=True),
        sa.Column("online_visits", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_event_dates"),
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_event_name_not_blank")),
        sa.CheckConstraint(
            "online_visits IS NULL OR online_visits >= 0", name=op.f("ck_event_online_visits")
        ),
        sa.CheckConstraint(
            "parent_id IS NULL OR parent_id <> id", name=op.f("ck_event_not_own_parent")
        ),
        sa.CheckConstraint(
            "reported_participants IS NULL OR reported_participants >= 0",
            name=op.f("ck_event_reported_participants"),
        ),
        sa.ForeignKeyConstraint(
            ["organizer_id"],
            ["organization.id"],
            name=op.f("fk_event_organizer_id_organization"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["event.id"], name=op.f("fk_event_parent_id_event")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    op.create_index(op.f("ix_event_kind"), "event", ["kind"], unique=False)
    op.create_index(op.f("ix_event_name"), "event", ["name"], unique=False)
    op.create_index(op.f("ix_event_organizer_id"), "event", ["organizer_id"], unique=False)
    op.create_index(op.f("ix_event_parent_id"), "event", ["parent_id"], unique=False)
    op.create_index(op.f("ix_event_region"), "event", ["region"], unique=False)
    op.create_index(op.f("ix_event_starts_on"), "event", ["starts_on"], unique=False)
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_latin", sa.String(length=200), nullable=True),
        sa.Column(
            "gender",
            sa.Enum(
                "female", "male", "other", name="gender", native_enum=False, create_constraint=True
            ),
            nullable=True,
        ),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("nationality", sa.String(length=2), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=True),
        sa.Column("hometown_province", sa.String(length=50), nullable=True),
        sa.Column("hometown_city", sa.String(length=50), nullable=True),
        sa.Column("hometown_county", sa.String(length=50), nullable=True),
        sa.Column(
            "dialect_group",
            sa.Enum(
                "mandarin",
                "hokkien",
                "cantonese",
                "hakka",
                "teochew",
                "hainanese",
                "fuzhou",
                "henghua",
                "wu",
                "other",
                name="dialect_group",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column(
            "expertise",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "honours",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "languages",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("wechat", sa.String(length=64), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("source_event_id", sa.Integer(), nullable=True),
        sa.Column("source_platform", sa.String(length=100), nullable=True),
        sa.Column("source_region", sa.String(length=100), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("last_contacted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100",
            name=op.f("ck_person_birth_year"),
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_person_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["staff_user.id"],
            name=op.f("fk_person_owner_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["source_event_id"],
            ["event.id"],
            name=op.f("fk_person_source_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    op.create_index(op.f("ix_person_city"), "person", ["city"], unique=False)
    op.create_index(op.f("ix_person_country"), "person", ["country"], unique=False)
    op.create_index(
        op.f("ix_person_hometown_province"), "person", ["hometown_province"], unique=False
    )
    op.create_index(op.f("ix_person_name"), "person", ["name"], unique=False)
    op.create_index(op.f("ix_person_name_latin"), "person", ["name_latin"], unique=False)
    op.create_index(op.f("ix_person_owner_id"), "person", ["owner_id"], unique=False)
    op.create_index(op.f("ix_person_source_event_id"), "person", ["source_event_id"], unique=False)
    op.create_table(
        "position",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("field", sa.String(length=100), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "full_time",
                "flexible",
                "project_based",
                "part_time",
                name="position_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("openings", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "filled",
                "closed",
                name="position_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("is_high_level", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_position_title_not_blank")),
        sa.CheckConstraint("openings >= 1", name=op.f("ck_position_openings")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_position_event_id_event"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_position_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_position")),
    )
    op.create_index(op.f("ix_position_event_id"), "position", ["event_id"], unique=False)
    op.create_index(op.f("ix_position_field"), "position", ["field"], unique=False)
    op.create_index(op.f("ix_position_kind"), "position", ["kind"], unique=False)
    op.create_index(
        op.f("ix_position_organization_id"), "position", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_position_region"), "position", ["region"], unique=False)
    op.create_index(op.f("ix_position_status"), "position", ["status"], unique=False)
    op.create_index(op.f("ix_position_title"), "position", ["title"], unique=False)
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_en", sa.String(length=300), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "project_lead",
                "entrepreneurial",
                "high_tech_achievement",
                "cooperation",
                "investment",
                name="project_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "stage",
            sa.Enum(
                "lead",
                "contacted",
                "negotiating",
                "preliminary_intention",
                "signed",
                "in_progress",
                "completed",
                "dropped",
                name="project_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("field", sa.String(length=100), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("intended_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("signed_amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="CNY", nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "intended_amount IS NULL OR intended_amount >= 0",
            name=op.f("ck_project_intended_amount"),
        ),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_project_name_not_blank")),
        sa.CheckConstraint(
            "signed_amount IS NULL OR signed_amount >= 0", name=op.f("ck_project_signed_amount")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["event.id"], name=op.f("fk_project_event_id_event"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["staff_user.id"],
            name=op.f("fk_project_owner_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
    )
    op.create_index(op.f("ix_project_event_id"), "project", ["event_id"], unique=False)
    op.create_index(op.f("ix_project_field"), "project", ["field"], unique=False)
    op.create_index(op.f("ix_project_kind"), "project", ["kind"], unique=False)
    op.create_index(op.f("ix_project_name"), "project", ["name"], unique=False)
    op.create_index(op.f("ix_project_owner_id"), "project", ["owner_id"], unique=False)
    op.create_index(op.f("ix_project_region"), "project", ["region"], unique=False)
    op.create_index(op.f("ix_project_stage"), "project", ["stage"], unique=False)
    op.create_table(
        "affiliation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "member",
                "officer",
                "president",
                "founder",
                "employee",
                "alumnus",
                "adviser",
                name="affiliation_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column(
            "degree",
            sa.Enum(
                "bachelor",
                "master",
                "doctorate",
                "postdoc",
                name="degree",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=True,
        ),
        sa.Column("field_of_study", sa.String(length=100), nullable=True),
        sa.CheckConstraint(
            "degree IS NULL OR role = 'alumnus'", name=op.f("ck_affiliation_degree_only_for_alumni")
        ),
        sa.CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on",
            name=op.f("ck_affiliation_dates"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_affiliation_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_affiliation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliation")),
    )
    op.create_index(
        op.f("ix_affiliation_organization_id"), "affiliation", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_affiliation_person_id"), "affiliation", ["person_id"], unique=False)
    op.create_index(op.f("ix_affiliation_role"), "affiliation", ["role"], unique=False)
    op.create_index(
        "uq_affiliation_person_organization_role_period",
        "affiliation",
        [
            "person_id",
            "organization_id",
            "role",
            sa.literal_column("coalesce(starts_on, '0001-01-01')"),
            sa.literal_column("coalesce(ends_on, '0001-01-01')"),
        ],
        unique=True,
    )
    op.create_table(
        "agreement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "cooperation",
                "employment",
                "investment",
                "mechanism",
                name="agreement_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "intention",
                "signed",
                "ended",
                name="agreement_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("amount", sa.Numeric(precision=18, scale=2), nullable=True),
        sa.Column("currency", sa.String(length=3), server_default="CNY", nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status <> 'signed' OR signed_on IS NOT NULL", name=op.f("ck_agreement_signed_has_date")
        ),
        sa.CheckConstraint("amount IS NULL OR amount >= 0", name=op.f("ck_agreement_amount")),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_agreement_title_not_blank")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_agreement_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_agreement_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement")),
    )
    op.create_index(op.f("ix_agreement_event_id"), "agreement", ["event_id"], unique=False)
    op.create_index(op.f("ix_agreement_kind"), "agreement", ["kind"], unique=False)
    op.create_index(op.f("ix_agreement_project_id"), "agreement", ["project_id"], unique=False)
    op.create_index(op.f("ix_agreement_signed_on"), "agreement", ["signed_on"], unique=False)
    op.create_index(op.f("ix_agreement_status"), "agreement", ["status"], unique=False)
    op.create_index(op.f("ix_agreement_title"), "agreement", ["title"], unique=False)
    op.create_table(
        "application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("position_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "submitted",
                "screening",
                "preliminary_intention",
                "offer",
                "hired",
                "declined",
                "withdrawn",
                name="application_stage",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_application_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_application_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["position_id"],
            ["position.id"],
            name=op.f("fk_application_position_id_position"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application")),
        sa.UniqueConstraint(
            "person_id", "position_id", name=op.f("uq_application_person_id_position_id")
        ),
    )
    op.create_index(op.f("ix_application_event_id"), "application", ["event_id"], unique=False)
    op.create_index(op.f("ix_application_person_id"), "application", ["person_id"], unique=False)
    op.create_index(
        op.f("ix_application_position_id"), "application", ["position_id"], unique=False
    )
    op.create_index(op.f("ix_application_stage"), "application", ["stage"], unique=False)
    op.create_table(
        "attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "guest",
                "speaker",
                "expert",
                "organiser",
                "employer_representative",
                "candidate",
                "official",
                name="attendance_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_attendance_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_attendance_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
        sa.UniqueConstraint("person_id", "event_id", name=op.f("uq_attendance_person_id_event_id")),
    )
    op.create_index(op.f("ix_attendance_event_id"), "attendance", ["event_id"], unique=False)
    op.create_index(op.f("ix_attendance_person_id"), "attendance", ["person_id"], unique=False)
    op.create_index(op.f("ix_attendance_role"), "attendance", ["role"], unique=False)
    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column(
            "purpose",
            sa.Enum(
                "processing",
                "contact",
                "network_analysis",
                "sharing_with_partners",
                name="consent_purpose",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "paper_form",
                "online_form",
                "email",
                "verbal",
                "event_registration",
                name="consent_channel",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("notice_version", sa.String(length=50), nullable=False),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "withdrawn_at IS NULL OR withdrawn_at >= given_at", name=op.f("ck_consent_dates")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_consent_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["staff_user.id"],
            name=op.f("fk_consent_recorded_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent")),
    )
    op.create_index(op.f("ix_consent_person_id"), "consent", ["person_id"], unique=False)
    op.create_index(op.f("ix_consent_purpose"), "consent", ["purpose"], unique=False)
    op.create_index(op.f("ix_consent_recorded_by_id"), "consent", ["recorded_by_id"], unique=False)
    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "call",
                "message",
                "note",
                "event_encounter",
                name="interaction_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_interaction_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_interaction_organization_id_organization"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["staff_user.id"],
            name=op.f("fk_interaction_owner_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_interaction_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction")),
    )
    op.create_index(op.f("ix_interaction_event_id"), "interaction", ["event_id"], unique=False)
    op.create_index(op.f("ix_interaction_kind"), "interaction", ["kind"], unique=False)
    op.create_index(
        op.f("ix_interaction_occurred_at"), "interaction", ["occurred_at"], unique=False
    )
    op.create_index(
        op.f("ix_interaction_organization_id"), "interaction", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_interaction_owner_id"), "interaction", ["owner_id"], unique=False)
    op.create_index(op.f("ix_interaction_project_id"), "interaction", ["project_id"], unique=False)
    op.create_table(
        "participation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "lead",
                "partner",
                "investor",
                "host",
                "adviser",
                name="participation_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)",
            name=op.f("ck_participation_person_xor_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_participation_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_participation_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_participation_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participation")),
        sa.UniqueConstraint(
            "project_id",
            "organization_id",
            "role",
            name=op.f("uq_participation_project_id_organization_id_role"),
        ),
        sa.UniqueConstraint(
            "project_id",
            "person_id",
            "role",
            name=op.f("uq_participation_project_id_person_id_role"),
        ),
    )
    op.create_index(
        op.f("ix_participation_organization_id"), "participation", ["organization_id"], unique=False
    )
    op.create_index(
        op.f("ix_participation_person_id"), "participation", ["person_id"], unique=False
    )
    op.create_index(
        op.f("ix_participation_project_id"), "participation", ["project_id"], unique=False
    )
    op.create_table(
        "relationship",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("person_a_id", sa.Integer(), nullable=False),
        sa.Column("person_b_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "classmate",
                "colleague",
                "mentor",
                "family",
                "friend",
                "co_author",
                "business_partner",
                "hometown",
                name="relationship_kind",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("strength", sa.Float(), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "kind = 'mentor' OR person_a_id < person_b_id",
            name=op.f("ck_relationship_canonical_order"),
        ),
        sa.CheckConstraint("person_a_id <> person_b_id", name=op.f("ck_relationship_two_people")),
        sa.CheckConstraint(
            "strength >= 0 AND strength <= 1", name=op.f("ck_relationship_strength")
        ),
        sa.ForeignKeyConstraint(
            ["person_a_id"],
            ["person.id"],
            name=op.f("fk_relationship_person_a_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_b_id"],
            ["person.id"],
            name=op.f("fk_relationship_person_b_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relationship")),
        sa.UniqueConstraint(
            "person_a_id",
            "person_b_id",
            "kind",
            name=op.f("uq_relationship_person_a_id_person_b_id_kind"),
        ),
    )
    op.create_index(op.f("ix_relationship_kind"), "relationship", ["kind"], unique=False)
    op.create_index(
        op.f("ix_relationship_person_a_id"), "relationship", ["person_a_id"], unique=False
    )
    op.create_index(
        op.f("ix_relationship_person_b_id"), "relationship", ["person_b_id"], unique=False
    )
    op.create_table(
        "agreement_party",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("agreement_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(
                "signatory",
                "witness",
                "guarantor",
                name="party_role",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (organization_id IS NULL)",
            name=op.f("ck_agreement_party_person_xor_organization"),
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
            name=op.f("fk_agreement_party_agreement_id_agreement"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_agreement_party_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_agreement_party_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agreement_party")),
        sa.UniqueConstraint(
            "agreement_id",
            "organization_id",
            name=op.f("uq_agreement_party_agreement_id_organization_id"),
        ),
        sa.UniqueConstraint(
            "agreement_id", "person_id", name=op.f("uq_agreement_party_agreement_id_person_id")
        ),
    )
    op.create_index(
        op.f("ix_agreement_party_agreement_id"), "agreement_party", ["agreement_id"], unique=False
    )
    op.create_index(
        op.f("ix_agreement_party_organization_id"),
        "agreement_party",
        ["organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_agreement_party_person_id"), "agreement_party", ["person_id"], unique=False
    )
    op.create_table(
        "interaction_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_interaction_participant_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_interaction_participant_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interaction_participant")),
        sa.UniqueConstraint(
            "interaction_id",
            "person_id",
            name=op.f("uq_interaction_participant_interaction_id_person_id"),
        ),
    )
    op.create_index(
        op.f("ix_interaction_participant_interaction_id"),
        "interaction_participant",
        ["interaction_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_interaction_participant_person_id"),
        "interaction_participant",
        ["person_id"],
        unique=False,
    )
    op.create_table(
        "introduction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("target_person_id", sa.Integer(), nullable=True),
        sa.Column("target_organization_id", sa.Integer(), nullable=True),
        sa.Column("broker_id", sa.Integer(), nullable=True),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "broker_agreed",
                "target_agreed",
                "made",
                "outcome",
                "declined",
                "withdrawn",
                name="introduction_status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "path",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("outcome_application_id", sa.Integer(), nullable=True),
        sa.Column("outcome_project_id", sa.Integer(), nullable=True),
        sa.Column("outcome_agreement_id", sa.Integer(), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(target_person_id IS NULL) <> (target_organization_id IS NULL)",
            name=op.f("ck_introduction_one_target"),
        ),
        sa.CheckConstraint(
            "broker_id IS NULL OR broker_id <> seeker_id",
            name=op.f("ck_introduction_broker_not_seeker"),
        ),
        sa.CheckConstraint(
            "target_person_id IS NULL OR target_person_id <> seeker_id",
            name=op.f("ck_introduction_not_self"),
        ),
        sa.ForeignKeyConstraint(
            ["broker_id"],
            ["person.id"],
            name=op.f("fk_introduction_broker_id_person"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_introduction_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_agreement_id"],
            ["agreement.id"],
            name=op.f("fk_introduction_outcome_agreement_id_agreement"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_application_id"],
            ["application.id"],
            name=op.f("fk_introduction_outcome_application_id_application"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_project_id"],
            ["project.id"],
            name=op.f("fk_introduction_outcome_project_id_project"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requested_by_id"],
            ["staff_user.id"],
            name=op.f("fk_introduction_requested_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["person.id"],
            name=op.f("fk_introduction_seeker_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_organization_id"],
            ["organization.id"],
            name=op.f("fk_introduction_target_organization_id_organization"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["target_person_id"],
            ["person.id"],
            name=op.f("fk_introduction_target_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_introduction")),
    )
    op.create_index(op.f("ix_introduction_broker_id"), "introduction", ["broker_id"], unique=False)
    op.create_index(op.f("ix_introduction_event_id"), "introduction", ["event_id"], unique=False)
    op.create_index(
        op.f("ix_introduction_outcome_agreement_id"),
        "introduction",
        ["outcome_agreement_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_introduction_outcome_application_id"),
        "introduction",
        ["outcome_application_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_introduction_outcome_project_id"),
        "introduction",
        ["outcome_project_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_introduction_requested_by_id"), "introduction", ["requested_by_id"], unique=False
    )
    op.create_index(op.f("ix_introduction_seeker_id"), "introduction", ["seeker_id"], unique=False)
    op.create_index(op.f("ix_introduction_status"), "introduction", ["status"], unique=False)
    op.create_index(
        op.f("ix_introduction_target_organization_id"),
        "introduction",
        ["target_organization_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_introduction_target_person_id"), "introduction", ["target_person_id"], unique=False
    )
    op.bulk_insert(graph_state, [{"id": 1, "revision": 0}])


def downgrade() -> None:

    op.drop_index(op.f("ix_introduction_target_person_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_target_organization_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_status"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_seeker_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_requested_by_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_outcome_project_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_outcome_application_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_outcome_agreement_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_event_id"), table_name="introduction")
    op.drop_index(op.f("ix_introduction_broker_id"), table_name="introduction")
    op.drop_table("introduction")
    op.drop_index(
        op.f("ix_interaction_participant_person_id"), table_name="interaction_participant"
    )
    op.drop_index(
        op.f("ix_interaction_participant_interaction_id"), table_name="interaction_participant"
    )
    op.drop_table("interaction_participant")
    op.drop_index(op.f("ix_agreement_party_person_id"), table_name="agreement_party")
    op.drop_index(op.f("ix_agreement_party_organization_id"), table_name="agreement_party")
    op.drop_index(op.f("ix_agreement_party_agreement_id"), table_name="agreement_party")
    op.drop_table("agreement_party")
    op.drop_index(op.f("ix_relationship_person_b_id"), table_name="relationship")
    op.drop_index(op.f("ix_relationship_person_a_id"), table_name="relationship")
    op.drop_index(op.f("ix_relationship_kind"), table_name="relationship")
    op.drop_table("relationship")
    op.drop_index(op.f("ix_participation_project_id"), table_name="participation")
    op.drop_index(op.f("ix_participation_person_id"), table_name="participation")
    op.drop_index(op.f("ix_participation_organization_id"), table_name="participation")
    op.drop_table("participation")
    op.drop_index(op.f("ix_interaction_project_id"), table_name="interaction")
    op.drop_index(op.f("ix_interaction_owner_id"), table_name="interaction")
    op.drop_index(op.f("ix_interaction_organization_id"), table_name="interaction")
    op.drop_index(op.f("ix_interaction_occurred_at"), table_name="interaction")
    op.drop_index(op.f("ix_interaction_kind"), table_name="interaction")
    op.drop_index(op.f("ix_interaction_event_id"), table_name="interaction")
    op.drop_table("interaction")
    op.drop_index(op.f("ix_consent_recorded_by_id"), table_name="consent")
    op.drop_index(op.f("ix_consent_purpose"), table_name="consent")
    op.drop_index(op.f("ix_consent_person_id"), table_name="consent")
    op.drop_table("consent")
    op.drop_index(op.f("ix_attendance_role"), table_name="attendance")
    op.drop_index(op.f("ix_attendance_person_id"), table_name="attendance")
    op.drop_index(op.f("ix_attendance_event_id"), table_name="attendance")
    op.drop_table("attendance")
    op.drop_index(op.f("ix_application_stage"), table_name="application")
    op.drop_index(op.f("ix_application_position_id"), table_name="application")
    op.drop_index(op.f("ix_application_person_id"), table_name="application")
    op.drop_index(op.f("ix_application_event_id"), table_name="application")
    op.drop_table("application")
    op.drop_index(op.f("ix_agreement_title"), table_name="agreement")
    op.drop_index(op.f("ix_agreement_status"), table_name="agreement")
    op.drop_index(op.f("ix_agreement_signed_on"), table_name="agreement")
    op.drop_index(op.f("ix_agreement_project_id"), table_name="agreement")
    op.drop_index(op.f("ix_agreement_kind"), table_name="agreement")
    op.drop_index(op.f("ix_agreement_event_id"), table_name="agreement")
    op.drop_table("agreement")
    op.drop_index("uq_affiliation_person_organization_role_period", table_name="affiliation")
    op.drop_index(op.f("ix_affiliation_role"), table_name="affiliation")
    op.drop_index(op.f("ix_affiliation_person_id"), table_name="affiliation")
    op.drop_index(op.f("ix_affiliation_organization_id"), table_name="affiliation")
    op.drop_table("affiliation")
    op.drop_index(op.f("ix_project_stage"), table_name="project")
    op.drop_index(op.f("ix_project_region"), table_name="project")
    op.drop_index(op.f("ix_project_owner_id"), table_name="project")
    op.drop_index(op.f("ix_project_name"), table_name="project")
    op.drop_index(op.f("ix_project_kind"), table_name="project")
    op.drop_index(op.f("ix_project_field"), table_name="project")
    op.drop_index(op.f("ix_project_event_id"), table_name="project")
    op.drop_table("project")
    op.drop_index(op.f("ix_position_title"), table_name="position")
    op.drop_index(op.f("ix_position_status"), table_name="position")
    op.drop_index(op.f("ix_position_region"), table_name="position")
    op.drop_index(op.f("ix_position_organization_id"), table_name="position")
    op.drop_index(op.f("ix_position_kind"), table_name="position")
    op.drop_index(op.f("ix_position_field"), table_name="position")
    op.drop_index(op.f("ix_position_event_id"), table_name="position")
    op.drop_table("position")
    op.drop_index(op.f("ix_person_source_event_id"), table_name="person")
    op.drop_index(op.f("ix_person_owner_id"), table_name="person")
    op.drop_index(op.f("ix_person_name_latin"), table_name="person")
    op.drop_index(op.f("ix_person_name"), table_name="person")
    op.drop_index(op.f("ix_person_hometown_province"), table_name="person")
    op.drop_index(op.f("ix_person_country"), table_name="person")
    op.drop_index(op.f("ix_person_city"), table_name="person")
    op.drop_table("person")
    op.drop_index(op.f("ix_event_starts_on"), table_name="event")
    op.drop_index(op.f("ix_event_region"), table_name="event")
    op.drop_index(op.f("ix_event_parent_id"), table_name="event")
    op.drop_index(op.f("ix_event_organizer_id"), table_name="event")
    op.drop_index(op.f("ix_event_name"), table_name="event")
    op.drop_index(op.f("ix_event_kind"), table_name="event")
    op.drop_table("event")
    op.drop_index(op.f("ix_audit_entry_entity_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_entity"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_at"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_actor_id"), table_name="audit_entry")
    op.drop_index(op.f("ix_audit_entry_action"), table_name="audit_entry")
    op.drop_table("audit_entry")
    op.drop_index(op.f("ix_api_token_user_id"), table_name="api_token")
    op.drop_table("api_token")
    op.drop_index(op.f("ix_staff_user_role"), table_name="staff_user")
    op.drop_table("staff_user")
    op.drop_index(op.f("ix_organization_region"), table_name="organization")
    op.drop_index(op.f("ix_organization_parent_id"), table_name="organization")
    op.drop_index(op.f("ix_organization_name_en"), table_name="organization")
    op.drop_index(op.f("ix_organization_name"), table_name="organization")
    op.drop_index(op.f("ix_organization_kind"), table_name="organization")
    op.drop_index(op.f("ix_organization_country"), table_name="organization")
    op.drop_table("organization")
    op.drop_table("graph_state")
    op.drop_index(op.f("ix_graph_change_revision"), table_name="graph_change")
    op.drop_table("graph_change")
    op.drop_index("ix_computed_metric_metric_value", table_name="computed_metric")
    op.drop_table("computed_metric")
