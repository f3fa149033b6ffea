"""The audit log: an entry for every write (who, when, what, before and after), for
sign-ins, merges and reads of contact channels; for administrators only; append-only
on PostgreSQL, whatever the role."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import AuditAction, UserRole
from crm.db.models import AuditEntry
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

CREATE = """mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id version } errors { code } } }"""
UPDATE = """mutation($id: ID!, $v: Int!) {
  updatePerson(input: {id: $id, expectedVersion: $v, city: "福州"}) {
    person { id version } errors { code } } }"""
DELETE = """mutation($id: ID!, $v: Int!) {
  deletePerson(input: {id: $id, expectedVersion: $v}) { deletedId errors { code } } }"""
EMAIL = "query($id: ID!) { node(id: $id) { ... on Person { email } } }"
LOG = """query($record: ID, $action: [AuditAction!]) {
  auditLog(filter: {record: $record, action: $action}, first: 20) {
    totalCount
    edges { node { action entity actorLabel actor { username } changes requestId } }
  }
}"""


async def _entries(
    session_factory: async_sessionmaker[AsyncSession], **where: Any
) -> list[AuditEntry]:
    async with session_factory() as session:
        statement = select(AuditEntry).order_by(AuditEntry.id)  # type: ignore[arg-type]
        for column, value in where.items():
            statement = statement.where(getattr(AuditEntry, column) == value)
        return list((await session.execute(statement)).scalars())


async def test_every_write_is_recorded_with_before_and_after(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    made = await gql.mutate(CREATE, input={"name": "陈建国", "email": "chen@example.org"})
    person = made["person"]["id"]
    changed = await gql.mutate(UPDATE, id=person, v=made["person"]["version"])
    await gql.mutate(DELETE, id=person, v=changed["person"]["version"])
    entries = [e for e in await _entries(session_factory, entity="person")]
    assert [e.action for e in entries] == [
        AuditAction.CREATE,
        AuditAction.UPDATE,
        AuditAction.DELETE,
    ]
    create, update, delete = entries
    assert create.changes["name"] == [None, "陈建国"]
    assert create.changes["email"] == [None, "chen@example.org"]
    assert update.changes == {"city": [None, "福州"]}
    assert delete.changes["city"] == ["福州", None]
    assert {e.actor_label[:6] for e in entries} == {"admin-"}
    assert all(e.actor_id is not None and e.request_id for e in entries)
    assert len({e.request_id for e in entries}) == 3  # one request each


async def test_secrets_never_reach_the_log_and_sign_ins_do(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    create = """mutation { createUser(input: {username: "lin", displayName: "Lin",
      role: LIAISON, password: "a long passphrase"}) { user { id } errors { code } } }"""
    await gql.mutate(create)
    made = await _entries(session_factory, entity="staff_user", action=AuditAction.CREATE)
    user = made[-1]  # the test's own administrator came first
    assert user.changes["username"] == [None, "lin"]
    assert user.changes["password_hash"] == [None, "[secret]"]
    login = """mutation($p: String!) { login(username: "lin", password: $p) {
      token errors { code } } }"""
    anonymous = gql.as_user(None)
    assert (await anonymous(login, p="a long passphrase"))["login"]["token"]
    assert (await anonymous(login, p="wrong"))["login"]["token"] is None
    logins = await _entries(session_factory, action=AuditAction.LOGIN)
    assert [(e.actor_label, e.changes) for e in logins] == [
        ("lin", {"succeeded": True}),
        ("lin", {"succeeded": False}),
    ]
    tokens = await _entries(session_factory, entity="api_token")
    assert tokens
    assert all(e.changes["token_hash"] == [None, "[secret]"] for e in tokens)
    assert "a long passphrase" not in str([e.changes for e in await _entries(session_factory)])


async def test_reads_of_contact_channels_are_recorded_for_whoever_saw_them(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    owner_key, owner = await make_user(session_factory, UserRole.LIAISON, username="owner")
    _, analyst = await make_user(session_factory, UserRole.ANALYST, username="analyst")
    from strawberry import relay

    owner_id = str(relay.GlobalID("User", str(owner_key)))
    made = await gql.mutate(
        CREATE, input={"name": "林美华", "email": "lin@example.org", "owner": owner_id}
    )
    person = made["person"]["id"]
    assert (await gql.as_user(analyst)(EMAIL, id=person))["node"]["email"] is None
    assert (await gql.as_user(owner)(EMAIL, id=person))["node"]["email"] == "lin@example.org"
    reads = await _entries(session_factory, action=AuditAction.READ_CONTACT)
    assert [(e.actor_label, e.entity, e.changes) for e in reads] == [
        ("owner", "person", {"fields": ["email"]})
    ]


async def test_the_log_is_for_administrators_and_filters_by_record(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    made = await gql.mutate(CREATE, input={"name": "黄志明"})
    person = made["person"]["id"]
    await gql.mutate(UPDATE, id=person, v=made["person"]["version"])
    log = (await gql(LOG, record=person))["auditLog"]
    assert log["totalCount"] == 2
    assert [e["node"]["action"] for e in log["edges"]] == ["UPDATE", "CREATE"]  # newest first
    assert log["edges"][0]["node"]["changes"] == {"city": [None, "福州"]}
    only = (await gql(LOG, record=person, action=["CREATE"]))["auditLog"]
    assert only["totalCount"] == 1
    for role in (UserRole.LIAISON, UserRole.ANALYST, UserRole.APP):
        _, token = await make_user(session_factory, role, scopes=["Person"])
        body = await gql.as_user(token).execute(LOG, record=person)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role


async def test_entries_cannot_be_changed_or_removed_on_postgresql(
    backend: str,
    database_url: str,
    gql: GraphQLClient,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    if backend != "postgresql":
        pytest.skip("append-only is enforced by a PostgreSQL trigger and role grants")
    await gql.mutate(CREATE, input={"name": "王立群"})
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    role = f"crm_app_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        # Even the table's owner: the trigger refuses changes but a redaction.
        for statement in ("UPDATE audit_entry SET entity = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                admin.execute(statement)
        admin.execute("""UPDATE audit_entry SET changes = '{"redacted": true}'""")
        # The app's role as docs/security.md sets it up: read and append, nothing else.
        admin.execute(f"CREATE ROLE {role}")
        try:
            admin.execute(f"GRANT USAGE ON SCHEMA public TO {role}")
            admin.execute(f"GRANT SELECT, INSERT ON audit_entry TO {role}")
            admin.execute(f"GRANT USAGE ON SEQUENCE audit_entry_id_seq TO {role}")
            with psycopg.connect(url, autocommit=True) as app:
                app.execute(f"SET ROLE {role}")
                app.execute(
                    "INSERT INTO audit_entry (at, actor_label, action, entity, changes) "
                    "VALUES (now(), 'app', 'create', 'person', '{}')"
                )
                for statement in (
                    "UPDATE audit_entry SET entity = 'x'",
                    """UPDATE audit_entry SET changes = '{"redacted": true}'""",
                    "DELETE FROM audit_entry",
                    "TRUNCATE audit_entry",
                ):
                    with pytest.raises(psycopg.errors.InsufficientPrivilege):
                        app.execute(statement)
                # … but an erasure redacts, through the owner's function only.
                redacted = app.execute("SELECT audit_entry_redact('person', ARRAY[1, 2])")
                assert redacted.fetchone() is not None
        finally:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")
