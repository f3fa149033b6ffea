"""Every mutation of the schema, driven once, leaves the audit entries that describe it:
who (the signed-in user), the action, the table and row, and the changed fields.

`MUTATIONS` is introspected against the schema: a new mutation fails the suite until
this scenario drives it and says what it must leave in the log.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graphql import GraphQLObjectType, get_named_type, is_leaf_type
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db.enums import AuditAction
from crm.db.models import AuditEntry
from crm.schema.schema import schema
from tests.api.conftest import GraphQLClient

C, U, D = AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE


def _document(name: str) -> str:
    """The mutation `name` with its arguments as variables, selecting every scalar of
    the payload and `id version` of the records it returns."""
    mutation = schema._schema.mutation_type
    assert mutation is not None
    field_ = mutation.fields[name]
    variables = ", ".join(f"${a}: {arg.type}" for a, arg in field_.args.items())
    arguments = ", ".join(f"{a}: ${a}" for a in field_.args)
    payload = get_named_type(field_.type)
    assert isinstance(payload, GraphQLObjectType)
    parts: list[str] = []
    for key, sub in payload.fields.items():
        inner = get_named_type(sub.type)
        if key == "errors":
            parts.append("errors { code message field }")
        elif is_leaf_type(inner):
            parts.append(key)
        elif isinstance(inner, GraphQLObjectType) and "id" in inner.fields:
            wanted = [f for f in ("id", "version") if f in inner.fields]
            parts.append(f"{key} {{ {' '.join(wanted)} }}")
    return f"mutation({variables}) {{ {name}({arguments}) {{ {' '.join(parts)} }} }}"


def _mutation_names() -> set[str]:
    mutation = schema._schema.mutation_type
    assert mutation is not None
    return set(mutation.fields)


#: every mutation the scenario drives (the introspection test keeps it complete)
MUTATIONS: frozenset[str] = frozenset(
    {
        "login",
        "createApiToken",
        "revokeApiToken",
        "createUser",
        "updateUser",
        "sharePerson",
        "unsharePerson",
        "recordConsent",
        "withdrawConsent",
        "erasePerson",
        "importRecords",
        "runAnalysis",
        "mergePeople",
        "mergeOrganizations",
        "moveIntroduction",
        "recordAttendance",
        *(
            f"{verb}{record}"
            for verb in ("create", "update", "delete")
            for record in (
                "Person",
                "Organization",
                "Affiliation",
                "Event",
                "Project",
                "Participation",
                "Position",
                "Application",
                "Agreement",
                "AgreementParty",
                "Relationship",
                "Introduction",
                "Interaction",
            )
        ),
        "updateAttendance",
        "deleteAttendance",
        "createList",
        "renameList",
        "addListMembers",
        "removeListMembers",
        "shareList",
        "unshareList",
        "deleteList",
    }
)


def test_every_mutation_of_the_schema_is_driven_by_the_audit_scenario() -> None:
    """A new mutation needs its step in `test_every_mutation_leaves_its_audit_entries`."""
    assert _mutation_names() - MUTATIONS == set(), "mutations without an audit test"
    assert MUTATIONS - _mutation_names() == set(), "audit steps for mutations that are gone"


@dataclass
class Scenario:
    gql: GraphQLClient
    session_factory: async_sessionmaker[AsyncSession]
    actor_id: int
    actor_label: str
    driven: set[str] = field(default_factory=set)

    async def last_id(self) -> int:
        async with self.session_factory() as session:
            found = await session.execute(select(func.max(AuditEntry.id)))
            return int(found.scalar_one() or 0)

    async def run(
        self,
        name: str,
        *expected: tuple[AuditAction, str, Iterable[str]],
        as_user: GraphQLClient | None = None,
        actor: tuple[int | None, str] | None = None,
        **variables: Any,
    ) -> tuple[dict[str, Any], list[AuditEntry]]:
        """Run mutation `name`; check it left, in one request, an entry per `expected`
        (action, table, fields that must be among its changes) by the expected actor."""
        assert name in MUTATIONS, name
        self.driven.add(name)
        before = await self.last_id()
        payload = await (as_user or self.gql).mutate(_document(name), **variables)
        async with self.session_factory() as session:
            found = await session.execute(
                select(AuditEntry).where(AuditEntry.id > before).order_by(AuditEntry.id)  # type: ignore[arg-type,operator]
            )
            entries = list(found.scalars())
        assert entries, f"{name} left no audit entry"
        actor_id, actor_label = actor or (self.actor_id, self.actor_label)
        for entry in entries:
            assert (entry.actor_id, entry.actor_label) == (actor_id, actor_label), (name, entry)
            assert entry.request_id, (name, entry)
        assert len({e.request_id for e in entries}) == 1, name
        for action, entity, fields in expected:
            matching = [e for e in entries if (e.action, e.entity) == (action, entity)]
            assert matching, f"{name}: no {action.value} {entity} entry in {_show(entries)}"
            wanted = set(fields)
            assert any(wanted <= set(e.changes) for e in matching), (
                f"{name}: {action.value} {entity} without {sorted(wanted)}: {_show(matching)}"
            )
        return payload, entries


def _show(entries: list[AuditEntry]) -> list[tuple[str, str, int | None, list[str]]]:
    return [(e.action.value, e.entity, e.entity_id, sorted(e.changes)) for e in entries]


def _key(global_id: str) -> int:
    from strawberry import relay

    return int(relay.GlobalID.from_id(global_id).node_id)


def _one(entries: list[AuditEntry], action: AuditAction, entity: str) -> AuditEntry:
    (entry,) = [e for e in entries if (e.action, e.entity) == (action, entity)]
    return entry


async def test_every_mutation_leaves_its_audit_entries(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    me = (await gql("{ me { id username } }"))["me"]
    s = Scenario(gql, session_factory, _key(me["id"]), me["username"])

    # -- accounts ------------------------------------------------------------------------
    made, entries = await s.run(
        "createUser",
        (C, "staff_user", {"username", "display_name", "role", "password_hash"}),
        input={
            "username": "liaison-audit",
            "displayName": "Lin",
            "role": "LIAISON",
            "password": "a long passphrase",
        },
    )
    user = made["user"]
    created = _one(entries, C, "staff_user")
    assert created.entity_id == _key(user["id"])
    assert created.changes["password_hash"] == [None, "[secret]"]
    assert created.changes["username"] == [None, "liaison-audit"]
    made, entries = await s.run(
        "updateUser",
        (U, "staff_user", {"display_name"}),
        input={"id": user["id"], "expectedVersion": user["version"], "displayName": "Lin Mei"},
    )
    assert _one(entries, U, "staff_user").changes == {"display_name": ["Lin", "Lin Mei"]}
    anonymous = gql.as_user(None)
    liaison_key = _key(user["id"])
    signed_in, entries = await s.run(
        "login",
        (AuditAction.LOGIN, "staff_user", {"succeeded"}),
        as_user=anonymous,
        actor=(liaison_key, "liaison-audit"),
        username="liaison-audit",
        password="a long passphrase",
    )
    assert _one(entries, AuditAction.LOGIN, "staff_user").changes == {"succeeded": True}
    failed = await anonymous.execute(
        _document("login"), username="liaison-audit", password="not the passphrase"
    )
    assert failed["data"]["login"]["token"] is None
    last = (await _since(session_factory, 0))[-1]
    assert (last.action, last.actor_id, last.changes) == (
        AuditAction.LOGIN,
        None,
        {"succeeded": False},
    )
    assert "passphrase" not in str([e.changes for e in await _since(session_factory, 0)])
    liaison = gql.as_user(signed_in["token"])
    token, entries = await s.run(
        "createApiToken",
        (C, "api_token", {"name", "token_hash", "user_id"}),
        as_user=liaison,
        actor=(liaison_key, "liaison-audit"),
        input={"name": "laptop"},
    )
    assert _one(entries, C, "api_token").changes["token_hash"] == [None, "[secret]"]
    await s.run(
        "revokeApiToken",
        (U, "api_token", {"revoked_at"}),
        as_user=liaison,
        actor=(liaison_key, "liaison-audit"),
        id=token["apiToken"]["id"],
    )

    # -- people and organisations ----------------------------------------------------------
    async def person(name: str, **more: Any) -> dict[str, Any]:
        made, _ = await s.run(
            "createPerson",
            (C, "person", {"name", *(k for k in ("email", "phone") if k in more)}),
            input={"name": name, **more},
        )
        result: dict[str, Any] = made["person"]
        return result

    chen = await person("陈建国", email="chen@example.org", phone="+447911123456")
    li = await person("李伟")
    wang = await person("王芳", birthYear=1980)
    made, entries = await s.run(
        "updatePerson",
        (U, "person", {"city"}),
        input={"id": chen["id"], "expectedVersion": chen["version"], "city": "福州"},
    )
    chen = made["person"]
    assert _one(entries, U, "person").changes == {"city": [None, "福州"]}
    share = {"person": chen["id"], "user": user["id"]}
    await s.run("sharePerson", (C, "person_share", {"person_id", "user_id"}), input=share)
    await s.run("unsharePerson", (D, "person_share", {"person_id", "user_id"}), input=share)

    async def organization(name: str) -> dict[str, Any]:
        made, _ = await s.run(
            "createOrganization",
            (C, "organization", {"name", "kind"}),
            input={"name": name, "kind": "UNIVERSITY"},
        )
        result: dict[str, Any] = made["organization"]
        return result

    fudan = await organization("复旦大学")
    fudan_copy = await organization("复旦")
    made, _ = await s.run(
        "updateOrganization",
        (U, "organization", {"city"}),
        input={"id": fudan["id"], "expectedVersion": fudan["version"], "city": "上海"},
    )
    fudan = made["organization"]

    async def crud(
        record: str,
        table: str,
        create: dict[str, Any],
        change: dict[str, Any],
        fields: set[str],
        *,
        create_name: str | None = None,
        delete: bool = True,
    ) -> dict[str, Any]:
        """Create, change and (unless told not to) delete one record."""
        payload_key = record[0].lower() + record[1:]
        made, _ = await s.run(create_name or f"create{record}", (C, table, fields), input=create)
        row = made[payload_key]
        made, entries = await s.run(
            f"update{record}",
            (U, table, {_snake(k) for k in change}),
            input={"id": row["id"], "expectedVersion": row["version"], **change},
        )
        row = made[payload_key]
        assert _one(entries, U, table).entity_id == _key(row["id"])
        if delete:
            _, entries = await s.run(
                f"delete{record}",
                (D, table, fields),
                input={"id": row["id"], "expectedVersion": row["version"]},
            )
            assert _one(entries, D, table).entity_id == _key(row["id"])
        result: dict[str, Any] = row
        return result

    await crud(
        "Affiliation",
        "affiliation",
        {"person": chen["id"], "organization": fudan["id"], "role": "MEMBER"},
        {"title": "Professor", "startsOn": "2010-09-01"},
        {"person_id", "organization_id", "role"},
    )
    event = await crud(
        "Event",
        "event",
        {"name": "海外人才大会", "kind": "CONFERENCE", "startsOn": "2023-12-22"},
        {"city": "福州"},
        {"name", "kind", "starts_on"},
        delete=False,
    )
    await crud(
        "Attendance",
        "attendance",
        {"person": chen["id"], "event": event["id"], "role": "GUEST"},
        {"role": "SPEAKER"},
        {"person_id", "event_id", "role"},
        create_name="recordAttendance",
    )
    project = await crud(
        "Project",
        "project",
        {
            "name": "量子传感",
            "kind": "COOPERATION",
            "stage": "LEAD",
            "intendedAmount": "1500000.50",
        },
        {"stage": "CONTACTED", "signedAmount": "1000000"},
        {"name", "kind", "stage", "intended_amount"},
        delete=False,
    )
    await crud(
        "Participation",
        "participation",
        {"project": project["id"], "person": chen["id"], "role": "LEAD"},
        {"role": "PARTNER"},
        {"project_id", "person_id", "role"},
    )
    position = await crud(
        "Position",
        "position",
        {
            "organization": fudan["id"],
            "title": "Research fellow",
            "kind": "FULL_TIME",
            "openings": 2,
            "status": "OPEN",
            "isHighLevel": False,
        },
        {"openings": 3},
        {"organization_id", "title", "openings"},
        delete=False,
    )
    await crud(
        "Application",
        "application",
        {"person": li["id"], "position": position["id"], "stage": "SUBMITTED"},
        {"stage": "SCREENING"},
        {"person_id", "position_id", "stage"},
    )
    agreement = await crud(
        "Agreement",
        "agreement",
        {"title": "合作协议", "kind": "COOPERATION", "status": "INTENTION", "amount": "2e6"},
        {"status": "SIGNED", "signedOn": "2023-12-23"},
        {"title", "kind", "status", "amount"},
        delete=False,
    )
    await crud(
        "AgreementParty",
        "agreement_party",
        {"agreement": agreement["id"], "organization": fudan["id"], "role": "SIGNATORY"},
        {"role": "WITNESS"},
        {"agreement_id", "organization_id", "role"},
    )
    await crud(
        "Relationship",
        "relationship",
        {"personA": chen["id"], "personB": li["id"], "kind": "COLLEAGUE", "strength": 0.5},
        {"strength": 0.8},
        {"person_a_id", "person_b_id", "kind", "strength"},
    )
    introduction = await crud(
        "Introduction",
        "introduction",
        {"seeker": li["id"], "targetPerson": wang["id"], "broker": chen["id"]},
        {"purpose": "a post-doc position"},
        {"seeker_id", "target_person_id"},
        delete=False,
    )
    made, entries = await s.run(
        "moveIntroduction",
        (U, "introduction", {"status"}),
        input={
            "id": introduction["id"],
            "expectedVersion": introduction["version"],
            "to": "BROKER_AGREED",
        },
    )
    assert _one(entries, U, "introduction").changes["status"] == ["requested", "broker_agreed"]
    introduction = made["introduction"]
    await s.run(
        "deleteIntroduction",
        (D, "introduction", {"seeker_id", "status"}),
        input={"id": introduction["id"], "expectedVersion": introduction["version"]},
    )
    await crud(
        "Interaction",
        "interaction",
        {
            "kind": "MEETING",
            "occurredAt": "2023-12-22T10:00:00+08:00",
            "summary": "met at the conference",
            "participants": [chen["id"]],
        },
        {"summary": "met at the conference, talked about the lab"},
        {"kind", "occurred_at", "summary"},
    )

    # -- personal-data rights ------------------------------------------------------------
    made, _ = await s.run(
        "recordConsent",
        (C, "consent", {"person_id", "purpose", "channel", "notice_version"}),
        input={
            "person": chen["id"],
            "purpose": "CONTACT",
            "channel": "EMAIL",
            "noticeVersion": "2026-01",
        },
    )
    consent = made["consent"]
    await s.run(
        "withdrawConsent",
        (U, "consent", {"withdrawn_at"}),
        input={"id": consent["id"], "expectedVersion": consent["version"]},
    )

    # -- merges: one MERGE entry on the survivor, the absorbed records' deletions --------------
    li = await _current(gql, li["id"])
    copy = await person("李伟")
    made, entries = await s.run(
        "mergePeople",
        (AuditAction.MERGE, "person", {"absorbed"}),
        (D, "person", {"name"}),
        input={
            "survivor": {"id": li["id"], "expectedVersion": li["version"]},
            "absorbed": [{"id": copy["id"], "expectedVersion": copy["version"]}],
        },
    )
    merge = _one(entries, AuditAction.MERGE, "person")
    assert (merge.entity_id, merge.changes["absorbed"]) == (_key(li["id"]), [_key(copy["id"])])
    fudan = await _current(gql, fudan["id"])
    fudan_copy = await _current(gql, fudan_copy["id"])
    _, entries = await s.run(
        "mergeOrganizations",
        (AuditAction.MERGE, "organization", {"absorbed"}),
        (D, "organization", {"name"}),
        input={
            "survivor": {"id": fudan["id"], "expectedVersion": fudan["version"]},
            "absorbed": [{"id": fudan_copy["id"], "expectedVersion": fudan_copy["version"]}],
        },
    )
    assert _one(entries, AuditAction.MERGE, "organization").entity_id == _key(fudan["id"])

    # -- lists -----------------------------------------------------------------------------
    made, _ = await s.run(
        "createList",
        (C, "list", {"name", "kind", "owner_id"}),
        input={"name": "人才墙", "kind": "PERSON"},
    )
    talent_wall = made["list"]
    made, entries = await s.run(
        "renameList",
        (U, "list", {"name"}),
        input={"id": talent_wall["id"], "expectedVersion": talent_wall["version"], "name": "VIP"},
    )
    assert _one(entries, U, "list").changes == {"name": ["人才墙", "VIP"]}
    members = {"listId": talent_wall["id"], "memberIds": [chen["id"]]}
    _, entries = await s.run(
        "addListMembers", (C, "list_member", {"list_id", "person_id"}), input=members
    )
    assert _one(entries, C, "list_member").changes["person_id"] == [None, _key(chen["id"])]
    await s.run("removeListMembers", (D, "list_member", {"person_id"}), input=members)
    sharing = {"listId": talent_wall["id"], "userIds": [user["id"]], "canEdit": True}
    await s.run("shareList", (C, "list_share", {"user_id", "can_edit"}), input=sharing)
    await s.run(
        "unshareList",
        (D, "list_share", {"user_id"}),
        input={"listId": talent_wall["id"], "userIds": [user["id"]]},
    )
    row = await _current(gql, talent_wall["id"])
    await s.run(
        "deleteList",
        (D, "list", {"name"}),
        input={"id": row["id"], "expectedVersion": row["version"]},
    )

    # -- import, erasure, the deletes left ---------------------------------------------------
    content = base64.b64encode("姓名,国家\n黄志明,中国\n".encode()).decode()
    _, entries = await s.run(
        "importRecords",
        (C, "person", {"name"}),
        input={"entity": "PERSON", "filename": "people.csv", "content": content},
    )
    assert _one(entries, C, "person").changes["name"] == [None, "黄志明"]
    await s.run(
        "erasePerson",
        (AuditAction.ERASE, "person", set()),
        input={"id": wang["id"], "reason": "the person asked to be forgotten"},
    )
    for record, row in (
        ("Position", await _current(gql, position["id"])),
        ("Agreement", await _current(gql, agreement["id"])),
        ("Project", await _current(gql, project["id"])),
        ("Event", await _current(gql, event["id"])),
        ("Organization", await _current(gql, fudan["id"])),
        ("Person", await _current(gql, chen["id"])),
    ):
        table = _snake(record)
        _, entries = await s.run(
            f"delete{record}",
            (D, table, set()),
            input={"id": row["id"], "expectedVersion": row["version"]},
        )
        assert _one(entries, D, table).entity_id == _key(row["id"])

    # -- a background analysis asked for now: its run is the caller's -------------------------
    payload, entries = await s.run(
        "runAnalysis", (C, "analysis_run", {"state", "reason"}), force=False
    )
    assert _one(entries, C, "analysis_run").changes["reason"] == [None, "manual"]
    assert payload["run"]["id"] > 0

    assert s.driven == MUTATIONS, sorted(MUTATIONS - s.driven)
    # JSON-safe values: decimals as strings, dates and times in ISO form
    everything = await _since(session_factory, 0)
    assert _one(everything, C, "project").changes["intended_amount"] == [None, "1500000.50"]
    assert _one(everything, C, "event").changes["starts_on"] == [None, "2023-12-22"]
    occurred = _one(everything, C, "interaction").changes["occurred_at"][1]
    assert datetime.fromisoformat(occurred) == datetime(2023, 12, 22, 2, tzinfo=UTC)


async def _since(session_factory: async_sessionmaker[AsyncSession], after: int) -> list[AuditEntry]:
    async with session_factory() as session:
        found = await session.execute(
            select(AuditEntry).where(AuditEntry.id > after).order_by(AuditEntry.id)  # type: ignore[arg-type,operator]
        )
        return list(found.scalars())


async def _current(gql: GraphQLClient, global_id: str) -> dict[str, Any]:
    """A record's current id and version."""
    from strawberry import relay

    type_name = relay.GlobalID.from_id(global_id).type_name
    found = await gql(
        f"query($id: ID!) {{ node(id: $id) {{ id ... on {type_name} {{ version }} }} }}",
        id=global_id,
    )
    node: dict[str, Any] = found["node"]
    return node


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
