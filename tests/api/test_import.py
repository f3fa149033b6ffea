"""importRecords: a small file in base64 imports as the command line would; nothing on errors."""

from __future__ import annotations

import base64

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.enums import UserRole
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

IMPORT = """
mutation($input: ImportRecordsInput!) {
  importRecords(input: $input) {
    result {
      entity encoding dryRun rows created updated skipped rejectedCount
      rejected { row reason cells }
      columns { column field }
      ignoredColumns rejectsCsv
    }
    errors { field message code }
  }
}
"""

PEOPLE = """姓名,英文名,國家,邮箱,电话,备用
陳建國,Kin-Kwok Chan,英國,kk@example.org,+447911123456,x
李伟,,美国,not-an-email,,
王芳,,中国,wf@example.org,,
"""


def _input(data: bytes, **more: object) -> dict[str, object]:
    return {
        "entity": "PERSON",
        "filename": "people.csv",
        "content": base64.b64encode(data).decode(),
        **more,
    }


async def _people(session_factory: async_sessionmaker[AsyncSession]) -> int:
    async with session_factory() as session:
        return int(
            (await session.execute(select(func.count()).select_from(models.Person))).scalar_one()
        )


async def test_import_records(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    data = PEOPLE.encode("gb18030")
    dry = (await gql(IMPORT, input=_input(data, dryRun=True)))["importRecords"]
    assert dry["errors"] == []
    assert (dry["result"]["dryRun"], dry["result"]["created"]) == (True, 2)
    assert await _people(session_factory) == 0

    payload = await gql.mutate(IMPORT, input=_input(data))
    result = payload["result"]
    assert (result["encoding"], result["rows"], result["created"], result["rejectedCount"]) == (
        "gb18030",
        3,
        2,
        1,
    )
    assert result["rejected"][0]["row"] == 3
    assert result["rejected"][0]["reason"].startswith("email: not a valid email address")
    assert result["rejected"][0]["cells"][0] == "李伟"
    assert result["ignoredColumns"] == ["备用"]
    assert result["rejectsCsv"].splitlines()[0] == "姓名,英文名,國家,邮箱,电话,备用,row,reason"
    assert await _people(session_factory) == 2

    again = (await gql(IMPORT, input=_input(data, onDuplicate="SKIP")))["importRecords"]
    assert (again["result"]["created"], again["result"]["skipped"]) == (0, 2)
    found = await gql('{ search(text: "Chen Jianguo") { __typename } }')
    assert found["search"]


async def test_a_mapping_and_refusals(gql: GraphQLClient) -> None:
    mapped = await gql.mutate(
        IMPORT,
        input=_input(
            "Full name,Where\n张伟,SG\n".encode(),
            mapping=[
                {"column": "Full name", "field": "name"},
                {"column": "Where", "field": "country"},
            ],
        ),
    )
    assert mapped["result"]["created"] == 1
    missing = (await gql(IMPORT, input=_input(b"city\nLondon\n")))["importRecords"]
    assert missing["result"] is None
    assert missing["errors"][0]["code"] == "VALIDATION"
    assert "no column for name" in missing["errors"][0]["message"]
    bad = (await gql(IMPORT, input={**_input(b""), "content": "%%%"}))["importRecords"]
    assert bad["errors"][0]["field"] == ["content"]


async def test_importing_is_for_administrators(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    _, liaison = await make_user(session_factory, UserRole.LIAISON)
    _, analyst = await make_user(session_factory, UserRole.ANALYST)
    refused = (await gql.as_user(liaison)(IMPORT, input=_input(PEOPLE.encode())))["importRecords"]
    assert refused["result"] is None
    assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    body = await gql.as_user(analyst).execute(IMPORT, input=_input(PEOPLE.encode()))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await _people(session_factory) == 0
