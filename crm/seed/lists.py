"""The demo's lists: the conference's talent wall (132 people, shared with all the staff)
and the Fuqing association's visiting delegation (a liaison officer's own list)."""

from __future__ import annotations

from collections.abc import Sequence

from crm.db.enums import ListKind
from crm.db.models import List, ListMember, ListShare
from crm.seed.plan import Plan, Ref
from crm.seed.staff import Staff

__all__ = ["DELEGATION_LIST", "TALENT_WALL_LIST", "build_lists"]

TALENT_WALL_LIST = "人才墙 Talent wall"
DELEGATION_LIST = "新加坡福清会馆访问团 Futsing delegation"


def build_lists(
    plan: Plan, staff: Staff, *, talent_wall: Sequence[Ref], delegation: Sequence[Ref]
) -> None:
    wall = plan.add(
        List,
        name=TALENT_WALL_LIST,
        kind=ListKind.PERSON,
        description="海外人才墙: the 132 overseas doctors and masters of the conference's "
        "talent session, for the liaison officers who follow them up.",
        owner_id=staff.admin,
    )
    _members(plan, wall, talent_wall, staff.admin)
    for liaison in staff.liaisons:
        plan.add(ListShare, list_id=wall, user_id=liaison, can_edit=True, granted_by_id=staff.admin)
    plan.add(
        ListShare, list_id=wall, user_id=staff.analyst, can_edit=False, granted_by_id=staff.admin
    )
    visit = plan.add(
        List,
        name=DELEGATION_LIST,
        kind=ListKind.PERSON,
        description="Singapore Futsing Association members on the Fuqing visit.",
        owner_id=staff.liaison_fuzhou,
    )
    _members(plan, visit, delegation, staff.liaison_fuzhou)
    plan.add(
        ListShare,
        list_id=visit,
        user_id=staff.liaison_beijing,
        can_edit=False,
        granted_by_id=staff.liaison_fuzhou,
    )


def _members(plan: Plan, list_: Ref, people: Sequence[Ref], added_by: Ref) -> None:
    for person in dict.fromkeys(people):
        plan.add(ListMember, list_id=list_, person_id=person, added_by_id=added_by)
