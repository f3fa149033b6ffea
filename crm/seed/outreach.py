"""The liaison officers' work: logged meetings, calls and notes, and consent records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from random import Random

from crm.db.enums import (
    ConsentChannel,
    ConsentPurpose,
    InteractionKind,
    OrganizationKind,
    ParticipationRole,
    ProjectKind,
    ProjectStage,
)
from crm.db.models import Consent, Interaction, InteractionParticipant, Participation, Project
from crm.seed.cast import Cast
from crm.seed.conference import Events
from crm.seed.membership import Memberships
from crm.seed.organizations import Institutions
from crm.seed.plan import Plan, Ref
from crm.seed.staff import Staff

__all__ = ["build_outreach"]

_NOTICE = "privacy-notice-2023-11"


def build_outreach(
    rng: Random,
    plan: Plan,
    inst: Institutions,
    cast: Cast,
    memberships: Memberships,
    events: Events,
    staff: Staff,
) -> None:
    """Log interactions (moving each participant's "last contacted") and record consents."""
    log = partial(_log, plan)
    hometown = {a.ref for a in inst.associations if a.kind == OrganizationKind.HOMETOWN_ASSOCIATION}
    visited = [ref for ref in memberships.members if ref in hometown]
    for association in rng.sample(visited, 8):
        members = memberships.members[association]
        name = plan.row(association)["name"]
        log(
            InteractionKind.MEETING,
            _at(rng, 2023, 10),
            staff.liaison_fuzhou,
            f"会前拜访{name}，邀请参会",
            members[:3],
            organization=association,
            body="介绍大会议程与人才招引政策，会长表示将组团参会。",
        )
    for academician in rng.sample(cast.academicians[:47], 8):
        log(
            InteractionKind.CALL,
            _at(rng, 2023, 11),
            staff.liaison_beijing,
            "电话邀请院士出席大会并作主旨发言",
            [academician],
        )
    for talent in rng.sample(cast.talent_wall, 8):
        person, _ = rng.choice(cast.representatives[:100])
        log(
            InteractionKind.EVENT_ENCOUNTER,
            datetime(2023, 12, 21, 7, 30, tzinfo=UTC),
            staff.liaison_beijing,
            "人才招引对接会现场交流",
            [talent, person],
            event=events.talent,
        )
    _follow_ups(rng, plan, log, staff)
    singapore = [p for p in cast.diaspora if plan.row(p)["country"] == "SG"]
    for _ in range(8):
        people = rng.sample(singapore, rng.randint(1, 4))
        log(
            InteractionKind.MESSAGE,
            _at(rng, 2024, 4),
            staff.liaison_fuzhou,
            "发送2024新加坡项目路演邀请",
            people,
            event=events.roadshow,
        )
    _consents(rng, plan, cast, staff)


def _log(
    plan: Plan,
    kind: InteractionKind,
    when: datetime,
    owner: Ref,
    summary: str,
    people: list[Ref],
    *,
    event: Ref | None = None,
    project: Ref | None = None,
    organization: Ref | None = None,
    body: str | None = None,
) -> None:
    interaction = plan.add(
        Interaction,
        kind=kind,
        occurred_at=when,
        owner_id=owner,
        summary=summary,
        body=body,
        event_id=event,
        project_id=project,
        organization_id=organization,
    )
    for person in dict.fromkeys(people):
        plan.add(InteractionParticipant, interaction_id=interaction, person_id=person)
        row = plan.row(person)
        row["last_contacted_at"] = max(filter(None, (row.get("last_contacted_at"), when)))


def _follow_ups(rng: Random, plan: Plan, log: Callable[..., None], staff: Staff) -> None:
    """Follow-ups with the leads of projects signed or intended at the conference."""
    leads = {
        row["project_id"]: row["person_id"]
        for row in plan.rows[Participation]
        if row["role"] == ParticipationRole.LEAD and row["person_id"] is not None
    }
    followed = [
        Ref(Project, i)
        for i, row in enumerate(plan.rows[Project])
        if row["kind"] == ProjectKind.COOPERATION
        and row["stage"] in {ProjectStage.SIGNED, ProjectStage.PRELIMINARY_INTENTION}
        and Ref(Project, i) in leads
    ]
    for project in rng.sample(followed, 8):
        log(
            InteractionKind.NOTE,
            _at(rng, 2024, 1),
            rng.choice(staff.liaisons),
            f"合作项目跟进：{plan.row(project)['name']}",
            [leads[project]],
            project=project,
            body="双方确认下一步尽职调查安排。",
        )


def _consents(rng: Random, plan: Plan, cast: Cast, staff: Staff) -> None:
    for talent in cast.talent_wall:
        given = _at(rng, 2023, 12, first=10, last=20)
        plan.add(
            Consent,
            person_id=talent,
            purpose=ConsentPurpose.PROCESSING,
            channel=ConsentChannel.EVENT_REGISTRATION,
            notice_version=_NOTICE,
            given_at=given,
            withdrawn_at=None,
            recorded_by_id=staff.liaison_beijing,
        )
    for n, person in enumerate(rng.sample(cast.diaspora, 20)):
        given = _at(rng, 2023, 11)
        plan.add(
            Consent,
            person_id=person,
            purpose=ConsentPurpose.CONTACT,
            channel=ConsentChannel.ONLINE_FORM,
            notice_version=_NOTICE,
            given_at=given,
            withdrawn_at=given + timedelta(days=90) if n < 3 else None,
            recorded_by_id=staff.liaison_fuzhou,
        )


def _at(rng: Random, year: int, month: int, *, first: int = 1, last: int = 28) -> datetime:
    return datetime(
        year, month, rng.randint(first, last), rng.randint(1, 10), rng.randrange(60), tzinfo=UTC
    )
