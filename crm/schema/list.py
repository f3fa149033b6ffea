"""List: a named, shared selection of people or organisations (the talent wall, a
delegation, a VIP list); its members, shares, filters and mutations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, Self

import strawberry
from strawberry import relay

from crm.db import enums, models
from crm.resolvers import list as list_
from crm.schema.connection import connection, list_query, order_input
from crm.schema.enums import described_enum
from crm.schema.errors import UserError
from crm.schema.info import Info
from crm.schema.inputs import (
    EXPECTED_VERSION,
    INPUT_ARGUMENT,
    described,
    filter_input,
    optional,
    plain,
)
from crm.schema.mutation import ERRORS, Write, attempt, record_mutations
from crm.schema.node import RowNode, Versioned, reference

ListKind = described_enum(
    enums.ListKind,
    "What a list holds.",
    {"PERSON": "People.", "ORGANIZATION": "Organisations."},
)


@strawberry.type(description="A staff user a list is shared with.")
class ListShare:
    can_edit: bool = described("May change the list's name and members.")
    created_at: datetime = described("When it was shared (UTC).")
    user_id: strawberry.Private[int]

    user = reference("User", "user_id", description="Who it is shared with.", required=True)


@strawberry.type(
    description="A named list of people or of organisations that staff keep and share. "
    "Seen by its owner, the staff it is shared with and administrators."
)
class List(RowNode, Versioned):
    model = models.List

    name: str = described("The list's name, e.g. 人才墙 (talent wall).")
    kind: ListKind = strawberry.field(  # type: ignore[valid-type]
        description="Whether it holds people or organisations."
    )
    description: str | None = described("Free text: what the list is for.")
    owner_id: strawberry.Private[int | None]

    owner = reference("User", "owner_id", description="Who made the list and manages it.")
    members = connection(
        list_.MEMBERS,
        "Who is on the list, in the order they were added (`people(filter: "
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

    added_at: datetime = described("When it was added to the list.")
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
    def from_row(cls, row: Any, **given: Any) -> Self:
        return super().from_row(row, added_at=row.created_at, **given)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        nodes = await super().resolve_nodes(info=info, node_ids=node_ids, required=required)
        seen = await list_.visible_list_ids(info.context, [n.list_id for n in nodes if n])
        return [n if n is not None and n.list_id in seen else None for n in nodes]


ListOrder = order_input("List", list_.ORDERING)
ListMemberOrder = order_input("ListMember", list_.MEMBER_ORDERING)


@filter_input("Conditions on lists; lists mean any of; fields combine with AND.")
class ListFilter:
    name_contains: str | None = optional("Case-insensitive part of the name.")
    kind: list[ListKind] | None = optional("Lists of any of these kinds.")  # type: ignore[valid-type]
    contains: list[relay.GlobalID] | None = optional(
        "Lists with any of these people or organisations on them."
    )
    owner: list[relay.GlobalID] | None = optional("Lists any of these staff users made.")


@strawberry.input(description="A new list; you own it.")
class CreateListInput:
    name: str = described("The name, at most 200 characters.")
    kind: ListKind = strawberry.field(  # type: ignore[valid-type]
        description="Whether it holds people or organisations (fixed once made)."
    )
    description: str | None = optional("Free text, at most 10,000 characters.")


@strawberry.input(description="A new name, and a new description if sent.")
class RenameListInput:
    id: relay.GlobalID = described("The ID of the list.")
    expected_version: int = described(EXPECTED_VERSION)
    name: str = described("The new name, at most 200 characters.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="The new description; null clears it; left out, it stays.",
    )


@strawberry.input(description="People (on a PERSON list) or organisations to add or remove.")
class ListMembersInput:
    list_id: relay.GlobalID = described("The ID of the list.")
    member_ids: list[relay.GlobalID] = described(
        "IDs of people (PERSON list) or organisations (ORGANIZATION list)."
    )


@strawberry.input(description="Share a list with staff users; sharing again changes `canEdit`.")
class ShareListInput:
    list_id: relay.GlobalID = described("The ID of the list.")
    user_ids: list[relay.GlobalID] = described("IDs of the staff users to share it with.")
    can_edit: bool = strawberry.field(
        default=False, description="They may change its name and members too, not only read it."
    )


@strawberry.input(description="Take shares of a list back.")
class UnshareListInput:
    list_id: relay.GlobalID = described("The ID of the list.")
    user_ids: list[relay.GlobalID] = described("IDs of the staff users to take the share from.")


@strawberry.type(description="The list after adding, or `errors`.")
class AddListMembersPayload:
    list_: List | None = strawberry.field(
        name="list", description="The list as it is now; null on errors."
    )
    added: int = described("How many were added (those on it already are not).")
    errors: list[UserError] = described(ERRORS)


@strawberry.type(description="The list after removing, or `errors`.")
class RemoveListMembersPayload:
    list_: List | None = strawberry.field(
        name="list", description="The list as it is now; null on errors."
    )
    removed: int = described("How many were removed.")
    errors: list[UserError] = described(ERRORS)


@strawberry.type(description="The list after (un)sharing, or `errors`.")
class ShareListPayload:
    list_: List | None = strawberry.field(
        name="list", description="The list with its shares now; null on errors."
    )
    errors: list[UserError] = described(ERRORS)


def _members_changed(
    changed: list_.MembersChanged | None, errors: list[UserError]
) -> tuple[List | None, int, list[UserError]]:
    """What an add or remove of members answers: the list as it is now and how many
    changed, or the errors."""
    if changed is None:
        return None, 0, errors
    return List.from_row(changed.list), changed.count, []


ListQuery = list_query(
    List,
    "lists",
    list_.LISTS,
    ListFilter,
    "The lists you may see (yours, those shared with you; administrators: all).",
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
    async def add_list_members(
        self, info: Info, input: Annotated[ListMembersInput, INPUT_ARGUMENT]
    ) -> AddListMembersPayload:
        changed, errors = await attempt(list_.add_members(info.context, plain(input)))
        now, added, errors = _members_changed(changed, errors)
        return AddListMembersPayload(list_=now, added=added, errors=errors)

    @strawberry.mutation(description="Remove people or organisations from a list you may edit.")
    async def remove_list_members(
        self, info: Info, input: Annotated[ListMembersInput, INPUT_ARGUMENT]
    ) -> RemoveListMembersPayload:
        changed, errors = await attempt(list_.remove_members(info.context, plain(input)))
        now, removed, errors = _members_changed(changed, errors)
        return RemoveListMembersPayload(list_=now, removed=removed, errors=errors)

    @strawberry.mutation(description="Share your list with staff users (to read, or to edit).")
    async def share_list(
        self, info: Info, input: Annotated[ShareListInput, INPUT_ARGUMENT]
    ) -> ShareListPayload:
        row, errors = await attempt(list_.share_list(info.context, plain(input)))
        return ShareListPayload(list_=List.from_row(row) if row else None, errors=errors)

    @strawberry.mutation(description="Take shares of your list back.")
    async def unshare_list(
        self, info: Info, input: Annotated[UnshareListInput, INPUT_ARGUMENT]
    ) -> ShareListPayload:
        row, errors = await attempt(list_.unshare_list(info.context, plain(input)))
        return ShareListPayload(list_=List.from_row(row) if row else None, errors=errors)
