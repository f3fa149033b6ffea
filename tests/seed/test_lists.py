"""The demo's lists: the talent wall of 132, shared with the staff, and a delegation."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.db.enums import Honour, ListKind
from crm.db.models import List, ListMember, ListShare, Person, User
from crm.seed import figures
from crm.seed.lists import DELEGATION_LIST, TALENT_WALL_LIST
from tests.seed.conftest import SeededDemo


async def test_the_talent_wall_is_a_list_of_its_132_people_shared_with_the_staff(
    demo: SeededDemo,
) -> None:
    async with demo.session_factory() as session:
        named = select(List).where(List.name == TALENT_WALL_LIST)  # type: ignore[arg-type]
        wall = (await session.execute(named)).scalar_one()
        assert wall.kind is ListKind.PERSON
        owner = await session.get(User, wall.owner_id)
        assert owner is not None
        assert owner.username == "admin"
        on_list = select(ListMember.person_id).where(ListMember.list_id == wall.id)  # type: ignore[arg-type, call-overload]
        members = set((await session.execute(on_list)).scalars())
        people = await session.execute(select(Person.id, Person.honours))  # type: ignore[call-overload]
        talents = {key for key, honours in people if Honour.TALENT_WALL.value in honours}
        assert len(members) == figures.TALENT_WALL == 132
        assert members == talents
        shares = await session.execute(
            select(User.username, ListShare.can_edit)  # type: ignore[call-overload]
            .join(ListShare, ListShare.user_id == User.id)
            .where(ListShare.list_id == wall.id)
        )
        assert dict(shares.all()) == {
            "liaison.fuzhou": True,
            "liaison.beijing": True,
            "analyst": False,
        }


async def test_a_liaison_officer_keeps_a_delegation_list(demo: SeededDemo) -> None:
    async with demo.session_factory() as session:
        named = select(List).where(List.name == DELEGATION_LIST)  # type: ignore[arg-type]
        visit = (await session.execute(named)).scalar_one()
        owner = await session.get(User, visit.owner_id)
        assert owner is not None
        assert owner.username == "liaison.fuzhou"
        count = await session.execute(
            select(func.count()).select_from(ListMember).where(ListMember.list_id == visit.id)  # type: ignore[arg-type]
        )
        assert count.scalar_one() == 6
