"""The authorization matrix: every role × owner/non-owner × entry point.

Roles: ADMIN, LIAISON owning the person (L1), LIAISON not owning it (L2), ANALYST, an
APP token scoped to people and organisations, an APP token scoped to organisations
only, and no token. Each entry point is asked by each of them; the expected outcome
is written next to it, so a leak (a value or record that should be hidden) and a
wrong refusal (an operation the role may do) both fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from graphql import DocumentNode, parse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import UserRole
from crm.schema.schema import schema
from crm.security.gate import refusal
from crm.security.viewer import Viewer
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

CREATE_PERSON = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id version } errors { code message field } }
}"""
CREATE_ORG = """
mutation($name: String!) {
  createOrganization(input: {name: $name, kind: ALUMNI_ASSOCIATION}) { organization { id } }
}"""
AFFILIATE = """
mutation($person: ID!, $org: ID!) {
  createAffiliation(input: {person: $person, organization: $org, role: MEMBER}) {
    affiliation { id } errors { code message }
  }
}"""
RELATE = """
mutation($a: ID!, $b: ID!) {
  createRelationship(input: {personA: $a, personB: $b, kind: FRIEND, strength: 0.9}) {
    relationship { id } errors { code }
  }
}"""
PEOPLE = "{ people(first: 10) { totalCount edges { node { name email phone } } } }"
PEOPLE_NAMES = "{ people(first: 10) { totalCount edges { node { name } } } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Person { name email } } }"
NODE_ID = "query($id: ID!) { node(id: $id) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
MEMBERS = """
query($id: ID!) {
  node(id: $id) {
    ... on Organization { members(first: 10) { edges { node { person { name email } } } } }
  }
}"""
ORGS = "{ organizations(first: 10) { totalCount edges { node { name } } } }"
SEARCH = 'query { search(text: "陈建国") { record { ... on Person { name email } } } }'
PATHS = """
query($from: ID!, $to: ID!) {
  introductionPaths(from: $from, to: $to) {
    hops { to { label node { ... on Person { email } } } }
  }
}"""
ANALYSIS = {
    "connectors": "{ connectors(first: 5) { items { person { name } } } }",
    "influencers": "{ influencers(first: 5) { items { person { name } } } }",
    "communities": "{ communities(first: 5) { items { size } } }",
    "networkStats": "{ networkStats { graphRevision } }",
    "egoNetwork": "query($id: ID!) { egoNetwork(id: $id) { nodes { node { label } } } }",
    "suggestedIntroductions": (
        "query($id: ID!) { suggestedIntroductions(person: $id) { person { label } } }"
    ),
}
UPDATE_PERSON = """
mutation($id: ID!, $v: Int!) {
  updatePerson(input: {id: $id, expectedVersion: $v, city: "Fuzhou"}) {
    person { city } errors { code message }
  }
}"""
DELETE_PERSON = """
mutation($id: ID!, $v: Int!) {
  deletePerson(input: {id: $id, expectedVersion: $v}) { deletedId errors { code } }
}"""
SHARE = """
mutation($person: ID!, $user: ID!) {
  sharePerson(input: {person: $person, user: $user}) { ok errors { code } }
}"""


@dataclass
class World:
    admin: GraphQLClient
    l1: GraphQLClient  # owns 陈建国
    l2: GraphQLClient  # owns 林美华
    analyst: GraphQLClient
    app_people: GraphQLClient
    app_orgs: GraphQLClient
    anonymous: GraphQLClient
    l1_id: str
    l2_id: str
    chen: str  # owned by L1, email and phone
    lin: str  # owned by L2
    org: str

    def everyone(self) -> dict[str, GraphQLClient]:
        return {
            "admin": self.admin,
            "l1": self.l1,
            "l2": self.l2,
            "analyst": self.analyst,
            "app_people": self.app_people,
            "app_orgs": self.app_orgs,
            "anonymous": self.anonymous,
        }


def _gid(type_name: str, key: int) -> str:
    from strawberry import relay

    return str(relay.GlobalID(type_name, str(key)))


@pytest.fixture
async def world(gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]) -> World:
    l1_key, l1 = await make_user(session_factory, UserRole.LIAISON)
    l2_key, l2 = await make_user(session_factory, UserRole.LIAISON)
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    _, app_people = await make_user(
        session_factory, UserRole.APP, scopes=["Person", "Organization", "Affiliation"]
    )
    _, app_orgs = await make_user(session_factory, UserRole.APP, scopes=["Organization"])
    l1_id, l2_id = _gid("User", l1_key), _gid("User", l2_key)
    chen = await gql.mutate(
        CREATE_PERSON,
        input={
            "name": "陈建国",
            "email": "chen@example.org",
            "phone": "+8613800000001",
            "owner": l1_id,
        },
    )
    lin = await gql.mutate(
        CREATE_PERSON,
        input={"name": "林美华", "email": "lin@example.org", "owner": l2_id},
    )
    org = (await gql(CREATE_ORG, name="牛津大学中国校友会"))["createOrganization"]["organization"]
    chen_id, lin_id, org_id = chen["person"]["id"], lin["person"]["id"], org["id"]
    for person in (chen_id, lin_id):
        await gql.mutate(AFFILIATE, person=person, org=org_id)
    await gql.mutate(RELATE, a=chen_id, b=lin_id)
    return World(
        admin=gql,
        l1=gql.as_user(l1),
        l2=gql.as_user(l2),
        analyst=gql.as_user(analyst),
        app_people=gql.as_user(app_people),
        app_orgs=gql.as_user(app_orgs),
        anonymous=gql.as_user(None),
        l1_id=l1_id,
        l2_id=l2_id,
        chen=chen_id,
        lin=lin_id,
        org=org_id,
    )


def _code(body: dict[str, Any]) -> str | None:
    errors = body.get("errors")
    return errors[0]["extensions"]["code"] if errors else None


async def test_lists_show_contact_channels_only_to_whom_they_belong(world: World) -> None:
    expected_emails = {
        "admin": {"陈建国": "chen@example.org", "林美华": "lin@example.org"},
        "l1": {"陈建国": "chen@example.org", "林美华": None},
        "l2": {"陈建国": None, "林美华": "lin@example.org"},
        "analyst": {"陈建国": None, "林美华": None},
    }
    for role, emails in expected_emails.items():
        client = world.everyone()[role]
        people = (await client(PEOPLE))["people"]
        assert people["totalCount"] == 2, role
        names = {e["node"]["name"]: e["node"]["email"] for e in people["edges"]}
        assert names == emails, role
    # APP tokens: contact fields are not in their scopes; people are for one of them.
    assert _code(await world.app_people.execute(PEOPLE)) == "FORBIDDEN"
    assert (await world.app_people(PEOPLE_NAMES))["people"]["totalCount"] == 2
    assert _code(await world.app_orgs.execute(PEOPLE_NAMES)) == "FORBIDDEN"
    assert (await world.app_orgs(ORGS))["organizations"]["totalCount"] == 1
    assert _code(await world.anonymous.execute(PEOPLE_NAMES)) == "UNAUTHENTICATED"


async def test_node_nodes_and_nested_relations_follow_the_same_rules(world: World) -> None:
    for role, email in [("admin", "chen@example.org"), ("l1", "chen@example.org"), ("l2", None)]:
        node = (await world.everyone()[role](NODE, id=world.chen))["node"]
        assert node == {"id": world.chen, "name": "陈建国", "email": email}, role
    assert (await world.analyst(NODE, id=world.chen))["node"]["email"] is None
    members = (await world.l2(MEMBERS, id=world.org))["node"]["members"]["edges"]
    assert {m["node"]["person"]["name"]: m["node"]["person"]["email"] for m in members} == {
        "陈建国": None,
        "林美华": "lin@example.org",
    }
    # A record of a type the token may not read looks exactly like a missing one.
    missing = _gid("Person", 999_999)
    hidden = await world.app_orgs.execute(NODE_ID, id=world.chen)
    absent = await world.app_orgs.execute(NODE_ID, id=missing)
    assert hidden == absent == {"data": {"node": None}}
    both = (await world.app_orgs(NODES, ids=[world.chen, world.org]))["nodes"]
    assert both == [None, {"id": world.org}]
    assert _code(await world.app_orgs.execute(MEMBERS, id=world.org)) == "FORBIDDEN"
    assert _code(await world.anonymous.execute(NODE_ID, id=world.chen)) == "UNAUTHENTICATED"


async def test_search_and_analysis_hide_contacts_and_refuse_tokens_without_people(
    world: World,
) -> None:
    for role in ("admin", "l1", "l2", "analyst"):
        client = world.everyone()[role]
        hits = (await client(SEARCH))["search"]
        expected = "chen@example.org" if role in ("admin", "l1") else None
        assert [h["record"]["email"] for h in hits] == [expected], role
        paths = (await client(PATHS, **{"from": world.lin, "to": world.chen}))["introductionPaths"]
        assert paths, role
        last = paths[0]["hops"][-1]["to"]["node"]
        assert last == {"email": expected}, role
        for name, query in ANALYSIS.items():
            body = await client.execute(query, id=world.chen)
            assert "errors" not in body, (role, name, body)
    for name, query in ANALYSIS.items():
        assert "errors" not in await world.app_people.execute(query, id=world.chen), name
        assert _code(await world.app_orgs.execute(query, id=world.chen)) == "FORBIDDEN", name
        assert _code(await world.anonymous.execute(query, id=world.chen)) == "UNAUTHENTICATED"
    assert _code(await world.app_orgs.execute(SEARCH)) == "FORBIDDEN"


async def _version(client: GraphQLClient, person: str) -> int:
    body = await client(
        "query($id: ID!) { node(id: $id) { ... on Person { version } } }", id=person
    )
    version: int = body["node"]["version"]
    return version


async def test_writes_are_for_owners_shares_and_admins(world: World) -> None:
    version = await _version(world.admin, world.chen)
    # Analysts and apps never write; the gate refuses before anything runs.
    for role in ("analyst", "app_people", "app_orgs"):
        body = await world.everyone()[role].execute(UPDATE_PERSON, id=world.chen, v=version)
        assert _code(body) == "FORBIDDEN", role
    assert _code(await world.anonymous.execute(UPDATE_PERSON, id=world.chen, v=version)) == (
        "UNAUTHENTICATED"
    )
    # The other liaison officer may not; the owner may.
    refused = (await world.l2(UPDATE_PERSON, id=world.chen, v=version))["updatePerson"]
    assert refused == {"person": None, "errors": [refused["errors"][0]]}
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    changed = await world.l1.mutate(UPDATE_PERSON, id=world.chen, v=version)
    assert changed["person"] == {"city": "Fuzhou"}
    # Links of someone else's person: refused; of one's own: allowed.
    other = (await world.l1(AFFILIATE, person=world.lin, org=world.org))["createAffiliation"]
    assert other["errors"][0]["code"] == "FORBIDDEN"
    # A liaison officer's new person is theirs; making one for someone else is refused.
    mine = await world.l1.mutate(CREATE_PERSON, input={"name": "黄志明"})
    owner = await world.l1(
        "query($id: ID!) { node(id: $id) { ... on Person { owner { id } } } }",
        id=mine["person"]["id"],
    )
    assert owner["node"]["owner"]["id"] == world.l1_id
    theirs = await world.l1(CREATE_PERSON, input={"name": "周婷", "owner": world.l2_id})
    assert theirs["createPerson"]["errors"][0]["code"] == "FORBIDDEN"
    # Deleting: not someone else's person.
    lin_version = await _version(world.admin, world.lin)
    denied = (await world.l1(DELETE_PERSON, id=world.lin, v=lin_version))["deletePerson"]
    assert denied["errors"][0]["code"] == "FORBIDDEN"
    assert (await world.l2.mutate(DELETE_PERSON, id=world.lin, v=lin_version))["deletedId"]


async def test_an_admin_share_opens_contacts_and_writes_to_a_liaison_officer(
    world: World,
) -> None:
    refused = (await world.l1(SHARE, person=world.lin, user=world.l1_id))["sharePerson"]
    assert refused == {"ok": False, "errors": [{"code": "FORBIDDEN"}]}
    assert (await world.l1(NODE, id=world.lin))["node"]["email"] is None
    assert (await world.admin(SHARE, person=world.lin, user=world.l1_id))["sharePerson"]["ok"]
    assert (await world.l1(NODE, id=world.lin))["node"]["email"] == "lin@example.org"
    version = await _version(world.admin, world.lin)
    assert (await world.l1.mutate(UPDATE_PERSON, id=world.lin, v=version))["person"]
    # The analyst still sees no contact channel.
    assert (await world.analyst(NODE, id=world.lin))["node"]["email"] is None


async def test_accounts_are_managed_by_admins_and_tokens_by_their_owners(world: World) -> None:
    create = """
    mutation($name: String!) {
      createUser(input: {username: $name, displayName: "X", role: ANALYST}) {
        user { username } errors { code }
      }
    }"""
    assert (await world.l1(create, name="x1"))["createUser"]["errors"] == [{"code": "FORBIDDEN"}]
    assert _code(await world.analyst.execute(create, name="x2")) == "FORBIDDEN"
    assert (await world.admin.mutate(create, name="x3"))["user"] == {"username": "x3"}
    users = "{ users { username } }"
    assert (await world.l1(users))["users"] == []
    # Everyone manages their own tokens, including read-only roles.
    token = """
    mutation {
      createApiToken(input: {name: "laptop"}) { token apiToken { id prefix } errors { code } }
    }
    """
    made = (await world.analyst(token))["createApiToken"]
    assert made["token"].startswith(made["apiToken"]["prefix"])
    revoke = (
        "mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { revokedAt } errors { code } } }"
    )
    # Someone else's token looks like no token at all.
    other = (await world.l1(revoke, id=made["apiToken"]["id"]))["revokeApiToken"]
    assert other["errors"] == [{"code": "NOT_FOUND"}]
    assert (await world.l1(NODE_ID, id=made["apiToken"]["id"]))["node"] is None
    mine = (await world.analyst(revoke, id=made["apiToken"]["id"]))["revokeApiToken"]
    assert mine["apiToken"]["revokedAt"] is not None
    revoked = await world.analyst.as_user(made["token"]).http.post(
        "/graphql",
        json={"query": "{ me { username } }"},
        headers={"Authorization": f"Bearer {made['token']}"},
    )
    assert revoked.status_code == 401


def _mutation_documents() -> dict[str, DocumentNode]:
    """A valid document for every mutation of the schema (arguments as variables)."""
    graphql_schema = schema._schema
    mutation = graphql_schema.mutation_type
    assert mutation is not None
    documents = {}
    for name, field in mutation.fields.items():
        variables = ", ".join(f"${a}: {t.type}" for a, t in field.args.items())
        arguments = ", ".join(f"{a}: ${a}" for a in field.args)
        head = f"mutation({variables})" if variables else "mutation"
        call = f"{name}({arguments})" if arguments else name
        documents[name] = parse(f"{head} {{ {call} {{ __typename }} }}")
    return documents


def test_the_gate_lets_each_role_run_exactly_the_mutations_it_may() -> None:
    """Every mutation × every role: read-only roles may manage their own tokens and ask
    for an analysis run (its resolver lets analysts through, not apps), anonymous
    callers may only sign in; liaison officers and admins pass the gate (the
    data layer then checks each row, see test_writes.py)."""
    documents = _mutation_documents()
    assert {"login", "createPerson", "mergePeople", "createUser"} <= set(documents)
    own_account = {"login", "createApiToken", "revokeApiToken"}
    viewers: dict[str, Viewer | None] = {
        "admin": Viewer(1, "admin", UserRole.ADMIN),
        "liaison": Viewer(2, "liaison", UserRole.LIAISON),
        "analyst": Viewer(3, "analyst", UserRole.ANALYST),
        "app": Viewer(4, "app", UserRole.APP, frozenset({"Person", "Organization"})),
        "anonymous": None,
    }
    for name, document in documents.items():
        for role, viewer in viewers.items():
            error = refusal(schema._schema, document, viewer, production=True)
            if role in ("admin", "liaison"):
                allowed = True
            elif role == "anonymous":
                allowed = name == "login"
            else:
                allowed = name in own_account or name == "runAnalysis"
            assert (error is None) is allowed, (name, role, error)
