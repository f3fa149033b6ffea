"""Everything held about one person, as plain JSON-ready values (the right of access).

Each section is the person's rows of one table with every column, plus the name of
the record at the other end where that helps to read it (organisation, event,
project, agreement, position). Other people appear by their key only: their data is
theirs.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Select, Table, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.tables import affiliation as _affiliation
from crm.db.tables import agreement as _agreement
from crm.db.tables import agreement_party as _party
from crm.db.tables import application as _application
from crm.db.tables import application_change as _application_stage
from crm.db.tables import attendance as _attendance
from crm.db.tables import audit_entry as _audit
from crm.db.tables import computed_metric as _metric
from crm.db.tables import consent as _consent
from crm.db.tables import event as _event
from crm.db.tables import interaction as _interaction
from crm.db.tables import interaction_participant as _participant
from crm.db.tables import introduction as _introduction
from crm.db.tables import introduction_change as _introduction_status
from crm.db.tables import merge_record as _merge
from crm.db.tables import organization as _organization
from crm.db.tables import participation as _participation
from crm.db.tables import person as _person
from crm.db.tables import person_share as _share
from crm.db.tables import position as _position
from crm.db.tables import project as _project
from crm.db.tables import relationship as _relationship

__all__ = ["person_data"]


def plain(value: Any) -> Any:
    """A column value as JSON: times and dates in ISO 8601, amounts as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


async def _rows(session: AsyncSession, statement: Select[Any]) -> list[dict[str, Any]]:
    result = await session.execute(statement)
    return [{k: plain(v) for k, v in row._mapping.items()} for row in result]


#: what names the record a link of a person points at: (its column, the label in the export)
_NAMES = {
    "organization": ("name", "organization_name"),
    "event": ("name", "event_name"),
    "project": ("name", "project_name"),
    "agreement": ("title", "agreement_title"),
    "position": ("title", "position_title"),
}


def _named(link: Table, other: Table | None, key: int) -> Select[Any]:
    """The person's rows of `link` (by `person_id`), in the order they were made, each
    with the name of the `other` record it points at (by `<other>_id`), if one."""
    statement = select(link)
    if other is not None:
        column, label = _NAMES[other.name]
        statement = select(link, other.c[column].label(label)).join(
            other, other.c.id == link.c[f"{other.name}_id"]
        )
    return statement.where(link.c.person_id == key).order_by(link.c.id)


async def person_data(session: AsyncSession, person_id: int) -> dict[str, Any] | None:
    """The person's row and every row linked to them (None: no such person)."""
    found = await _rows(session, select(_person).where(_person.c.id == person_id))
    if not found:
        return None
    key = person_id
    data: dict[str, Any] = {"person": found[0]}
    data["affiliations"] = await _rows(session, _named(_affiliation, _organization, key))
    data["relationships"] = await _rows(
        session,
        select(_relationship)
        .where(or_(_relationship.c.person_a_id == key, _relationship.c.person_b_id == key))
        .order_by(_relationship.c.id),
    )
    data["attendances"] = await _rows(session, _named(_attendance, _event, key))
    data["participations"] = await _rows(session, _named(_participation, _project, key))
    data["agreement_parties"] = await _rows(session, _named(_party, _agreement, key))
    data["applications"] = await _applications(session, key)
    data["introductions"] = await _introductions(session, key)
    data["interactions"] = await _rows(
        session,
        select(_interaction)
        .where(
            _interaction.c.id.in_(
                select(_participant.c.interaction_id).where(_participant.c.person_id == key)
            )
        )
        .order_by(_interaction.c.occurred_at, _interaction.c.id),
    )
    data["consents"] = await _rows(session, _named(_consent, None, key))
    data["metrics"] = await _rows(
        session,
        select(_metric)
        .where(_metric.c.node_type == "person", _metric.c.node_id == key)
        .order_by(_metric.c.metric),
    )
    data["merge_records"] = await _rows(
        session,
        select(_merge)
        .where(_merge.c.entity == "person", _merge.c.survivor_id == key)
        .order_by(_merge.c.id),
    )
    data["shares"] = await _rows(session, _named(_share, None, key))
    data["audit_entries"] = await _rows(
        session,
        select(_audit)
        .where(_audit.c.entity == "person", _audit.c.entity_id == key)
        .order_by(_audit.c.at, _audit.c.id),
    )
    return data


async def _applications(session: AsyncSession, key: int) -> list[dict[str, Any]]:
    applications = await _rows(session, _named(_application, _position, key))
    await _attach_history(
        session, applications, _application_stage, "application_id", "stage_history"
    )
    return applications


async def _introductions(session: AsyncSession, key: int) -> list[dict[str, Any]]:
    c = _introduction.c
    introductions = await _rows(
        session,
        select(_introduction)
        .where(or_(c.seeker_id == key, c.target_person_id == key, c.broker_id == key))
        .order_by(c.id),
    )
    await _attach_history(
        session, introductions, _introduction_status, "introduction_id", "status_history"
    )
    for introduction in introductions:
        introduction["as"] = [
            role
            for role, column in (
                ("seeker", "seeker_id"),
                ("target", "target_person_id"),
                ("broker", "broker_id"),
            )
            if introduction[column] == key
        ]
    return introductions


async def _attach_history(
    session: AsyncSession, records: list[dict[str, Any]], changes: Table, parent: str, key: str
) -> None:
    """Give each record (applications, introductions) its moves from `changes` (the
    stage or status change table, whose `parent` column names it), oldest first, under
    `key`."""
    history = await _rows(
        session,
        select(changes)
        .where(changes.c[parent].in_([record["id"] for record in records]))
        .order_by(changes.c.changed_at, changes.c.id),
    )
    for record in records:
        record[key] = [h for h in history if h[parent] == record["id"]]
