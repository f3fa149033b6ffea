"""Lists: named selections of people or organisations that staff keep and share.

Who may do what with a list:

- see it (in `lists`, by `node`, as `people(filter: {inList})`, exported): its owner,
  the staff it is shared with, administrators; to anyone else it does not exist;
- change its name, description and members: its owner, staff it is shared with to
  edit (`canEdit`), administrators;
- share it, take a share back, delete it: its owner and administrators.

Analysts and apps change no list (their role writes nothing): a list is shared with them
to read. The data layer checks every write again (`crm.security.writes`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.enums import ListKind, UserRole
from crm.db.paging import PageRequest, SortKey, with_key
from crm.db.queries import list as q
from crm.db.queries.conditions import text_in
from crm.errors import UserErrorCode, UserErrors, bad_input
from crm.resolvers import crud
from crm.resolvers.context import Context
from crm.resolvers.ids import RecordId, key_of, keys_of
from crm.resolvers.listing import (
    ChildList,
    Filter,
    Listed,
    OrderBy,
    OrderField,
    Ordering,
    condition_of,
    page_of,
    sort_keys,
)
from crm.resolvers.validation import Data, Validator
from crm.security.viewer import Viewer

__all__ = [
    "LISTS",
    "MAX_MEMBERS_PER_CALL",
    "MEMBERS",
    "ORDERING",
    "Access",
    "add_members",
    "check_in_list",
    "create_list",
    "delete_list",
    "remove_members",
    "rename_list",
    "share_list",
    "unshare_list",
    "visible_list_ids",
]

#: members one call adds or removes (the talent wall is 132)
MAX_MEMBERS_PER_CALL = 1000

ORDERING: Ordering = {
    "NAME": OrderField("name"),
    "CREATED_AT": OrderField("created_at"),
    "UPDATED_AT": OrderField("updated_at"),
}
DEFAULT_ORDER = [SortKey(q.list_.c.name)]
MEMBER_ORDERING: Ordering = {
    "ADDED_AT": OrderField("created_at", description="When it was added to the list.")
}
#: a list's members, in the order they were added
MEMBERS = ChildList(q.member, "list_id", MEMBER_ORDERING, [SortKey(q.member.c.created_at)])

_MEMBER_TYPE = {ListKind.PERSON: "Person", ListKind.ORGANIZATION: "Organization"}
_MEMBER_COLUMN = {ListKind.PERSON: "person_id", ListKind.ORGANIZATION: "organization_id"}
_MEMBER_MODEL = {ListKind.PERSON: models.Person, ListKind.ORGANIZATION: models.Organization}


def list_conditions(f: Filter) -> list[ColumnElement[bool]]:
    parts: list[ColumnElement[bool]] = []
    if f.get("name_contains"):
        parts.append(text_in(f["name_contains"], q.list_.c.name))
    if f.get("kind"):
        parts.append(q.list_.c.kind.in_([str(k) for k in f["kind"]]))
    if f.get("contains"):
        people = keys_of("contains", f["contains"], "Person", "Organization")
        kinds = [r.type_name for r in f["contains"]]
        parts.append(
            q.holding(
                person_ids=[k for k, t in zip(people, kinds, strict=True) if t == "Person"],
                organization_ids=[
                    k for k, t in zip(people, kinds, strict=True) if t == "Organization"
                ],
            )
        )
    if f.get("owner"):
        parts.append(q.list_.c.owner_id.in_(keys_of("owner", f["owner"], "User")))
    return parts


@dataclass(frozen=True)
class VisibleLists:
    """The lists the caller may see, filtered and ordered (the `lists` field)."""

    ordering: Ordering
    root: ClassVar[bool] = True

    async def page(
        self,
        context: Context,
        _parent: None,
        request: PageRequest,
        order_by: OrderBy | None = None,
        filter: Filter | None = None,
    ) -> Listed:
        viewer = context.signed_in
        statement = select(q.list_).where(q.visible_to(viewer.user_id, admin=viewer.is_admin))
        condition = condition_of(filter, list_conditions)
        if condition is not None:
            statement = statement.where(condition)
        sort = sort_keys(order_by, self.ordering, DEFAULT_ORDER, q.list_)
        return await page_of(context, statement, with_key(sort, q.list_), request)


LISTS = VisibleLists(ORDERING)


@dataclass(frozen=True)
class Access:
    """What the caller may do with one list."""

    owner_id: int | None
    #: None: not shared with the caller; else whether to edit
    can_edit_share: bool | None
    viewer: Viewer

    @property
    def sees(self) -> bool:
        return self.viewer.is_admin or self.owns or self.can_edit_share is not None

    @property
    def owns(self) -> bool:
        return self.viewer.owns(self.owner_id)

    @property
    def edits(self) -> bool:
        if not self.viewer.may_write:
            return False
        return self.viewer.is_admin or self.owns or bool(self.can_edit_share)

    @property
    def manages(self) -> bool:
        """Share, take back, delete."""
        return self.viewer.may_write and (self.viewer.is_admin or self.owns)


async def access_to(context: Context, list_ids: Sequence[int]) -> dict[int, Access]:
    """The caller's access to each of these lists that exists."""
    viewer = context.signed_in
    async with context.db() as session:
        found = await q.access_of(session, list_ids, viewer.user_id or 0)
    return {key: Access(owner, share, viewer) for key, (owner, share) in found.items()}


async def visible_list_ids(context: Context, list_ids: Sequence[int]) -> set[int]:
    """Which of these lists the caller may see."""
    return {key for key, access in (await access_to(context, list_ids)).items() if access.sees}


def _in_list_ids(f: Filter | None) -> Iterator[RecordId]:
    if not f:
        return
    if f.get("in_list") is not None:
        yield f["in_list"]
    for sub in (f.get("and_") or []) + (f.get("or_") or []):
        yield from _in_list_ids(sub)
    yield from _in_list_ids(f.get("not_"))


async def check_in_list(context: Context, filter: Filter | None) -> None:
    """`inList` of a people or organisations filter must name a list the caller sees
    (one they may not see is refused like one that does not exist)."""
    keys = [key_of("inList", record, "List") for record in _in_list_ids(filter)]
    if not keys:
        return
    if set(keys) - await visible_list_ids(context, keys):
        raise bad_input("`inList`: no list with this ID", ("inList",))


# -- writes -----------------------------------------------------------------------------


async def _list_for(
    session: AsyncSession, context: Context, key: int, field: str, *, manage: str | None = None
) -> Any:
    """The list row, which the caller may edit (its name, its members) or, given `manage`
    (what is being done), manage; a list the caller may not see is NOT_FOUND, as if it did
    not exist."""
    viewer = context.signed_in
    found = await q.access_of(session, [key], viewer.user_id or 0)
    if key not in found or not Access(*found[key], viewer).sees:
        raise crud.not_found(field, "list")
    row = await session.get(models.List, key)
    if row is None:
        raise crud.not_found(field, "list")
    access = Access(*found[key], viewer)
    if manage is not None and not access.manages:
        raise _refuse(f"only the list's owner or an administrator may {manage}")
    if not access.edits:
        raise _refuse("this list is shared with you to read, not to change")
    return row


def _refuse(message: str) -> UserErrors:
    return UserErrors.one(UserErrorCode.FORBIDDEN, message)


def _values(v: Validator, data: Data) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "name" in data:
        values["name"] = v.text("name", data["name"], max_length=200, required=True)
    if "description" in data:
        values["description"] = v.text("description", data["description"], max_length=10_000)
    return values


async def create_list(context: Context, data: Data) -> models.List:
    """A new list, owned by the caller."""
    v = Validator()
    values = _values(v, data)
    v.check()
    values.update(kind=data["kind"], owner_id=context.signed_in.user_id)
    return await crud.create(context, models.List, values)


async def rename_list(context: Context, data: Data) -> models.List:
    """A new name (and, when sent, description) for a list the caller may edit."""
    key = key_of("id", data["id"], "List")
    v = Validator()
    values = _values(v, data)
    v.check()
    async with crud.transaction(context) as session:
        await _list_for(session, context, key, "id")
        row = await crud.current(session, models.List, key, data["expected_version"])
        for name, value in values.items():
            setattr(row, name, value)
        await crud.flush(session)
        return row


async def delete_list(context: Context, data: Data) -> models.List:
    """Delete a list (its owner or an administrator); its members and shares go with it."""
    key = key_of("id", data["id"], "List")
    async with crud.transaction(context) as session:
        await _list_for(session, context, key, "id", manage="delete it")
        row = await crud.current(session, models.List, key, data["expected_version"])
        # through the ORM, so each member and share leaves its audit entry
        for model in (models.ListMember, models.ListShare):
            for child in await _children(session, model, key):
                await session.delete(child)
        await crud.flush(session)  # before the list, whose deletion would cascade to them
        await session.delete(row)
        await crud.flush(session)
        deleted: models.List = row
        return deleted


async def _children(session: AsyncSession, model: type[Any], list_id: int) -> list[Any]:
    found = await session.execute(select(model).where(model.list_id == list_id))
    return list(found.scalars())


@dataclass(frozen=True)
class MembersChanged:
    list: models.List
    #: how many were added (or removed); those already on (or not on) the list are skipped
    count: int


def _member_keys(row: models.List, member_ids: Sequence[RecordId]) -> list[int]:
    if not member_ids:
        raise UserErrors.one(UserErrorCode.VALIDATION, "name at least one member", ("memberIds",))
    if len(member_ids) > MAX_MEMBERS_PER_CALL:
        raise UserErrors.one(
            UserErrorCode.VALIDATION,
            f"at most {MAX_MEMBERS_PER_CALL} members at a time",
            ("memberIds",),
        )
    wanted = _MEMBER_TYPE[row.kind]
    if any(record.type_name != wanted for record in member_ids):
        kind = "people" if row.kind is ListKind.PERSON else "organisations"
        raise UserErrors.one(
            UserErrorCode.VALIDATION,
            f"this list holds {kind}: memberIds must be IDs of a {wanted}",
            ("memberIds",),
        )
    return list(dict.fromkeys(key_of("memberIds", record, wanted) for record in member_ids))


async def add_members(context: Context, data: Data) -> MembersChanged:
    key = key_of("listId", data["list_id"], "List")
    async with crud.transaction(context) as session:
        row = await _list_for(session, context, key, "listId")
        keys = _member_keys(row, data["member_ids"])
        model, column = _MEMBER_MODEL[row.kind], _MEMBER_COLUMN[row.kind]
        missing = set(keys) - await q.existing_keys(session, model, keys)
        if missing:
            what = "person" if row.kind is ListKind.PERSON else "organisation"
            raise UserErrors.one(
                UserErrorCode.NOT_FOUND,
                f"no {what} with the ID {RecordId.of(_MEMBER_TYPE[row.kind], min(missing))}",
                ("memberIds",),
            )
        already = await q.member_keys(session, key, column, keys)
        new = [k for k in keys if k not in already]
        added_by = context.signed_in.user_id
        person = row.kind is ListKind.PERSON
        session.add_all(
            models.ListMember(
                list_id=key,
                added_by_id=added_by,
                person_id=k if person else None,
                organization_id=None if person else k,
            )
            for k in new
        )
        await crud.flush(session)
        return MembersChanged(row, len(new))


async def remove_members(context: Context, data: Data) -> MembersChanged:
    key = key_of("listId", data["list_id"], "List")
    async with crud.transaction(context) as session:
        row = await _list_for(session, context, key, "listId")
        keys = _member_keys(row, data["member_ids"])
        column = getattr(models.ListMember, _MEMBER_COLUMN[row.kind])
        found = await session.execute(
            select(models.ListMember).where(
                models.ListMember.list_id == key,  # type: ignore[arg-type]
                column.in_(keys),
            )
        )
        members = list(found.scalars())
        for member in members:  # through the ORM: each removal is audited
            await session.delete(member)
        await crud.flush(session)
        return MembersChanged(row, len(members))


async def share_list(context: Context, data: Data) -> models.List:
    """Share a list with staff users (or change whether they may edit it)."""
    key = key_of("listId", data["list_id"], "List")
    can_edit = bool(data.get("can_edit"))
    async with crud.transaction(context) as session:
        row = await _list_for(session, context, key, "listId", manage="share it")
        user_ids = list(dict.fromkeys(keys_of_users(data["user_ids"])))
        users = {
            u.id: u
            for u in (
                await session.execute(
                    select(models.User).where(models.User.id.in_(user_ids))  # type: ignore[union-attr]
                )
            ).scalars()
        }
        v = Validator()
        if not user_ids:
            v.fail("userIds", "name at least one staff user")
        if set(user_ids) - set(users):
            v.fail("userIds", "no staff user with one of these IDs", UserErrorCode.NOT_FOUND)
        if row.owner_id in users:
            v.fail("userIds", "the list's owner has it already")
        if can_edit and any(u.role in (UserRole.ANALYST, UserRole.APP) for u in users.values()):
            v.fail("canEdit", "analysts and apps read only: share with them without canEdit")
        v.check()
        existing = {s.user_id: s for s in await _children(session, models.ListShare, key)}
        for user_id in user_ids:
            share = existing.get(user_id)
            if share is None:
                session.add(
                    models.ListShare(
                        list_id=key,
                        user_id=user_id,
                        can_edit=can_edit,
                        granted_by_id=context.signed_in.user_id,
                    )
                )
            elif share.can_edit != can_edit:
                share.can_edit = can_edit
        await crud.flush(session)
        return row  # type: ignore[no-any-return]


async def unshare_list(context: Context, data: Data) -> models.List:
    """Take shares of a list back."""
    key = key_of("listId", data["list_id"], "List")
    async with crud.transaction(context) as session:
        row = await _list_for(session, context, key, "listId", manage="take a share back")
        user_ids = set(keys_of_users(data["user_ids"]))
        for share in await _children(session, models.ListShare, key):
            if share.user_id in user_ids:
                await session.delete(share)
        await crud.flush(session)
        return row  # type: ignore[no-any-return]


def keys_of_users(ids: Sequence[RecordId]) -> list[int]:
    return [key_of("userIds", record, "User") for record in ids]
