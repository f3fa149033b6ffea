"""Idempotency keys: a create or an import retried with the same key is done once and
answered with its first result; the same key with another input is a CONFLICT."""

from __future__ import annotations

import asyncio
import base64
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import UserRole
from crm.db.types import utcnow
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

CREATE_PERSON = """
mutation($input: CreatePersonInput!, $key: String) {
  createPerson(input: $input, idempotencyKey: $key) {
    person { id name } errors { code field message }
  }
}"""
IMPORT = """
mutation($input: ImportRecordsInput!, $key: String) {
  importRecords(input: $input, idempotencyKey: $key) {
    result { rows created rejectedCount rejected { row reason cells } columns { column field } }
    errors { code field }
  }
}"""


async def _count(session_factory: async_sessionmaker[AsyncSession], model: type) -> int:
    async with session_factory() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_retry_with_the_same_key_answers_the_first_result(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person = {"name": "陈建国", "country": "GB"}
    first = await gql.mutate(CREATE_PERSON, input=person, key="req-1")
    again = (await gql(CREATE_PERSON, input=person, key="req-1"))["createPerson"]
    assert again == first
    assert await _count(session_factory, models.Person) == 1


async def test_the_same_key_with_another_input_is_a_conflict(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await gql.mutate(CREATE_PERSON, input={"name": "陈建国"}, key="req-2")
    other = (await gql(CREATE_PERSON, input={"name": "林美华"}, key="req-2"))["createPerson"]
    assert other["person"] is None
    assert [(e["code"], e["field"]) for e in other["errors"]] == [("CONFLICT", ["idempotencyKey"])]
    # another operation with the key is a conflict too
    org = """mutation($key: String) { createOrganization(idempotencyKey: $key,
      input: {name: "陈建国", kind: COMPANY}) { errors { code } } }"""
    assert (await gql(org, key="req-2"))["createOrganization"]["errors"] == [{"code": "CONFLICT"}]
    assert await _count(session_factory, models.Person) == 1


async def test_without_a_key_or_with_a_new_one_each_request_creates(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    for key in (None, None, "a", "b"):
        await gql.mutate(CREATE_PERSON, input={"name": "陈建国"}, key=key)
    assert await _count(session_factory, models.Person) == 4


async def test_a_refused_first_request_leaves_the_key_free(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    refused = (await gql(CREATE_PERSON, input={"name": " "}, key="req-3"))["createPerson"]
    assert refused["errors"][0]["code"] == "VALIDATION"
    await gql.mutate(CREATE_PERSON, input={"name": "陈建国"}, key="req-3")
    assert await _count(session_factory, models.Person) == 1


async def test_keys_belong_to_their_user(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    _, other = await make_user(session_factory, UserRole.ADMIN)
    await gql.mutate(CREATE_PERSON, input={"name": "陈建国"}, key="shared")
    await gql.as_user(other).mutate(CREATE_PERSON, input={"name": "陈建国"}, key="shared")
    assert await _count(session_factory, models.Person) == 2


async def test_a_key_older_than_a_day_is_forgotten(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    await gql.mutate(CREATE_PERSON, input={"name": "陈建国"}, key="old")
    async with session_factory() as session, session.begin():
        table = models.IdempotencyKey.__table__  # type: ignore[attr-defined]
        await session.execute(update(table).values(created_at=utcnow() - timedelta(hours=25)))
    await gql.mutate(CREATE_PERSON, input={"name": "陈建国"}, key="old")
    assert await _count(session_factory, models.Person) == 2


async def test_a_key_too_long_is_a_validation_error(gql: GraphQLClient) -> None:
    payload = (await gql(CREATE_PERSON, input={"name": "陈建国"}, key="k" * 101))["createPerson"]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("VALIDATION", ["idempotencyKey"])
    ]


async def test_concurrent_retries_create_one_record(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person = {"name": "陈建国", "city": "Fuzhou"}
    answers = await asyncio.gather(
        *(gql(CREATE_PERSON, input=person, key="burst") for _ in range(6))
    )
    payloads = [a["createPerson"] for a in answers]
    assert all(p["errors"] == [] for p in payloads), payloads
    assert len({p["person"]["id"] for p in payloads}) == 1
    assert await _count(session_factory, models.Person) == 1
    assert await _count(session_factory, models.IdempotencyKey) == 1


async def test_an_import_retried_with_its_key_is_done_once(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    csv = "姓名,英文名\n陈建国,Chen Jianguo\n林美华,Lin Meihua\n,nobody\n"
    content = base64.b64encode(csv.encode()).decode()
    data = {"entity": "PERSON", "filename": "people.csv", "content": content}
    first = (await gql(IMPORT, input=data, key="import-1"))["importRecords"]
    assert first["errors"] == []
    assert first["result"]["created"] == 2
    again = (await gql(IMPORT, input=data, key="import-1"))["importRecords"]
    assert again == first
    assert await _count(session_factory, models.Person) == 2
    other = {**data, "filename": "other.csv"}
    conflict = (await gql(IMPORT, input=other, key="import-1"))["importRecords"]
    assert conflict["errors"] == [{"code": "CONFLICT", "field": ["idempotencyKey"]}]
