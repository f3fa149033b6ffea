"""What each importable entity is: its cell parsers, its references, and its validation.

Validation is the write path's own: each entity's cleaned column values come from the
public `values_of` of its resolver module, the one its `create…` mutation uses, fed with
the row's typed cells as plain values, over the model's defaults as a new record would
have them (crm/resolvers/validation.py does the trimming, lengths, email-validator,
phonenumbers E.164, ISO countries, hometowns and fields of expertise against
crm/reference, ranges). The checks a `create…` use case makes
beyond `values_of` (a signed agreement needs its date, two different people in a
relationship, a participant is a person or an organisation) are made here with the same
public functions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import SQLModel

from crm.db import enums, models
from crm.reference.country import country_code
from crm.resolvers import (
    affiliation,
    agreement,
    application,
    event,
    interaction,
    introduction,
    organization,
    person,
    position,
    project,
    relationship,
)
from crm.resolvers.role_link import role_of
from crm.resolvers.validation import Validator
from crm.transfer import values as parse
from crm.transfer.values import Parser

#: (validator, typed field values) → column values, errors recorded on the validator
Build = Callable[[Validator, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Reference:
    """A field naming another record, resolved by its natural key (or a `<field>_id` column)."""

    field: str
    #: the referenced entity: person, organization, event, project, position, agreement
    target: str
    #: the column that takes the referenced key
    column: str
    required: bool = False
    #: fields of the row that narrow the look-up: hint kind → field (email, phone, …)
    hints: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[SQLModel]
    parsers: dict[str, Parser]
    build: Build
    references: tuple[Reference, ...] = ()
    #: the columns of the link's unique key: an existing row with the same is a duplicate
    unique: tuple[str, ...] = ()
    #: at least one of each group of fields must be mapped to a column
    needs: tuple[tuple[str, ...], ...] = ()
    #: fields that are not columns of the record (handled by the importer)
    extra: frozenset[str] = field(default_factory=frozenset)

    @property
    def table(self) -> str:
        return str(self.model.__tablename__)


ValuesOf = Callable[[Validator, Mapping[str, Any]], dict[str, Any]]


def _via(values_of: ValuesOf, model: type[SQLModel]) -> Build:
    """A resolver module's `values_of`, fed with the row over the defaults of a new record
    (a required column the row leaves empty is None: "name is required")."""
    defaults = _defaults(model)

    def build(v: Validator, typed: dict[str, Any]) -> dict[str, Any]:
        return values_of(v, {**defaults, **typed})

    return build


def _defaults(model: type[SQLModel]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name in ("id", "version", "created_at", "updated_at"):
            continue
        if info.is_required():
            found[name] = None
        elif info.default_factory is None and info.default is not None:
            found[name] = info.default
    return found


def _country(cell: str) -> str:
    """The code of a country name or code; anything else as written, for the validator to
    refuse with the value it did not understand."""
    return country_code(cell) or cell


_TEXT = parse.text


def _person_refs(
    field_name: str = "person", column: str = "person_id", *, required: bool = True
) -> Reference:
    hints = {"email": "person_email", "phone": "person_phone", "birth_year": "person_birth_year"}
    if field_name != "person":
        hints = {"email": f"{field_name}_email"}
    return Reference(field_name, "person", column, required, hints)


def _organization_ref(
    field_name: str = "organization", column: str = "organization_id", *, required: bool = True
) -> Reference:
    hints = {"country": "organization_country"} if field_name == "organization" else {}
    return Reference(field_name, "organization", column, required, hints)


_HINT_PARSERS: dict[str, Parser] = {
    "person_email": _TEXT,
    "person_phone": _TEXT,
    "person_birth_year": parse.integer,
    "organization_country": _country,
    "person_a_email": _TEXT,
    "person_b_email": _TEXT,
    "seeker_email": _TEXT,
    "target_person_email": _TEXT,
    "broker_email": _TEXT,
}


def _build_agreement(v: Validator, typed: dict[str, Any]) -> dict[str, Any]:
    values = _via(agreement.values_of, models.Agreement)(v, typed)
    agreement.check_signed_has_date(v, values, creating=True)
    return values


def _build_application(v: Validator, typed: dict[str, Any]) -> dict[str, Any]:
    values = _via(application.values_of, models.Application)(v, typed)
    submitted = application.submitted_at(v, typed.get("submitted_at"))
    if submitted is not None:
        values["submitted_at"] = submitted
    return values


def _build_relationship(v: Validator, typed: dict[str, Any]) -> dict[str, Any]:
    values = _via(relationship.values_of, models.Relationship)(v, typed)
    if typed.get("kind") is None:
        v.fail("kind", "kind is required")
    values["kind"] = typed.get("kind")
    return values


ENTITIES: dict[str, Entity] = {}


def _add(entity: Entity) -> None:
    ENTITIES[entity.name] = entity


_add(
    Entity(
        "person",
        models.Person,
        {
            "name": _TEXT,
            "name_latin": _TEXT,
            "gender": parse.choice(enums.Gender),
            "birth_year": parse.integer,
            "nationality": _country,
            "country": _country,
            "city": _TEXT,
            "hometown": _TEXT,
            "hometown_province": _TEXT,
            "hometown_city": _TEXT,
            "hometown_county": _TEXT,
            "dialect_group": parse.choice(enums.DialectGroup),
            "expertise": parse.words,
            "honours": parse.choices(enums.Honour),
            "languages": parse.words,
            "email": _TEXT,
            "phone": _TEXT,
            "wechat": _TEXT,
            "contact_cadence_days": parse.integer,
            "source_platform": _TEXT,
            "source_region": _TEXT,
            "notes": _TEXT,
            "organization": _TEXT,
            "organization_country": _country,
            "title": _TEXT,
            "role": parse.choice(enums.AffiliationRole),
        },
        _via(person.values_of, models.Person),
        needs=(("name",),),
        extra=frozenset({"organization", "organization_country", "title", "role"}),
    )
)
_add(
    Entity(
        "organization",
        models.Organization,
        {
            "name": _TEXT,
            "name_en": _TEXT,
            "aliases": parse.words,
            "kind": parse.choice(enums.OrganizationKind),
            "country": _country,
            "region": _TEXT,
            "city": _TEXT,
            "parent": _TEXT,
            "is_global500": parse.boolean,
            "is_state_owned": parse.boolean,
            "fund_target_amount": parse.amount,
            "fund_committed_amount": parse.amount,
            "currency": _TEXT,
            "founded_on": parse.day,
            "website": _TEXT,
            "description": _TEXT,
        },
        _via(organization.values_of, models.Organization),
        references=(_organization_ref("parent", "parent_id", required=False),),
        needs=(("name",), ("kind",)),
    )
)
_add(
    Entity(
        "event",
        models.Event,
        {
            "name": _TEXT,
            "name_en": _TEXT,
            "kind": parse.choice(enums.EventKind),
            "starts_on": parse.day,
            "ends_on": parse.day,
            "place": _TEXT,
            "city": _TEXT,
            "region": _TEXT,
            "country": _country,
            "parent": _TEXT,
            "organizer": _TEXT,
            "reported_participants": parse.integer,
            "online_visits": parse.integer,
            "description": _TEXT,
        },
        _via(event.values_of, models.Event),
        references=(
            Reference("parent", "event", "parent_id"),
            _organization_ref("organizer", "organizer_id", required=False),
        ),
        needs=(("name",), ("kind",)),
    )
)
_add(
    Entity(
        "project",
        models.Project,
        {
            "name": _TEXT,
            "name_en": _TEXT,
            "kind": parse.choice(enums.ProjectKind),
            "stage": parse.choice(enums.ProjectStage),
            "field": _TEXT,
            "region": _TEXT,
            "intended_amount": parse.amount,
            "signed_amount": parse.amount,
            "currency": _TEXT,
            "event": _TEXT,
            "description": _TEXT,
        },
        _via(project.values_of, models.Project),
        references=(Reference("event", "event", "event_id"),),
        needs=(("name",), ("kind",)),
    )
)
_add(
    Entity(
        "position",
        models.Position,
        {
            "organization": _TEXT,
            "organization_country": _country,
            "title": _TEXT,
            "field": _TEXT,
            "kind": parse.choice(enums.PositionKind),
            "place": _TEXT,
            "region": _TEXT,
            "openings": parse.integer,
            "status": parse.choice(enums.PositionStatus),
            "is_high_level": parse.boolean,
            "event": _TEXT,
            "description": _TEXT,
        },
        _via(position.values_of, models.Position),
        references=(_organization_ref(), Reference("event", "event", "event_id")),
        needs=(("title",), ("organization", "organization_id")),
    )
)
_add(
    Entity(
        "agreement",
        models.Agreement,
        {
            "title": _TEXT,
            "kind": parse.choice(enums.AgreementKind),
            "status": parse.choice(enums.AgreementStatus),
            "amount": parse.amount,
            "currency": _TEXT,
            "signed_on": parse.day,
            "event": _TEXT,
            "project": _TEXT,
            "description": _TEXT,
        },
        _build_agreement,
        references=(
            Reference("event", "event", "event_id"),
            Reference("project", "project", "project_id"),
        ),
        needs=(("title",), ("kind",)),
    )
)
_add(
    Entity(
        "affiliation",
        models.Affiliation,
        {
            "person": _TEXT,
            "organization": _TEXT,
            "role": parse.choice(enums.AffiliationRole),
            "title": _TEXT,
            "starts_on": parse.day,
            "ends_on": parse.day,
            "degree": parse.choice(enums.Degree),
            "field_of_study": _TEXT,
        },
        _via(affiliation.values_of, models.Affiliation),
        references=(_person_refs(), _organization_ref()),
        unique=("person_id", "organization_id", "role", "starts_on", "ends_on"),
        needs=(("person", "person_id", "person_email"), ("organization", "organization_id")),
    )
)
_add(
    Entity(
        "relationship",
        models.Relationship,
        {
            "person_a": _TEXT,
            "person_b": _TEXT,
            "kind": parse.choice(enums.RelationshipKind),
            "strength": parse.number,
            "since": parse.day,
            "source": _TEXT,
        },
        _build_relationship,
        references=(
            _person_refs("person_a", "person_a_id"),
            _person_refs("person_b", "person_b_id"),
        ),
        unique=("person_a_id", "person_b_id", "kind"),
        needs=(
            ("person_a", "person_a_id", "person_a_email"),
            ("person_b", "person_b_id", "person_b_email"),
            ("kind",),
        ),
    )
)
_add(
    Entity(
        "attendance",
        models.Attendance,
        {"person": _TEXT, "event": _TEXT, "role": parse.choice(enums.AttendanceRole)},
        _via(role_of, models.Attendance),
        references=(_person_refs(), Reference("event", "event", "event_id", required=True)),
        unique=("person_id", "event_id"),
        needs=(("person", "person_id", "person_email"), ("event", "event_id")),
    )
)
_add(
    Entity(
        "participation",
        models.Participation,
        {
            "project": _TEXT,
            "person": _TEXT,
            "organization": _TEXT,
            "role": parse.choice(enums.ParticipationRole),
        },
        _via(role_of, models.Participation),
        references=(
            Reference("project", "project", "project_id", required=True),
            _person_refs(required=False),
            _organization_ref(required=False),
        ),
        unique=("project_id", "person_id", "organization_id", "role"),
        needs=(("project", "project_id"), ("role",)),
    )
)
_add(
    Entity(
        "agreement_party",
        models.AgreementParty,
        {
            "agreement": _TEXT,
            "person": _TEXT,
            "organization": _TEXT,
            "role": parse.choice(enums.PartyRole),
        },
        _via(role_of, models.AgreementParty),
        references=(
            Reference("agreement", "agreement", "agreement_id", required=True),
            _person_refs(required=False),
            _organization_ref(required=False),
        ),
        unique=("agreement_id", "person_id", "organization_id"),
        needs=(("agreement", "agreement_id"),),
    )
)
_add(
    Entity(
        "application",
        models.Application,
        {
            "person": _TEXT,
            "position": _TEXT,
            "organization": _TEXT,
            "organization_country": _country,
            "organization_id": parse.integer,
            "stage": parse.choice(enums.ApplicationStage),
            "submitted_at": parse.moment,
            "event": _TEXT,
            "note": _TEXT,
        },
        _build_application,
        references=(
            _person_refs(),
            Reference("position", "position", "position_id", required=True),
            Reference("event", "event", "event_id"),
        ),
        unique=("person_id", "position_id"),
        needs=(("person", "person_id", "person_email"), ("position", "position_id")),
        extra=frozenset({"organization", "organization_country"}),
    )
)
_add(
    Entity(
        "interaction",
        models.Interaction,
        {
            "kind": parse.choice(enums.InteractionKind),
            "occurred_at": parse.moment,
            "summary": _TEXT,
            "body": _TEXT,
            "participants": parse.words,
            "event": _TEXT,
            "project": _TEXT,
            "organization": _TEXT,
        },
        _via(interaction.values_of, models.Interaction),
        references=(
            Reference("event", "event", "event_id"),
            Reference("project", "project", "project_id"),
            _organization_ref(required=False),
        ),
        needs=(("kind",), ("occurred_at",), ("summary",)),
        extra=frozenset({"participants"}),
    )
)
_add(
    Entity(
        "introduction",
        models.Introduction,
        {
            "purpose": _TEXT,
            "requested_at": parse.moment,
            "retention_until": parse.day,
        },
        # New introductions start REQUESTED, as createIntroduction's do; the workflow
        # (moveIntroduction) moves them on.
        _via(introduction.values_of, models.Introduction),
        references=(
            _person_refs("seeker", "seeker_id"),
            _person_refs("target_person", "target_person_id", required=False),
            _organization_ref("target_organization", "target_organization_id", required=False),
            _person_refs("broker", "broker_id", required=False),
            Reference("event", "event", "event_id"),
        ),
        # the same seeker asking for the same target again is a duplicate
        unique=("seeker_id", "target_person_id", "target_organization_id"),
        needs=(
            ("seeker", "seeker_id", "seeker_email"),
            (
                "target_person",
                "target_person_id",
                "target_person_email",
                "target_organization",
                "target_organization_id",
            ),
        ),
    )
)

for _entity in ENTITIES.values():
    for _ref in _entity.references:
        _entity.parsers.setdefault(_ref.field, _TEXT)
        _entity.parsers.setdefault(f"{_ref.field}_id", parse.integer)
        for _hint in _ref.hints.values():
            _entity.parsers.setdefault(_hint, _HINT_PARSERS[_hint])
