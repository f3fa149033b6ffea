"""The liaison officers' keep-in-touch work over 2023–2024: when each person was added,
a contact cadence for many of the people an officer owns, and the calls, messages and
meetings that kept to it (or did not), so follow-ups, timelines and the dashboard's
months all have something to show.

It draws from a random generator of its own (not the world's), so the rest of the demo,
and every figure of the conference report, stays as it was. Each contact has one
participant and names no other record: it adds no tie to the network.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from random import Random

from crm.db.enums import InteractionKind
from crm.db.models import Event, Interaction, InteractionParticipant, Person
from crm.seed.plan import Plan, Ref

__all__ = ["CONTACTS_END", "build_keep_in_touch"]

#: the demo's records run to the end of 2024
CONTACTS_END = date(2024, 12, 20)
_ADDED_FROM = date(2023, 1, 4)

_K = InteractionKind
# (kind, weight, summaries)
_CONTACTS: tuple[tuple[InteractionKind, int, tuple[str, ...]], ...] = (
    (_K.CALL, 40, ("电话回访：近况与合作意向", "电话沟通人才项目申报事宜",
                   "电话问候，了解回国发展打算")),
    (_K.MESSAGE, 35, ("微信问候，分享福建最新人才政策", "发送海外人才创新创业大赛通知",
                      "邮件发送2024年引才项目申报指南")),
    (_K.MEETING, 20, ("面谈：项目进展与落地需求", "走访交流，听取对营商环境的建议",
                      "线上会议：对接园区与投资机构")),
    (_K.NOTE, 5, ("记录：对方暂无回国计划，保持联系", "记录：推荐参加下一期路演")),
)  # fmt: skip


def build_keep_in_touch(seed: int, plan: Plan) -> None:
    """Date each person's addition, give owned people a cadence, and log their contacts."""
    rng = Random(f"{seed}:keep-in-touch")
    first_contact = _first_contacts(plan)
    for index, row in enumerate(plan.rows[Person]):
        person = Ref(Person, index)
        added = _added(rng, plan, row, first_contact.get(person))
        row["created_at"] = added
        owner = row.get("owner_id")
        cadence = _cadence(rng, row) if owner is not None else None
        if cadence is None:
            continue
        row["contact_cadence_days"] = cadence
        for when in _contacts(rng, added, cadence):
            _log(rng, plan, person, owner, when)
        since = row.get("last_contacted_at") or added
        row["next_contact_due_at"] = since + timedelta(days=cadence)


def _first_contacts(plan: Plan) -> dict[Ref, datetime]:
    at = [row["occurred_at"] for row in plan.rows.get(Interaction, [])]
    first: dict[Ref, datetime] = defaultdict(lambda: datetime.max.replace(tzinfo=UTC))
    for row in plan.rows.get(InteractionParticipant, []):
        person, interaction = row["person_id"], row["interaction_id"]
        first[person] = min(first[person], at[interaction.index])
    return dict(first)


def _added(rng: Random, plan: Plan, row: dict[str, object], contact: datetime | None) -> datetime:
    """When the person was added: weeks before the event they came from, else some day of
    2023; never after their first logged contact."""
    source = row.get("source_event_id")
    event = source if isinstance(source, Ref) and source.model is Event else None
    starts = plan.row(event)["starts_on"] if event is not None else None
    if isinstance(starts, date):
        day = starts - timedelta(days=rng.randint(7, 75))
    else:
        day = _ADDED_FROM + timedelta(days=rng.randint(0, 300))
    added = datetime.combine(day, time(rng.randint(1, 10), rng.randrange(60)), tzinfo=UTC)
    if contact is not None and contact <= added:
        added = contact - timedelta(days=rng.randint(1, 30))
    return added


def _cadence(rng: Random, row: dict[str, object]) -> int | None:
    """Academicians and other honoured talents every quarter, people met at an event
    every two months, the rest twice a year; not every owned person has one."""
    if row.get("honours"):
        return 90 if rng.random() < 0.9 else None
    if row.get("source_event_id") is not None:
        return 60 if rng.random() < 0.45 else None
    return rng.choice((120, 180)) if rng.random() < 0.3 else None


def _contacts(rng: Random, added: datetime, cadence: int) -> list[datetime]:
    """Contacts roughly at the cadence, some early, some late, until the officer's
    attention moved on (some time in 2024): the later ones are overdue now."""
    stop = datetime.combine(
        CONTACTS_END - timedelta(days=rng.randint(0, 240)), time(18), tzinfo=UTC
    )
    found: list[datetime] = []
    when = added + timedelta(days=rng.randint(3, 30))
    while when < stop or not found:
        found.append(when.replace(hour=rng.randint(1, 10), minute=rng.randrange(60)))
        when += timedelta(days=round(cadence * rng.uniform(0.6, 1.35)))
    return found


def _log(rng: Random, plan: Plan, person: Ref, owner: object, when: datetime) -> None:
    kinds = [kind for kind, _, _ in _CONTACTS]
    kind = rng.choices(kinds, weights=[w for _, w, _ in _CONTACTS])[0]
    summaries = next(s for k, _, s in _CONTACTS if k == kind)
    interaction = plan.add(
        Interaction,
        kind=kind,
        occurred_at=when,
        owner_id=owner,
        summary=rng.choice(summaries),
        body=None,
        event_id=None,
        project_id=None,
        organization_id=None,
    )
    plan.add(InteractionParticipant, interaction_id=interaction, person_id=person)
    row = plan.row(person)
    row["last_contacted_at"] = max(filter(None, (row.get("last_contacted_at"), when)))
