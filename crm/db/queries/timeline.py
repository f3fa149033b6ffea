"""What happened to a person or an organisation, from every table, as one dated list.

Each source is a SELECT of the same columns, and the timeline is their UNION ALL:
`owner_id` (the person or organisation), `at`, `kind`, `record_type` and `record_id`
(the row to show), `label` and `detail` (words for the summary).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    Table,
    cast,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy import String as SAString
from sqlalchemy.sql.expression import type_coerce

from crm.db.enums import IntroductionStatus
from crm.db.queries.sql import date_as_timestamp
from crm.db.tables import (
    affiliation,
    agreement,
    application,
    application_change,
    attendance,
    event,
    interaction,
    introduction,
    introduction_change,
    organization,
    participation,
    person,
    position,
    project,
    project_change,
)
from crm.db.tables import agreement_party as party
from crm.db.tables import interaction_participant as participant
from crm.db.types import UTCDateTime

OWNER = "owner_id"


def _row(
    owner: ColumnElement[Any],
    at: ColumnElement[Any],
    kind: str,
    record_type: str,
    record_id: ColumnElement[Any],
    label: ColumnElement[Any],
    detail: ColumnElement[Any] | None = None,
) -> list[ColumnElement[Any]]:
    return [
        owner.label(OWNER),
        type_coerce(at, UTCDateTime()).label("at"),
        literal(kind, SAString).label("kind"),
        literal(record_type, SAString).label("record_type"),
        record_id.label("record_id"),
        cast(label, SAString).label("label"),
        cast(detail if detail is not None else null(), SAString).label("detail"),
    ]


def _agreement_at() -> ColumnElement[Any]:
    return date_as_timestamp(agreement.c.signed_on)


def _introduction_sources(party: ColumnElement[Any]) -> list[Select[Any]]:
    """A party's introductions: the request, then each move of its status.

    The history row of a new introduction (nothing → REQUESTED) is the request itself
    and is left out; a history that starts in a later status (introductions older than
    the history) shows that status at the time it was reached.
    """
    requested = select(
        *_row(
            party,
            introduction.c.requested_at,
            "introduction",
            "Introduction",
            introduction.c.id,
            introduction.c.purpose,
            introduction.c.status,
        )
    ).where(party.is_not(None))
    moved = (
        select(
            *_row(
                party,
                introduction_change.c.changed_at,
                "introduction_status",
                "IntroductionStatusChange",
                introduction_change.c.id,
                introduction.c.purpose,
                introduction_change.c.to_status,
            )
        )
        .join(introduction, introduction.c.id == introduction_change.c.introduction_id)
        .where(
            party.is_not(None),
            or_(
                introduction_change.c.from_status.is_not(None),
                introduction_change.c.to_status != IntroductionStatus.REQUESTED,
            ),
        )
    )
    return [requested, moved]


@cache
def person_timeline() -> Subquery:
    """Every person's dated events: meetings, introductions (as seeker, target or
    broker) and their status changes, events, applications, stage changes of their
    applications and projects, agreements, affiliations."""
    sources = [*_person_activity(), *_person_records()]
    for end in (
        introduction.c.seeker_id,
        introduction.c.target_person_id,
        introduction.c.broker_id,
    ):
        sources += _introduction_sources(end)
    return union_all(*sources).subquery("timeline")


def _person_activity() -> list[Select[Any]]:
    """A person's meetings, attendances and applications."""
    return [
        select(
            *_row(
                participant.c.person_id,
                interaction.c.occurred_at,
                "interaction",
                "Interaction",
                interaction.c.id,
                interaction.c.summary,
                interaction.c.kind,
            )
        ).join(interaction, interaction.c.id == participant.c.interaction_id),
        select(
            *_row(
                attendance.c.person_id,
                date_as_timestamp(event.c.starts_on),
                "attendance",
                "Attendance",
                attendance.c.id,
                event.c.name,
                attendance.c.role,
            )
        )
        .join(event, event.c.id == attendance.c.event_id)
        .where(event.c.starts_on.is_not(None)),
        select(
            *_row(
                application.c.person_id,
                application.c.submitted_at,
                "application",
                "Application",
                application.c.id,
                position.c.title,
                application.c.stage,
            )
        ).join(position, position.c.id == application.c.position_id),
    ]


def _person_records() -> list[Select[Any]]:
    """The stage changes of a person's applications and projects, their agreements and
    their affiliations."""
    return [
        select(
            *_row(
                application.c.person_id,
                application_change.c.changed_at,
                "application_stage",
                "ApplicationStageChange",
                application_change.c.id,
                position.c.title,
                application_change.c.to_stage,
            )
        )
        .join(application, application.c.id == application_change.c.application_id)
        .join(position, position.c.id == application.c.position_id)
        .where(application_change.c.from_stage.is_not(None)),
        *_shared_records("person_id"),
        _affiliation_source("person_id", organization, "organization_id"),
    ]


@cache
def organization_timeline() -> Subquery:
    """Every organisation's dated events: meetings about it, introductions to it and
    their status changes, members joining, stage changes of its projects, its agreements."""
    sources: list[Select[Any]] = [
        select(
            *_row(
                interaction.c.organization_id,
                interaction.c.occurred_at,
                "interaction",
                "Interaction",
                interaction.c.id,
                interaction.c.summary,
                interaction.c.kind,
            )
        ).where(interaction.c.organization_id.is_not(None)),
        *_introduction_sources(introduction.c.target_organization_id),
        _affiliation_source("organization_id", person, "person_id"),
        *_shared_records("organization_id"),
    ]
    return union_all(*sources).subquery("timeline")


def _shared_records(owner: str) -> list[Select[Any]]:
    """The stage changes of the projects a person or an organisation (`owner`:
    "person_id" or "organization_id") takes part in, and the signed agreements it is
    party to."""
    return [
        select(
            *_row(
                participation.c[owner],
                project_change.c.changed_at,
                "project_stage",
                "ProjectStageChange",
                project_change.c.id,
                project.c.name,
                project_change.c.to_stage,
            )
        )
        .join(project, project.c.id == project_change.c.project_id)
        .join(participation, participation.c.project_id == project.c.id)
        .where(participation.c[owner].is_not(None)),
        select(
            *_row(
                party.c[owner],
                _agreement_at(),
                "agreement",
                "Agreement",
                agreement.c.id,
                agreement.c.title,
                agreement.c.status,
            )
        )
        .join(agreement, agreement.c.id == party.c.agreement_id)
        .where(party.c[owner].is_not(None), agreement.c.signed_on.is_not(None)),
    ]


def _affiliation_source(owner: str, other: Table, other_key: str) -> Select[Any]:
    """Dated affiliations on the timeline of their person or organisation (`owner`),
    named by the other end (`other`, joined on the affiliation's `other_key`)."""
    return (
        select(
            *_row(
                affiliation.c[owner],
                date_as_timestamp(affiliation.c.starts_on),
                "affiliation",
                "Affiliation",
                affiliation.c.id,
                other.c.name,
                affiliation.c.role,
            )
        )
        .join(other, other.c.id == affiliation.c[other_key])
        .where(affiliation.c.starts_on.is_not(None))
    )


#: link rows that put their parent record on the timeline of the person or organisation
#: they add: (the parent's record type, the link's owner column per kind of timeline)
_LINKS: dict[str, tuple[str, Any, dict[str, ColumnElement[Any]]]] = {
    "InteractionParticipant": ("Interaction", participant, {"person": participant.c.person_id}),
    "AgreementParty": (
        "Agreement",
        party,
        {"person": party.c.person_id, "organization": party.c.organization_id},
    ),
}


def entries_of_new_row(
    source: Subquery, owner: int, *, of: str, row_type: str, row_id: int, parent: int | None
) -> Select[Any] | None:
    """The entries a newly added row makes on one owner's timeline (`source`, of a
    "person" or an "organization"): usually one, none when the row is not theirs.

    A link row (a participant, an agreement party) shows its parent record, and only
    on the timeline of the person or organisation it adds. None when the row never
    makes an entry on such a timeline.
    """
    where = [source.c[OWNER] == owner]
    link = _LINKS.get(row_type)
    if link is not None:
        parent_type, table, owners = link
        if of not in owners or parent is None:
            return None
        joins = select(table.c.id).where(table.c.id == row_id, owners[of] == owner)
        where += [source.c.record_type == parent_type, source.c.record_id == parent]
        where.append(joins.exists())
    else:
        where += [source.c.record_type == row_type, source.c.record_id == row_id]
    return select(source).where(*where)
