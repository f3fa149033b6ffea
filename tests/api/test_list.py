"""Lists: create, rename, members, shares, delete; who may see and change them; their
audit entries; `people(filter: {inList})`; the CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import AuditAction, ListKind, UserRole
from crm.db.models import AuditEntry
from tests.accounts import bearer, make_user
from tests.api.conftest import GraphQLClient
from tests.api.test_introduction import create_organization, create_person, gid
from tests.statements import counting

CREATE = """mutation($name: String!, $kind: ListKind!, $description: String) {
  createList(input: {name: $name, kind: $kind, description: $description}) {
    list { id version name kind description owner { username } viewerCanEdit viewerCanManage }
    errors { code field message }
  }
}"""
RENAME = """mutation($id: ID!, $version: Int!, $name: String!) {
  renameList(input: {id: $id, expectedVersion: $version, name: $name}) {
    list { id version name } errors { code field message currentVersion }
  }
}"""
ADD = """mutation($list: ID!, $members: [ID!]!) {
  addListMembers(input: {listId: $list, memberIds: $members}) {
    list { id members { totalCount } } added errors { code field message }
  }
}"""
REMOVE = """mutation($list: ID!, $members: [ID!]!) {
  removeListMembers(input: {listId: $list, memberIds: $members}) {
    list { id members { totalCount } } removed errors { code field message }
  }
}"""
SHARE = """mutation($list: ID!, $users: [ID!]!, $edit: Boolean!) {
  shareList(input: {listId: $list, userIds: $users, canEdit: $edit}) {
    list { id shares { canEdit user { username } } } errors { code field message }
  }
}"""
UNSHARE = """mutation($list: ID!, $users: [ID!]!) {
  unshareList(input: {listId: $list, userIds: $users}) {
    list { id shares { user { username } } } errors { code field message }
  }
}"""
DELETE = """mutation($id: ID!, $version: Int!) {
  deleteList(input: {id: $id, expectedVersion: $version}) { deletedId errors { code message } }
}"""
LISTS = """query($filter: ListFilter) {
  lists(filter: $filter, orderBy: [{field: NAME}]) { totalCount edges { node { name } } }
}"""
IN_LIST = """query($list: ID!) {
  people(filter: {inList: $list}, orderBy: [{field: NAME}]) {
    totalCount edges { node { name } }
  }
}"""
NODE = """query($id: ID!) { node(id: $id) { id ... on List { name } } }"""


class Staff:
    """An administrator (the fixture's), two liaison officers and an analyst."""

    def __init__(self, gql: GraphQLClient, users: dict[str, tuple[int, str]]) -> None:
        self.admin = gql
        self.ids = {name: gid("User", key) for name, (key, _) in users.items()}
        self.lin = gql.as_user(users["lin"][1])
        self.wang = gql.as_user(users["wang"][1])
        self.chen = gql.as_user(users["chen"][1])


async def staff(gql: GraphQLClient, factory: async_sessionmaker[AsyncSession]) -> Staff:
    users = {
        "lin": await make_user(factory, UserRole.LIAISON, username="lin"),
        "wang": await make_user(factory, UserRole.LIAISON, username="wang"),
        "chen": await make_user(factory, UserRole.ANALYST, username="chen"),
    }
    return Staff(gql, users)


async def new_list(client: GraphQLClient, name: str, kind: str = "PERSON") -> dict[str, Any]:
    return (await client.mutate(CREATE, name=name, kind=kind))["list"]  # type: ignore[no-any-return]


async def names_of(client: GraphQLClient, list_id: str) -> list[str]:
    people = (await client(IN_LIST, list=list_id))["people"]
    return [e["node"]["name"] for e in people["edges"]]


async def test_a_liaison_officer_keeps_a_delegation_list(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    team = await staff(gql, session_factory)
    li = await create_person(gql, "李伟")
    wang = await create_person(gql, "王芳")
    zhang = await create_person(gql, "张明")
    created = await team.lin.mutate(
        CREATE, name=" 伦敦代表团 ", kind="PERSON", description="2024 visit"
    )
    delegation = created["list"]
    assert delegation["name"] == "伦敦代表团"  # trimmed
    assert delegation["owner"] == {"username": "lin"}
    assert delegation["viewerCanEdit"] is True
    assert delegation["viewerCanManage"] is True
    added = await team.lin.mutate(ADD, list=delegation["id"], members=[li, wang, li])
    assert added["added"] == 2
    assert added["list"]["members"]["totalCount"] == 2
    again = await team.lin.mutate(ADD, list=delegation["id"], members=[wang, zhang])
    assert again["added"] == 1  # 王芳 is on it already
    assert await names_of(team.lin, delegation["id"]) == sorted(["李伟", "王芳", "张明"])
    removed = await team.lin.mutate(REMOVE, list=delegation["id"], members=[zhang, zhang])
    assert removed["removed"] == 1
    assert await names_of(team.lin, delegation["id"]) == sorted(["李伟", "王芳"])
    renamed = await team.lin.mutate(
        RENAME, id=delegation["id"], version=delegation["version"], name="伦敦代表团 2024"
    )
    assert renamed["list"]["name"] == "伦敦代表团 2024"
    stale = await team.lin(RENAME, id=delegation["id"], version=delegation["version"], name="x")
    assert stale["renameList"]["errors"][0]["code"] == "CONFLICT"
    # The members' side: the lists a person is on.
    holding = await team.lin(LISTS, filter={"contains": [li]})
    assert [e["node"]["name"] for e in holding["lists"]["edges"]] == ["伦敦代表团 2024"]
    deleted = await team.lin.mutate(DELETE, id=delegation["id"], version=renamed["list"]["version"])
    assert deleted["deletedId"] == delegation["id"]
    assert (await team.lin(LISTS))["lists"]["totalCount"] == 0
    # The people stay.
    assert (await gql(NODE, id=li))["node"]["id"] == li


async def test_bad_input_is_refused_with_the_field_at_fault(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    team = await staff(gql, session_factory)
    blank = await team.lin(CREATE, name="  ", kind="PERSON")
    assert blank["createList"]["errors"][0]["field"] == ["name"]
    people = await new_list(team.lin, "VIP")
    duplicate = await team.lin(CREATE, name="VIP", kind="PERSON")
    assert duplicate["createList"]["errors"][0]["code"] == "DUPLICATE"
    organization = await create_organization(gql)
    wrong_kind = (await team.lin(ADD, list=people["id"], members=[organization]))["addListMembers"]
    assert wrong_kind["errors"][0]["code"] == "VALIDATION"
    assert wrong_kind["errors"][0]["field"] == ["memberIds"]
    missing = (await team.lin(ADD, list=people["id"], members=[gid("Person", 999_999)]))[
        "addListMembers"
    ]
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    empty = (await team.lin(ADD, list=people["id"], members=[]))["addListMembers"]
    assert empty["errors"][0]["field"] == ["memberIds"]
    orgs = await new_list(team.lin, "Partner parks", "ORGANIZATION")
    assert (await team.lin.mutate(ADD, list=orgs["id"], members=[organization]))["added"] == 1
    query = """query($l: ID!) { organizations(filter: {inList: $l}) { totalCount } }"""
    assert (await team.lin(query, l=orgs["id"]))["organizations"]["totalCount"] == 1


async def test_a_list_is_seen_by_its_owner_its_shares_and_administrators_only(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    team = await staff(gql, session_factory)
    li = await create_person(gql, "李伟")
    vip = await new_list(team.lin, "VIP")
    await team.lin.mutate(ADD, list=vip["id"], members=[li])
    # Wang does not see it: not in `lists`, not by ID, not as a filter, not to change.
    assert (await team.wang(LISTS))["lists"]["totalCount"] == 0
    assert (await team.wang(NODE, id=vip["id"]))["node"] is None
    refused = await team.wang.execute(IN_LIST, list=vip["id"])
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "no list" in refused["errors"][0]["message"]
    hidden = (await team.wang(ADD, list=vip["id"], members=[li]))["addListMembers"]
    assert hidden["errors"][0]["code"] == "NOT_FOUND"
    # The administrator sees every list.
    assert (await gql(NODE, id=vip["id"]))["node"]["name"] == "VIP"
    # Shared to read: Wang sees it and its members, but changes nothing.
    shared = await team.lin.mutate(SHARE, list=vip["id"], users=[team.ids["wang"]], edit=False)
    assert shared["list"]["shares"] == [{"canEdit": False, "user": {"username": "wang"}}]
    assert await names_of(team.wang, vip["id"]) == ["李伟"]
    seen = await team.wang(
        """query($id: ID!) { node(id: $id) { ... on List {
        viewerCanEdit viewerCanManage members { edges { node { person { name } } } } } } }""",
        id=vip["id"],
    )
    assert seen["node"]["viewerCanEdit"] is False
    assert seen["node"]["members"]["edges"] == [{"node": {"person": {"name": "李伟"}}}]
    read_only = (await team.wang(ADD, list=vip["id"], members=[li]))["addListMembers"]
    assert read_only["errors"][0]["code"] == "FORBIDDEN"
    # Shared to edit: Wang adds and renames, but may not share further or delete.
    await team.lin.mutate(SHARE, list=vip["id"], users=[team.ids["wang"]], edit=True)
    zhang = await create_person(gql, "张明")
    assert (await team.wang.mutate(ADD, list=vip["id"], members=[zhang]))["added"] == 1
    reshare = (await team.wang(SHARE, list=vip["id"], users=[team.ids["chen"]], edit=False))[
        "shareList"
    ]
    assert reshare["errors"][0]["code"] == "FORBIDDEN"
    version = (await team.wang(NODE.replace("name", "name version"), id=vip["id"]))["node"]
    no_delete = (await team.wang(DELETE, id=vip["id"], version=version["version"]))["deleteList"]
    assert no_delete["errors"][0]["code"] == "FORBIDDEN"
    # An analyst is shared lists to read only; an analyst makes none.
    to_edit = (await team.lin(SHARE, list=vip["id"], users=[team.ids["chen"]], edit=True))[
        "shareList"
    ]
    assert to_edit["errors"][0]["field"] == ["canEdit"]
    await team.lin.mutate(SHARE, list=vip["id"], users=[team.ids["chen"]], edit=False)
    assert sorted(await names_of(team.chen, vip["id"])) == sorted(["李伟", "张明"])
    made = await team.chen.execute(CREATE, name="mine", kind="PERSON")
    assert made["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # Taking the share back hides the list again.
    await team.lin.mutate(UNSHARE, list=vip["id"], users=[team.ids["wang"]])
    assert (await team.wang(NODE, id=vip["id"]))["node"] is None


async def test_every_list_write_leaves_an_audit_entry(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    team = await staff(gql, session_factory)
    li = await create_person(gql, "李伟")
    vip = await new_list(team.lin, "VIP")
    await team.lin.mutate(ADD, list=vip["id"], members=[li])
    await team.lin.mutate(SHARE, list=vip["id"], users=[team.ids["wang"]], edit=True)
    await team.lin.mutate(REMOVE, list=vip["id"], members=[li])
    await team.lin.mutate(DELETE, id=vip["id"], version=vip["version"])
    async with session_factory() as session:
        found = await session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.actor_label)  # type: ignore[call-overload]
            .where(AuditEntry.entity.in_(["list", "list_member", "list_share"]))  # type: ignore[attr-defined]
            .order_by(AuditEntry.id)
        )
        entries = [tuple(r) for r in found]
    assert entries == [
        (AuditAction.CREATE, "list", "lin"),
        (AuditAction.CREATE, "list_member", "lin"),
        (AuditAction.CREATE, "list_share", "lin"),
        (AuditAction.DELETE, "list_member", "lin"),
        (AuditAction.DELETE, "list_share", "lin"),
        (AuditAction.DELETE, "list", "lin"),
    ]


async def test_a_list_downloads_as_csv_with_contacts_only_where_the_caller_sees_them(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    team = await staff(gql, session_factory)
    create = """mutation($n: String!, $e: String, $o: ID) {
      createPerson(input: {name: $n, email: $e, owner: $o}) { person { id } errors { code } } }"""
    mine = (await gql.mutate(create, n="李伟", e="li.wei@example.org", o=team.ids["lin"]))["person"]
    theirs = (await gql.mutate(create, n="=HYPERLINK(1)", e="x@example.org", o=team.ids["wang"]))[
        "person"
    ]
    vip = await new_list(team.lin, "VIP 名单")
    await team.lin.mutate(ADD, list=vip["id"], members=[mine["id"], theirs["id"]])
    path = f"/exports/lists/{quote(vip['id'])}.csv"
    response = await gql.http.get(path, headers=bearer(str(team.lin.token)))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    assert quote("VIP 名单.csv") in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_id = {r["id"]: r for r in rows}
    assert by_id[mine["id"]]["email"] == "li.wei@example.org"  # Lin owns 李伟
    assert by_id[theirs["id"]]["email"] == ""  # Wang's person: not Lin's to see
    assert by_id[theirs["id"]]["name"] == "'=HYPERLINK(1)"  # never a formula
    async with session_factory() as session:
        found = await session.execute(
            select(AuditEntry.action, AuditEntry.entity, AuditEntry.actor_label)  # type: ignore[call-overload]
            .where(AuditEntry.action.in_([AuditAction.EXPORT, AuditAction.READ_CONTACT]))  # type: ignore[attr-defined]
            .order_by(AuditEntry.id)
        )
        assert [tuple(r) for r in found] == [
            (AuditAction.EXPORT, "list", "lin"),
            (AuditAction.READ_CONTACT, "person", "lin"),
        ]
    # Anyone else: as if there were no such list; nobody signed in: 401.
    hidden = await gql.http.get(path, headers=bearer(str(team.wang.token)))
    assert hidden.status_code == 404
    assert (await gql.http.get(path)).status_code == 401
    assert (
        await gql.http.get("/exports/lists/bm90IGFuIGlk.csv", headers=bearer(str(gql.token)))
    ).status_code == 404


PAGE_OF_LISTS = """query($first: Int!) {
  lists(first: $first) {
    totalCount
    edges { node {
      name owner { username } viewerCanEdit viewerCanManage
      shares { canEdit user { username } }
      members(first: 5) { totalCount edges { node { addedAt person { name } } } }
    } }
  }
}"""


async def test_a_page_of_lists_runs_the_same_statements_for_3_and_12(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    lin_id, lin_token = await make_user(session_factory, UserRole.LIAISON, username="lin")
    wang_id, _ = await make_user(session_factory, UserRole.LIAISON, username="wang")
    async with session_factory() as session, session.begin():
        people = [models.Person(name=f"会员{i:02d}") for i in range(8)]
        lists = [
            models.List(
                name=f"名单{i:02d}", kind=ListKind.PERSON, owner_id=(lin_id, wang_id)[i % 2]
            )
            for i in range(24)
        ]
        session.add_all([*people, *lists])
        await session.flush()
        for i, list_ in enumerate(lists):
            session.add_all(
                models.ListMember(list_id=list_.id, person_id=p.id) for p in people[: 3 + i % 4]
            )
            if list_.owner_id == wang_id:  # Wang shares each of his with Lin
                session.add(models.ListShare(list_id=list_.id, user_id=lin_id, can_edit=i % 4 == 1))
    lin = gql.as_user(lin_token)
    app = gql.http._transport.app  # type: ignore[attr-defined]
    counts = {}
    for first in (3, 12):
        with counting(app.state.engine) as statements:
            data = await lin(PAGE_OF_LISTS, first=first)
        page = data["lists"]
        assert page["totalCount"] == 24  # 12 own, 12 shared
        assert len(page["edges"]) == first
        assert all(e["node"]["members"]["totalCount"] >= 3 for e in page["edges"])
        counts[first] = len(statements)
    # lists, their count, the caller's access, shares, users (owners and shares' users
    # in one batch), member pages, member counts, people
    assert counts[3] == counts[12] == 8, counts
