"""Two server processes on one database: a change committed through one is seen by the
next analysis of the other (each keeps its own graph cache, following the revision)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.accounts import admin_headers
from tests.conftest import _empty_tables
from tests.ports import free_port

PATHS = """
query ($from: ID!, $to: ID!) {
  introductionPaths(from: $from, to: $to, maxHops: 2) { hops { kind evidence } }
}
"""
EGO = "query ($id: ID!) { egoNetwork(id: $id) { nodes { node { label } } } }"
CREATE_PERSON = """
mutation ($name: String!) {
  createPerson(input: {name: $name}) { person { id } errors { message } }
}
"""
RELATE = """
mutation ($a: ID!, $b: ID!) {
  createRelationship(input: {personA: $a, personB: $b, kind: FRIEND, strength: 0.8}) {
    relationship { id } errors { message }
  }
}
"""
DELETE = """
mutation ($id: ID!) {
  deletePerson(input: {id: $id, expectedVersion: 1}) { deletedId errors { message } }
}
"""
MERGE = """
mutation ($survivor: ID!, $absorbed: ID!) {
  mergePeople(input: {survivor: {id: $survivor, expectedVersion: 1},
                      absorbed: [{id: $absorbed, expectedVersion: 1}]}) {
    person { id } errors { message }
  }
}
"""


@pytest.fixture
def workers(database_url: str) -> Iterator[list[str]]:
    """Two uvicorn processes serving the test database."""
    env = {**os.environ, "CRM_DATABASE_URL": database_url, "CRM_LOG_LEVEL": "warning"}
    urls, processes = [], []
    for _ in range(2):
        port = free_port()
        command = [sys.executable, "-m", "uvicorn", "crm.app:app", "--port", str(port)]
        processes.append(subprocess.Popen(command, env=env))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_until_up(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


@pytest.fixture
async def clean(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[None]:
    """Signs the test in as an administrator; removes its rows afterwards."""
    AUTH.update(await admin_headers(session_factory))
    yield
    AUTH.clear()
    await _empty_tables(session_factory)


#: the Authorization header of the running test's administrator (set by `clean`)
AUTH: dict[str, str] = {}


async def _call(url: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.post(
            f"{url}/graphql", json={"query": query, "variables": variables}, headers=AUTH
        )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_a_change_through_one_worker_is_seen_by_the_other(
    workers: list[str], clean: None
) -> None:
    one, other = workers
    ids = []
    for name in ("李伟", "王芳"):
        created = (await _call(one, CREATE_PERSON, name=name))["createPerson"]
        assert created["errors"] == []
        ids.append(created["person"]["id"])
    li, wang = ids

    # Both workers build their graph now: no tie yet.
    for url in workers:
        assert (await _call(url, PATHS, **{"from": li, "to": wang}))["introductionPaths"] == []

    related = (await _call(one, RELATE, a=li, b=wang))["createRelationship"]
    assert related["errors"] == []
    paths = (await _call(other, PATHS, **{"from": li, "to": wang}))["introductionPaths"]
    assert [[hop["kind"] for hop in p["hops"]] for p in paths] == [["relationship"]]

    deleted = (await _call(other, DELETE, id=wang))["deletePerson"]
    assert deleted["errors"] == []
    ego = (await _call(one, EGO, id=li))["egoNetwork"]
    assert [n["node"]["label"] for n in ego["nodes"]] == ["李伟"]
    assert (await _call(one, PATHS, **{"from": li, "to": wang}))["introductionPaths"] == []


async def test_a_merge_through_one_worker_is_seen_by_the_other(
    workers: list[str], clean: None
) -> None:
    one, other = workers
    ids = {}
    for name in ("李伟", "张强", "張強", "陈明"):
        created = (await _call(one, CREATE_PERSON, name=name))["createPerson"]
        assert created["errors"] == []
        ids[name] = created["person"]["id"]
    # 李伟 knows 张强; his duplicate 張強 knows 陈明: two separate pieces.
    for a, b in (("李伟", "张强"), ("張強", "陈明")):
        assert (await _call(one, RELATE, a=ids[a], b=ids[b]))["createRelationship"]["errors"] == []
    route = {"from": ids["李伟"], "to": ids["陈明"]}
    assert (await _call(other, PATHS, **route))["introductionPaths"] == []

    merged = (await _call(one, MERGE, survivor=ids["张强"], absorbed=ids["張強"]))["mergePeople"]
    assert merged["errors"] == []
    paths = (await _call(other, PATHS, **route))["introductionPaths"]
    assert [[hop["kind"] for hop in p["hops"]] for p in paths] == [["relationship", "relationship"]]
