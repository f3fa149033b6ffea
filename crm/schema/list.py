"""List: a named, shared selection of people or organisations (the talent wall, a
delegation, a VIP list); its members, shares, filters and mutations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Self

import strawberry
from strawberry import relay

from crm.db import enums, models
from crm.resolvers import list as list_
from crm.schema.connection import connection, order_input
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import plain
from crm.schema.mutation import Write, attempt, record_mutations
from crm.schema.node import RowNode, reference

ListKind = strawberry.enum(enums.ListKind, description="What a list holds.")


@strawberry.type(description="A staff user a list is shared with.")
class ListShare:
    can_edit: bool = strawberry.field(description="May change the list's name and members.")
    created_at: datetime
    user_id: strawberry.Private[int]

    user = reference("User", "user_id", description="Who it is shared with.", required=True)


@strawberry.type(
    description="A named list of people or of organisations that staff keep and share. "
    "Seen by its owner, the staff it is shared with and administrators."
)
class List(RowNode):
    model = models.List

    version: int
    name: str
    kind: ListKind  # type: ignore[valid-type]
    description: str | None
    created_at: datetime
    updated_at: datetime
    owner_id: strawberry.Private[int | None]

    owner = reference("User", "owner_id", description="Who made the list and manages it.")
    members = connection(
        "ListMember",
        list_.MEMBERS,
        description="Who is on the list, in the order they were added (`people(filter: "
        "{inList})` and `organizations(filter: {inList})` filter and order them).",
    )

    @strawberry.field(description="The staff users the list is shared with, by username.")
    async def shares(self, info: Info) -> list[ListShare]:
        rows = await info.context.loaders.list_shares().load(self.id)
        return [
            ListShare(can_edit=r.can_edit, created_at=r.created_at, user_id=r.user_id) for r in rows
        ]

    @strawberry.field(description="May you change its name and members?")
    async def viewer_can_edit(self, info: Info) -> bool:
        return (await _access(info, self)).edits

    @strawberry.field(description="May you share it, take shares back and delete it?")
    async def viewer_can_manage(self, info: Info) -> bool:
        return (await _access(info, self)).manages

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        nodes = await super().resolve_nodes(info=info, node_ids=node_ids, required=required)
        # A list the caller may not see looks exactly like a missing one.
        seen = await list_.visible_list_ids(info.context, [n.id for n in nodes if n])
        return [n if n is not None and n.id in seen else None for n in nodes]


async def _access(info: Info, node: List) -> list_.Access:
    viewer = info.context.signed_in
    owner, share = await info.context.loaders.list_access(viewer.user_id or 0).load(node.id)
    return list_.Access(owner, share, viewer)


@strawberry.type(description="A person or an organisation on a list.")
class ListMember(RowNode):
    model = models.ListMember

    added_at: datetime = strawberry.field(description="When it was added to the list.")
    list_id: strawberry.Private[int]
    person_id: strawberry.Private[int | None]
    organization_id: strawberry.Private[int | None]
    added_by_id: strawberry.Private[int | None]

    of_list = reference(
        "List", "list_id", description="The list.", required=True, field_name="list"
    )
    person = reference("Person", "person_id", description="The person (on a PERSON list).")
    organization = reference(
        "Organization", "organization_id", description="The organisation (on an ORGANIZATION list)."
    )
    added_by = reference("User", "added_by_id", description="Who added it.")

    @classmethod
    def from_row(cls, row: Any) -> Self:
        node = cls(
            added_at=row.created_at,
            list_id=row.list_id,
            person_id=row.person_id,
            organization_id=row.organization_id,
            added_by_id=row.added_by_id,
        )
        node.id = row.id
        return node

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        nodes = await super().resolve_nodes(info=info, node_ids=node_ids, required=required)
        seen = await list_.visible_list_ids(info.context, [n.list_id for n in nodes if n])
        return [n if n is not None and n.list_id in seen else None for n in nodes]


ListOrder = order_input("List", list_.ORDERING)
ListMemberOrder = order_input("ListMember", list_.MEMBER_ORDERING)


@strawberry.input(description="Conditions on lists; lists mean any of; fields combine with AND.")
class ListFilter:
    name_contains: str | None = strawberry.field(
        default=None, description="Case-insensitive part of the name."
    )
    kind: list[ListKind] | None = None  # type: ignore[valid-type]
    contains: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Lists with any of these people or organisations on them."
    )
    owner: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Lists any of these staff users made."
    )
    and_: list[ListFilter] | None = strawberry.field(default=None, name="and")
    or_: list[ListFilter] | None = strawberry.field(default=None, name="or")
    not_: ListFilter | None = strawberry.field(default=None, name="not")


@strawberry.input
class CreateListInput:
    name: str
    kind: ListKind  # type: ignore[valid-type]
    description: str | None = None


@strawberry.input(description="A new name, and a new description if sent.")
class RenameListInput:
    id: relay.GlobalID
    expected_version: int
    name: str
    description: str | None = strawberry.UNSET


@strawberry.input(description="People (on a PERSON list) or organisations to add or remove.")
class ListMembersInput:
    list_id: relay.GlobalID
    member_ids: list[relay.GlobalID]


@strawberry.input(description="Share a list with staff users; sharing again changes `canEdit`.")
class ShareListInput:
    list_id: relay.GlobalID
    user_ids: list[relay.GlobalID]
    can_edit: bool = False


@strawberry.input(description="Take shares of a list back.")
class UnshareListInput:
    list_id: relay.GlobalID
    user_ids: list[relay.GlobalID]


@strawberry.type
class AddListMembersPayload:
    list_: List | None = strawberry.field(name="list")
    added: int = strawberry.field(description="How many were added (those on it already are not).")
    errors: list[UserError]


@strawberry.type
class RemoveListMembersPayload:
    list_: List | None = strawberry.field(name="list")
    removed: int = strawberry.field(description="How many were removed.")
    errors: list[UserError]


@strawberry.type
class ShareListPayload:
    list_: List | None = strawberry.field(name="list")
    errors: list[UserError]


@strawberry.type
class ListQuery:
    lists = connection(
        "List",
        list_.LISTS,
        description="The lists you may see (yours, those shared with you; administrators: all).",
        arguments={"filter": ListFilter},
    )


_ListRecordMutation = record_mutations(
    List,
    Write("create", CreateListInput, list_.create_list, "A new list, yours."),
    Write("rename", RenameListInput, list_.rename_list, "Rename a list you may edit."),
    delete=list_.delete_list,
    delete_description="Delete a list (its owner or an administrator); the people and "
    "organisations on it stay in the CRM.",
)


@strawberry.type
class ListMutation(_ListRecordMutation):  # type: ignore[misc, valid-type]
    @strawberry.mutation(description="Add people or organisations to a list you may edit.")
    async def add_list_members(self, info: Info, input: ListMembersInput) -> AddListMembersPayload:
        changed, errors = await attempt(list_.add_members(info.context, plain(input)))
        if changed is None:
            return AddListMembersPayload(list_=None, added=0, errors=errors)
        return AddListMembersPayload(
            list_=List.from_row(changed.list), added=changed.count, errors=[]
        )

    @strawberry.mutation(description="Remove people or organisations from a list you may edit.")
    async def remove_list_members(
        self, info: Info, input: ListMembersInput
    ) -> RemoveListMembersPayload:
        changed, errors = await attempt(list_.remove_members(info.context, plain(input)))
        if changed is None:
            return RemoveListMembersPayload(list_=None, removed=0, errors=errors)
        return RemoveListMembersPayload(
            list_=List.from_row(changed.list), removed=changed.count, errors=[]
        )

    @strawberry.mutation(description="Share your list with staff users (to read, or to edit).")
    async def share_list(self, info: Info, input: ShareListInput) -> ShareListPayload:
        row, errors = await attempt(list_.share_list(info.context, plain(input)))
        return ShareListPayload(list_=List.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(description="Take shares of your list back.")
    async def unshare_list(self, info: Info, input: UnshareListInput) -> ShareListPayload:
        row, errors = await attempt(list_.unshare_list(info.context, plain(input)))
        return ShareListPayload(list_=List.from_row(row) if row else None, errors=errors)
