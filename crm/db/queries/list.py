"""Lists of people or organisations: who may see them, their members, their shares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import ListKind
from crm.db.queries.common import table_of

list_ = table_of(models.List)
member = table_of(models.ListMember)
share = table_of(models.ListShare)
person = table_of(models.Person)
organization = table_of(models.Organization)
user = table_of(models.User)


def visible_to(user_id: int | None, *, admin: bool) -> ColumnElement[bool]:
    """Lists the user sees: their own and those shared with them (administrators: all)."""
    if admin:
        return true()
    if user_id is None:
        return list_.c.id.is_(None)  # nothing
    shared = select(share.c.list_id).where(share.c.user_id == user_id)
    return or_(list_.c.owner_id == user_id, list_.c.id.in_(shared))


def holding(*, person_ids: Sequence[int] = (), organization_ids: Sequence[int] = ()) -> Any:
    """Lists with any of these people or organisations on them."""
    lists = select(member.c.list_id).where(
        or_(
            member.c.person_id.in_(list(person_ids)),
            member.c.organization_id.in_(list(organization_ids)),
        )
    )
    return list_.c.id.in_(lists)


def people_in(list_ids: Sequence[int]) -> ColumnElement[bool]:
    """People on any of these lists."""
    members = select(member.c.person_id).where(member.c.list_id.in_(list(list_ids)))
    return person.c.id.in_(members)


def organizations_in(list_ids: Sequence[int]) -> ColumnElement[bool]:
    """Organisations on any of these lists."""
    members = select(member.c.organization_id).where(member.c.list_id.in_(list(list_ids)))
    return organization.c.id.in_(members)


async def access_of(
    session: AsyncSession, list_ids: Iterable[int], user_id: int
) -> dict[int, tuple[int | None, bool | None]]:
    """For each existing list: its owner, and the user's share (None: not shared with
    them; else whether they may edit it)."""
    ids = set(list_ids)
    if not ids:
        return {}
    statement = (
        select(list_.c.id, list_.c.owner_id, share.c.can_edit)
        .select_from(
            list_.outerjoin(share, and_(share.c.list_id == list_.c.id, share.c.user_id == user_id))
        )
        .where(list_.c.id.in_(ids))
    )
    return {r.id: (r.owner_id, r.can_edit) for r in await session.execute(statement)}


async def member_keys(
    session: AsyncSession, list_id: int, column: str, keys: Sequence[int]
) -> set[int]:
    """Which of these people (or organisations: `column`) are on the list already."""
    if not keys:
        return set()
    found = await session.execute(
        select(member.c[column]).where(member.c.list_id == list_id, member.c[column].in_(keys))
    )
    return {r[0] for r in found}


async def existing_keys(session: AsyncSession, model: type[Any], keys: Sequence[int]) -> set[int]:
    """Which of these keys name a row of `model`."""
    if not keys:
        return set()
    table = table_of(model)
    found = await session.execute(select(table.c.id).where(table.c.id.in_(set(keys))))
    return {r[0] for r in found}


async def shares_of(session: AsyncSession, list_ids: Sequence[int]) -> Sequence[Row[Any]]:
    """The shares of these lists, with the users' names, by list and username."""
    statement = (
        select(share, user.c.username, user.c.display_name)
        .join(user, user.c.id == share.c.user_id)
        .where(share.c.list_id.in_(list(list_ids)))
        .order_by(share.c.list_id, user.c.username)
    )
    return (await session.execute(statement)).all()


#: the table of a list's members, and the member column that names one, by the list's kind
_MEMBERS = {
    ListKind.PERSON: (person, "person_id"),
    ListKind.ORGANIZATION: (organization, "organization_id"),
}


async def members_of(session: AsyncSession, list_id: int, kind: ListKind) -> Sequence[Row[Any]]:
    """The people or organisations (as the list's kind says) of a list, by name (for an
    export)."""
    table, column = _MEMBERS[kind]
    statement = (
        select(table)
        .join(member, member.c[column] == table.c.id)
        .where(member.c.list_id == list_id)
        .order_by(table.c.name, table.c.id)
    )
    return (await session.execute(statement)).all()
