"""erasePerson: after it, nothing of the person is found in any table, search, export,
graph or metric; the tombstone stops the same person from being re-created silently."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import SQLModel, col

from crm.db import models
from crm.db.enums import (
    AuditAction,
    UserRole,
)
from crm.db.queries.erasure import erased_match, erasure_key_hashes
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.privacy.people import (
    EMAIL,
    LATIN,
    NAME,
    NEEDLES,
    TRADITIONAL,
    World,
    gid,
)

ERASE = """
mutation($input: ErasePersonInput!) {
  erasePerson(input: $input) {
    erasedId erasedAt removed { table count } errors { field message code }
  }
}"""
EXPORT = "query($id: ID!) { exportPersonData(id: $id) { data errors { code message } } }"
CREATE = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id name } errors { field message code } }
}"""
NODE = "query($id: ID!) { node(id: $id) { id } }"
SEARCH = "query($text: String!) { search(text: $text) { record { ... on Person { id } } } }"
EGO = "query($id: ID!) { egoNetwork(id: $id, radius: 2) { nodes { node { id } } } }"
PATHS = """query($from: ID!, $to: ID!) { introductionPaths(from: $from, to: $to, maxHops: 4) {
  hops { from { id } to { id } } } }"""
STATS = "{ networkStats { graphRevision graph { nodes edges } } }"


def _person_columns() -> list[tuple[str, str]]:
    """Every (table, column) with a foreign key to person.id."""
    return [
        (table.name, fk.parent.name)
        for table in SQLModel.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "person"
    ]


async def _leftovers(factory: async_sessionmaker[AsyncSession], person: int) -> list[str]:
    """Where the person can still be found in the database."""
    found: list[str] = []
    fk_columns = _person_columns()
    assert len(fk_columns) >= 12
    async with factory() as s:
        for table in SQLModel.metadata.sorted_tables:
            for row in (await s.execute(select(table))).mappings():
                for column, value in row.items():
                    if (table.name, column) in fk_columns and value == person:
                        found.append(f"{table.name}.{column} = {person}")
                    if isinstance(value, str | dict | list):
                        text = value if isinstance(value, str) else json.dumps(value)
                        text += json.dumps(value, ensure_ascii=False)
                        found += [
                            f"{table.name}.{column} holds {needle!r}"
                            for needle in NEEDLES
                            if needle.casefold() in text.casefold()
                        ]
                if table.name == "person" and row["id"] == person:
                    found.append("the person row")
                keyed = {
                    "name_key": ("entity", "entity_id"),
                    "computed_metric": ("node_type", "node_id"),
                }.get(table.name)
                if keyed and row[keyed[0]] == "person" and row[keyed[1]] == person:
                    found.append(f"{table.name} row {row['id']}")
                if table.name == "merge_record" and person in (
                    row["survivor_id"],
                    row["absorbed_id"],
                ):
                    found.append(f"merge_record {row['id']}")
    return found


async def test_after_erase_person_nothing_of_the_person_is_found_anywhere(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession], world: World
) -> None:
    person, absorbed = gid("Person", world.person), gid("Person", world.absorbed)
    friend, other = gid("Person", world.friend), gid("Person", world.other)
    # the network is cached with the person in it, so the cache must let them go
    before = (await gql(STATS))["networkStats"]
    assert (await gql(NODE, id=absorbed))["node"] == {"id": person}
    assert (
        next(
            h["to"]["id"]
            for h in (await gql(PATHS, **{"from": friend, "to": other}))["introductionPaths"][0][
                "hops"
            ]
        )
        == person
    )
    assert await _leftovers(session_factory, world.person)  # the scan finds them before

    payload = await gql.mutate(ERASE, input={"id": person, "reason": "GDPR art. 17 #2026-9"})
    assert payload["erasedId"] == person
    assert payload["erasedAt"]
    removed = {r["table"]: r["count"] for r in payload["removed"]}
    assert removed == {
        "affiliation": 1, "relationship": 2, "attendance": 1, "participation": 1,
        "agreement_party": 1, "application": 1, "consent": 1, "person_share": 1,
        "interaction": 1, "interaction_participant": 2, "introduction": 3,
        "computed_metric": 3, "merge_record": 1, "person": 1,
    }  # fmt: skip

    assert await _leftovers(session_factory, world.person) == []
    async with session_factory() as s:
        intro = await s.get(models.Introduction, world.through_path)
        assert intro is not None
        assert intro.path == [friend, other]
        shared = await s.get(models.Interaction, world.shared_interaction)
        assert shared is not None  # the friend's meeting stays, without the person
        assert await s.get(models.Interaction, world.lone_interaction) is None
        audit = (
            await s.execute(
                select(models.AuditEntry).where(
                    models.AuditEntry.action == AuditAction.ERASE,  # type: ignore[arg-type]
                )
            )
        ).scalar_one()
        assert audit.entity_id == world.person
        assert audit.changes["removed"] == removed

    for gone in (person, absorbed):
        assert (await gql(NODE, id=gone))["node"] is None
    for text in (NAME, LATIN, TRADITIONAL, "ouyang", EMAIL):
        hits = (await gql(SEARCH, text=text))["search"]
        assert person not in {h["record"].get("id") for h in hits if h["record"]}, text
    export = (await gql(EXPORT, id=person))["exportPersonData"]
    assert export["data"] is None
    assert export["errors"][0]["code"] == "NOT_FOUND"
    after = (await gql(STATS))["networkStats"]
    assert after["graphRevision"] > before["graphRevision"]
    assert after["graph"]["nodes"] == before["graph"]["nodes"] - 1
    assert (await gql(EGO, id=person))["egoNetwork"]["nodes"] == []
    ego = {n["node"]["id"] for n in (await gql(EGO, id=friend))["egoNetwork"]["nodes"]}
    assert person not in ego
    paths = (await gql(PATHS, **{"from": friend, "to": other}))["introductionPaths"]
    assert all(person not in (h["from"]["id"], h["to"]["id"]) for p in paths for h in p["hops"])


async def test_the_tombstone_refuses_to_re_create_an_erased_person(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession], world: World
) -> None:
    await gql.mutate(ERASE, input={"id": gid("Person", world.person), "reason": "request 1"})
    async with session_factory() as s:
        hashes = set((await s.execute(select(col(models.ErasureKey.key_hash)))).scalars())
        assert erasure_key_hashes(name=NAME, birth_year=1975) <= hashes
        reason = (await s.execute(select(col(models.Erasure.reason)))).scalar_one()
        assert reason == "request 1"
        assert await erased_match(
            s, name=LATIN, name_latin=None, birth_year=1975, email=None, phone=None
        )
        assert await erased_match(
            s, name="Someone", name_latin=None, birth_year=None, email=EMAIL.upper(), phone=None
        )
        assert await erased_match(
            s, name="Someone", name_latin=None, birth_year=None, email=None, phone="013912345678"
        )
        assert await erased_match(
            s, name=TRADITIONAL, name_latin=None, birth_year=1975, email=None, phone=None
        )
        assert not await erased_match(
            s, name=NAME, name_latin=None, birth_year=1980, email=None, phone=None
        )
    today = datetime.now(UTC).date().isoformat()
    for attempt in (
        {"name": NAME, "birthYear": 1975},
        {"name": "欧阳 明华", "nameLatin": "Ouyang Minghua", "birthYear": 1975},
        {"name": "M. Ouyang", "email": EMAIL},
        {"name": "Somebody Else", "phone": "+86 139 1234 5678"},
    ):
        refused = (await gql(CREATE, input=attempt))["createPerson"]
        assert refused["person"] is None
        (error,) = refused["errors"]
        assert error["code"] == "ERASED", attempt
        assert error["message"] == (
            f"this person was erased on {today} at their request; "
            "re-create only with their new consent"
        )
    await gql.mutate(CREATE, input={"name": NAME, "birthYear": 1980})  # someone else
    _, token = await make_user(session_factory, UserRole.LIAISON)
    liaison = gql.as_user(token)
    forced = {"name": NAME, "birthYear": 1975, "overrideErasure": True}
    refused = (await liaison(CREATE, input=forced))["createPerson"]
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    refused = (await liaison(CREATE, input={"name": NAME, "birthYear": 1975}))["createPerson"]
    assert [e["code"] for e in refused["errors"]] == ["ERASED"]
    created = await gql.mutate(CREATE, input=forced)
    assert created["person"]["name"] == NAME


async def test_only_an_administrator_erases(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession], world: World
) -> None:
    person = gid("Person", world.person)
    _, liaison = await make_user(session_factory, UserRole.LIAISON)
    refused = await gql.as_user(liaison)(ERASE, input={"id": person, "reason": "x"})
    assert refused["erasePerson"]["errors"][0]["code"] == "FORBIDDEN"
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    body = await gql.as_user(analyst).execute(ERASE, input={"id": person, "reason": "x"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    for bad, code in (
        ({"id": person, "reason": " "}, "VALIDATION"),
        ({"id": gid("Person", 10**8), "reason": "x"}, "NOT_FOUND"),
        ({"id": gid("Organization", world.organization), "reason": "x"}, "VALIDATION"),
    ):
        errors = (await gql(ERASE, input=bad))["erasePerson"]["errors"]
        assert errors[0]["code"] == code
    assert (await gql(NODE, id=person))["node"] == {"id": person}
