"""Turns database constraint violations into clear, field-level explanations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.exc import IntegrityError


class ViolationKind(StrEnum):
    UNIQUE = "unique"
    CHECK = "check"
    FOREIGN_KEY = "foreign_key"
    NOT_NULL = "not_null"
    OTHER = "other"


@dataclass(frozen=True)
class ConstraintViolation:
    kind: ViolationKind
    #: the constraint's name (see the naming convention in models/base.py), if known
    constraint: str | None
    #: the table the rejected row belongs to, if known
    table: str | None
    #: the fields the client should look at
    fields: tuple[str, ...]
    message: str


# What each named constraint means, in the words a user understands.
_MESSAGES: dict[str, tuple[tuple[str, ...], str]] = {
    "ck_person_birth_year": (("birth_year",), "birth year must be between 1900 and 2100"),
    "ck_person_name_not_blank": (("name",), "name must not be blank"),
    "ck_organization_name_not_blank": (("name",), "name must not be blank"),
    "ck_organization_not_own_parent": (("parent",), "an organisation cannot be its own parent"),
    "ck_organization_fund_figures_only_for_funds": (
        ("fund_target_amount",),
        "fund figures are only for organisations of kind fund",
    ),
    "ck_organization_fund_target_amount": (("fund_target_amount",), "amount must be >= 0"),
    "ck_organization_fund_committed_amount": (("fund_committed_amount",), "amount must be >= 0"),
    "ck_event_name_not_blank": (("name",), "name must not be blank"),
    "ck_event_dates": (("ends_on",), "an event cannot end before it starts"),
    "ck_event_not_own_parent": (("parent",), "an event cannot be its own parent"),
    "ck_event_reported_participants": (("reported_participants",), "must be >= 0"),
    "ck_event_online_visits": (("online_visits",), "must be >= 0"),
    "ck_project_name_not_blank": (("name",), "name must not be blank"),
    "ck_project_intended_amount": (("intended_amount",), "amount must be >= 0"),
    "ck_project_signed_amount": (("signed_amount",), "amount must be >= 0"),
    "ck_position_title_not_blank": (("title",), "title must not be blank"),
    "ck_position_openings": (("openings",), "a position has at least one opening"),
    "ck_agreement_title_not_blank": (("title",), "title must not be blank"),
    "ck_agreement_amount": (("amount",), "amount must be >= 0"),
    "ck_agreement_signed_has_date": (("signed_on",), "a signed agreement needs its date"),
    "ck_affiliation_dates": (("ends_on",), "an affiliation cannot end before it starts"),
    "ck_affiliation_degree_only_for_alumni": (
        ("degree",),
        "a degree is recorded only on an alumnus affiliation",
    ),
    "uq_affiliation_person_organization_role_period": (
        ("person", "organization", "role"),
        "this person already has this role at this organisation for this period",
    ),
    "ck_relationship_two_people": (("person_b",), "a relationship needs two different people"),
    "ck_relationship_canonical_order": (
        ("person_a", "person_b"),
        "a symmetric relationship is stored with the lower key first",
    ),
    "ck_relationship_strength": (("strength",), "strength must be between 0 and 1"),
    "uq_relationship_person_a_id_person_b_id_kind": (
        ("person_a", "person_b", "kind"),
        "these two people already have a relationship of this kind",
    ),
    "uq_attendance_person_id_event_id": (
        ("person", "event"),
        "this person is already recorded at this event",
    ),
    "uq_participation_project_id_person_id_role": (
        ("person", "role"),
        "this person already has this role in this project",
    ),
    "uq_participation_project_id_organization_id_role": (
        ("organization", "role"),
        "this organisation already has this role in this project",
    ),
    "uq_agreement_party_agreement_id_organization_id": (
        ("organization",),
        "this organisation is already a party to this agreement",
    ),
    "uq_agreement_party_agreement_id_person_id": (
        ("person",),
        "this person is already a party to this agreement",
    ),
    "ck_participation_person_xor_organization": (
        ("person", "organization"),
        "a participant is either a person or an organisation",
    ),
    "ck_agreement_party_person_xor_organization": (
        ("person", "organization"),
        "a party is either a person or an organisation",
    ),
    "uq_application_person_id_position_id": (
        ("person", "position"),
        "this person has already applied for this position",
    ),
    "ck_introduction_one_target": (
        ("target",),
        "an introduction has exactly one target, a person or an organisation",
    ),
    "ck_introduction_not_self": (("target",), "a person cannot be introduced to themselves"),
    "ck_introduction_broker_not_seeker": (("broker",), "the broker cannot be the seeker"),
    "ck_consent_dates": (("withdrawn_at",), "consent cannot be withdrawn before it was given"),
    "ck_api_token_expiry": (("expires_at",), "a token must expire after it was created"),
    "uq_staff_user_username": (("username",), "this username is taken"),
}

_SQLITE_PATTERNS: list[tuple[re.Pattern[str], ViolationKind]] = [
    (re.compile(r"UNIQUE constraint failed: index '(?P<name>[^']+)'"), ViolationKind.UNIQUE),
    (re.compile(r"UNIQUE constraint failed: (?P<columns>.+)"), ViolationKind.UNIQUE),
    (re.compile(r"CHECK constraint failed: (?P<name>\w+)"), ViolationKind.CHECK),
    (re.compile(r"NOT NULL constraint failed: (?P<columns>.+)"), ViolationKind.NOT_NULL),
    (re.compile(r"FOREIGN KEY constraint failed"), ViolationKind.FOREIGN_KEY),
]

_PG_STATES = {
    "23505": ViolationKind.UNIQUE,
    "23514": ViolationKind.CHECK,
    "23503": ViolationKind.FOREIGN_KEY,
    "23502": ViolationKind.NOT_NULL,
}


def explain_integrity_error(error: IntegrityError) -> ConstraintViolation:
    """What a rejected row violated, on either database."""
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:  # psycopg
        kind = _PG_STATES.get(getattr(orig, "sqlstate", "") or "", ViolationKind.OTHER)
        name = diag.constraint_name
        column = diag.column_name
        return _violation(kind, name, diag.table_name, (column,) if column else ())
    text = str(orig)
    for pattern, kind in _SQLITE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        columns = tuple(
            c.strip().split(".", 1)[-1] for c in (groups.get("columns") or "").split(",") if c
        )
        table = (groups.get("columns") or "").split(".", 1)[0] or None
        name = groups.get("name") or _unique_name(table, columns, kind)
        return _violation(kind, name, table, columns)
    return _violation(ViolationKind.OTHER, None, None, ())


def _unique_name(table: str | None, columns: tuple[str, ...], kind: ViolationKind) -> str | None:
    if kind is ViolationKind.UNIQUE and table and columns:
        return f"uq_{table}_{'_'.join(columns)}"
    return None


def _violation(
    kind: ViolationKind, name: str | None, table: str | None, columns: tuple[str, ...]
) -> ConstraintViolation:
    if name in _MESSAGES:
        fields, message = _MESSAGES[name]
        return ConstraintViolation(kind, name, table, fields, message)
    fields = tuple(c.removesuffix("_id") for c in columns)
    generic = {
        ViolationKind.UNIQUE: "a record with these values already exists",
        ViolationKind.CHECK: "a value is out of its allowed range",
        ViolationKind.FOREIGN_KEY: "a referenced record does not exist or is still referenced",
        ViolationKind.NOT_NULL: f"{', '.join(fields) or 'a field'} is required",
        ViolationKind.OTHER: "the record breaks a rule of the database",
    }[kind]
    return ConstraintViolation(kind, name, table, fields, generic)
