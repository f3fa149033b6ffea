"""Write checks in the data layer, per kind of record: a liaison officer changes the
records they own and the links of those; not another officer's; analysts and apps
nothing; administrators everything; the system's own sessions are not checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import enums, models
from crm.db.enums import UserRole
from crm.errors import UserErrorCode, UserErrors
from crm.security.viewer import Viewer
from tests import factories

AT = datetime(2024, 5, 1, tzinfo=UTC)


async def _user(session: AsyncSession, name: str, role: UserRole) -> Viewer:
    user = await factories.add(session, models.User(username=name, display_name=name, role=role))
    return Viewer(user_id=user.id, username=name, role=role)


def _key(row: Any) -> int:
    key: int = row.id
    return key


async def _records(session: AsyncSession, owner: Viewer) -> dict[str, Any]:
    """One record of each owned kind for `owner` (the system writes them)."""
    uid = owner.user_id
    person = await factories.person(session, owner_id=uid)
    org = await factories.organization(session, owner_id=uid)
    event = await factories.event(session, owner_id=uid)
    project = await factories.add(
        session, models.Project(name="固态电池", kind=next(iter(enums.ProjectKind)), owner_id=uid)
    )
    position = await factories.add(
        session, models.Position(organization_id=_key(org), title="研究员", owner_id=uid)
    )
    agreement = await factories.add(
        session,
        models.Agreement(title="合作协议", kind=next(iter(enums.AgreementKind)), owner_id=uid),
    )
    interaction = await factories.add(
        session,
        models.Interaction(
            kind=next(iter(enums.InteractionKind)), occurred_at=AT, summary="通话", owner_id=uid
        ),
    )
    introduction = await factories.add(
        session, models.Introduction(seeker_id=_key(person), target_organization_id=org.id)
    )
    return {
        "person": person,
        "organization": org,
        "event": event,
        "project": project,
        "position": position,
        "agreement": agreement,
        "interaction": interaction,
        "introduction": introduction,
    }


#: a new link anchored on the records of `mine` (and, where it links two, `other`'s)
LINKS: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
    "affiliation": lambda m, o: models.Affiliation(
        person_id=m["person"].id,
        organization_id=o["organization"].id,
        role=enums.AffiliationRole.MEMBER,
    ),
    "relationship": lambda m, o: models.Relationship(
        person_a_id=m["person"].id,
        person_b_id=o["person"].id,
        kind=next(iter(enums.RelationshipKind)),
    ),
    "attendance": lambda m, o: models.Attendance(person_id=m["person"].id, event_id=o["event"].id),
    "participation": lambda m, o: models.Participation(
        project_id=m["project"].id,
        person_id=o["person"].id,
        role=next(iter(enums.ParticipationRole)),
    ),
    "agreement party": lambda m, o: models.AgreementParty(
        agreement_id=m["agreement"].id, organization_id=o["organization"].id
    ),
    "application": lambda m, o: models.Application(
        person_id=m["person"].id, position_id=o["position"].id
    ),
    "consent": lambda m, _o: models.Consent(
        person_id=m["person"].id,
        purpose=enums.ConsentPurpose.PROCESSING,
        channel=enums.ConsentChannel.PAPER_FORM,
        notice_version="2024-1",
    ),
    "interaction participant": lambda m, o: models.InteractionParticipant(
        interaction_id=m["interaction"].id, person_id=o["person"].id
    ),
}


@pytest.fixture
async def staff(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession
) -> dict[str, Any]:
    async with session.begin():
        found: dict[str, Any] = {
            role: await _user(session, role, kind)
            for role, kind in [
                ("l1", UserRole.LIAISON),
                ("l2", UserRole.LIAISON),
                ("analyst", UserRole.ANALYST),
                ("app", UserRole.APP),
                ("admin", UserRole.ADMIN),
            ]
        }
        found["mine"] = await _records(session, found["l1"])
        found["theirs"] = await _records(session, found["l2"])
    return found


async def _as(
    session_factory: async_sessionmaker[AsyncSession],
    viewer: Viewer,
    change: Callable[[AsyncSession], Any],
) -> UserErrorCode | None:
    """Run a change as `viewer` (rolled back either way); the refusal's code or None."""
    async with session_factory() as session:
        session.info["viewer"] = viewer
        try:
            async with session.begin():
                await change(session)
                await session.flush()
                await session.rollback()
        except UserErrors as errors:
            return errors.errors[0].code
    return None


def _edit(model: type[Any], key: int) -> Callable[[AsyncSession], Any]:
    async def change(session: AsyncSession) -> None:
        row = await session.get(model, key)
        assert row is not None
        row.updated_at = AT  # a touch of a derived column alone is not an edit …
        for column in ("name", "title", "summary", "purpose"):
            if hasattr(row, column):
                setattr(row, column, "changed")  # … this is
                return

    return change


def _delete(model: type[Any], key: int) -> Callable[[AsyncSession], Any]:
    async def change(session: AsyncSession) -> None:
        await session.delete(await session.get(model, key))

    return change


def _add(make: Callable[[], Any]) -> Callable[[AsyncSession], Any]:
    async def change(session: AsyncSession) -> None:
        session.add(make())

    return change


KINDS = ["person", "organization", "event", "project", "position", "agreement", "interaction",
         "introduction"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
async def test_owned_records_change_for_their_owner_and_admins_only(
    session_factory: async_sessionmaker[AsyncSession], staff: dict[str, Any], kind: str
) -> None:
    row = staff["mine"][kind]
    model = type(row)
    expected = {
        "l1": None,
        "admin": None,
        "l2": UserErrorCode.FORBIDDEN,
        "analyst": UserErrorCode.FORBIDDEN,
        "app": UserErrorCode.FORBIDDEN,
    }
    for role, outcome in expected.items():
        assert await _as(session_factory, staff[role], _edit(model, row.id)) is outcome, role
        assert await _as(session_factory, staff[role], _delete(model, row.id)) is outcome, role


@pytest.mark.parametrize("kind", sorted(LINKS))
async def test_links_are_made_by_whoever_may_change_an_end(
    session_factory: async_sessionmaker[AsyncSession], staff: dict[str, Any], kind: str
) -> None:
    mine, theirs = staff["mine"], staff["theirs"]
    make = LINKS[kind]
    # Anchored on L1's record: L1 and admins may, L2 (who owns only the other end,
    # if any) may too when that end anchors the link; analysts and apps never.
    assert await _as(session_factory, staff["l1"], _add(lambda: make(mine, theirs))) is None
    assert await _as(session_factory, staff["admin"], _add(lambda: make(mine, theirs))) is None
    for role in ("analyst", "app"):
        refused = await _as(session_factory, staff[role], _add(lambda: make(mine, theirs)))
        assert refused is UserErrorCode.FORBIDDEN, role
    # Both ends L1's: L2 has no claim on it.
    outcome = await _as(session_factory, staff["l2"], _add(lambda: make(mine, mine)))
    assert outcome is UserErrorCode.FORBIDDEN


async def test_a_liaison_officer_makes_records_for_themselves_only(
    session_factory: async_sessionmaker[AsyncSession], staff: dict[str, Any]
) -> None:
    l1, l2 = staff["l1"], staff["l2"]
    made: list[models.Person] = []

    async def create(owner: int | None) -> Callable[[AsyncSession], Any]:
        async def change(session: AsyncSession) -> None:
            person = models.Person(name="黄志明", owner_id=owner)
            session.add(person)
            await session.flush()
            made.append(person)

        return change

    assert await _as(session_factory, l1, await create(None)) is None
    assert made[-1].owner_id == l1.user_id  # theirs by default
    assert await _as(session_factory, l1, await create(l2.user_id)) is UserErrorCode.FORBIDDEN

    async def hand_over(session: AsyncSession) -> None:
        person = await session.get(models.Person, staff["mine"]["person"].id)
        assert person is not None
        person.owner_id = l2.user_id

    assert await _as(session_factory, l1, hand_over) is UserErrorCode.FORBIDDEN
    assert await _as(session_factory, staff["admin"], hand_over) is None


async def test_accounts_and_shares_are_for_admins(
    session_factory: async_sessionmaker[AsyncSession], staff: dict[str, Any]
) -> None:
    share = _add(
        lambda: models.PersonShare(
            person_id=staff["theirs"]["person"].id, user_id=staff["l1"].user_id
        )
    )
    user = _add(lambda: models.User(username="new", display_name="New", role=UserRole.ANALYST))
    for change in (share, user):
        assert await _as(session_factory, staff["l1"], change) is UserErrorCode.FORBIDDEN
        assert await _as(session_factory, staff["admin"], change) is None
