"""Counts the figures of the seed text in the database, with SQL for SQLite and PostgreSQL.

Every rule is written once here; `crm.seed.figures` says what each count must be.
JSON lists (honours, expertise) are fetched and counted in Python, which is portable
where a JSON containment filter is not.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from crm.db.enums import AttendanceRole, Degree, EventKind, Honour, OrganizationKind
from crm.db.models import Affiliation, Attendance, Event, Organization, Person
from crm.seed import keys
from crm.seed.counting import Figure, conference_tree, count_of, key_of
from crm.seed.fields import ACFROC_FIELDS
from crm.seed.measure_deals import agreement_figures, project_figures
from crm.seed.measure_jobs import recruitment_figures

__all__ = ["Figure", "measure_figures"]


ACADEMICIAN_HONOURS = frozenset({Honour.CAS_ACADEMICIAN, Honour.CAE_ACADEMICIAN})


async def measure_figures(session: AsyncSession) -> dict[str, Figure]:
    """Count every figure of the seed text in the database (SQLite or PostgreSQL)."""
    events = await _events(session)
    tree = await conference_tree(session, events[keys.CONFERENCE_NAME])
    figures: dict[str, Figure] = {}
    figures |= await _guests(session, events[keys.CONFERENCE_NAME])
    figures |= await project_figures(session, tree, events)
    figures |= await agreement_figures(session, tree)
    figures |= await _talent_wall(session, events[keys.TALENT_SESSION_NAME])
    figures |= await _offline(session, events[keys.ONLINE_PLATFORM_NAME])
    figures |= await recruitment_figures(session, tree)
    return figures


async def _events(session: AsyncSession) -> dict[str, int]:
    names = (
        keys.CONFERENCE_NAME,
        keys.BEIJING_SESSION_NAME,
        keys.TALENT_SESSION_NAME,
        keys.ACHIEVEMENTS_SESSION_NAME,
        keys.ONLINE_PLATFORM_NAME,
    )
    rows = await session.execute(
        select(col(Event.name), col(Event.id)).where(col(Event.name).in_(names))
    )
    found = {name: key_of(event_id) for name, event_id in rows}
    missing = set(names) - set(found)
    if missing:
        raise LookupError(f"events not in the database: {sorted(missing)}")
    return found


async def _guests(session: AsyncSession, conference_id: int) -> dict[str, Figure]:
    rows = (
        await session.execute(
            select(col(Person.id), col(Person.country), col(Person.honours), col(Person.expertise))
            .join(Attendance, col(Attendance.person_id) == col(Person.id))
            .where(col(Attendance.event_id) == conference_id)
        )
    ).all()
    academicians = [r for r in rows if ACADEMICIAN_HONOURS & set(r.honours)]
    experts = [r for r in rows if Honour.ACFROC_EXPERT in r.honours]
    fields = {f for r in experts for f in r.expertise}
    return {
        "guests": len(rows),
        "academicians": len(academicians),
        "domestic_academicians": sum(1 for r in academicians if r.country == "CN"),
        "overseas_academicians": sum(1 for r in academicians if r.country != "CN"),
        "acfroc_experts": len(experts),
        "acfroc_expert_fields": len(fields & set(ACFROC_FIELDS)),
        "acfroc_experts_outside_their_fields": sum(
            1 for r in experts if not r.expertise or set(r.expertise) - set(ACFROC_FIELDS)
        ),
    }


async def _talent_wall(session: AsyncSession, session_id: int) -> dict[str, Figure]:
    people = await session.execute(select(col(Person.id), col(Person.honours)))
    wall = {key_of(i) for i, honours in people if Honour.TALENT_WALL in honours}
    degrees = (
        await session.execute(
            select(col(Affiliation.person_id), col(Organization.name_en))
            .join(Organization, col(Organization.id) == col(Affiliation.organization_id))
            .where(
                col(Affiliation.degree).in_([Degree.DOCTORATE, Degree.MASTER]),
                col(Organization.kind) == OrganizationKind.UNIVERSITY,
                col(Organization.name_en).in_(keys.RENOWNED_UNIVERSITIES),
            )
        )
    ).all()
    candidates = await session.scalars(
        select(col(Attendance.person_id)).where(
            col(Attendance.event_id) == session_id,
            col(Attendance.role) == AttendanceRole.CANDIDATE,
        )
    )
    named = {keys.OXFORD, keys.CAMBRIDGE, keys.HARVARD}
    return {
        "talent_wall": len(wall),
        "talent_wall_with_renowned_degrees": len(wall & {int(p) for p, _ in degrees}),
        "talent_wall_at_recruitment_session": len(wall & {int(p) for p in candidates}),
        "talent_wall_from_oxford_cambridge_harvard": len(
            named & {str(u) for p, u in degrees if p in wall}
        ),
    }


async def _offline(session: AsyncSession, platform_id: int) -> dict[str, Figure]:
    fairs = (
        await session.execute(
            select(col(Event.region), col(Event.reported_participants)).where(
                col(Event.parent_id) == platform_id, col(Event.kind) == EventKind.RECRUITMENT_FAIR
            )
        )
    ).all()
    visits = await count_of(
        session, select(col(Event.online_visits)).where(col(Event.id) == platform_id)
    )
    return {
        "offline_regions": len({region for region, _ in fairs if region}),
        "offline_participants": sum(int(n or 0) for _, n in fairs),
        "online_visits": visits,
    }
