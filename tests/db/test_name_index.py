"""The name-key listener keeps every record's keys in step with its names, on every write."""

from __future__ import annotations

import doctest
import importlib

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.name_index import rebuild_name_keys
from crm.db.queries.common import table_of
from tests import factories

name_key = table_of(models.NameKey)


async def _keys(session: AsyncSession, entity: str, entity_id: int | None) -> dict[str, str]:
    statement = select(name_key.c.key, name_key.c.kind).where(
        name_key.c.entity == entity, name_key.c.entity_id == entity_id
    )
    return {key: kind for key, kind in await session.execute(statement)}


async def test_a_new_person_gets_keys_in_the_same_transaction(session: AsyncSession) -> None:
    person = await factories.person(session, name="陳建國", name_latin="Kin-Kwok Chan")
    keys = await _keys(session, "person", person.id)
    assert keys["陈建国"] == "name"
    assert keys["kin-kwok chan"] == "latin"
    assert keys["chen jianguo"] == "full"
    assert keys["建国"] == "given"
    assert keys["name:陈:建"] == "block"


async def test_changing_what_blocking_reads_replaces_the_keys(session: AsyncSession) -> None:
    person = await factories.person(session, name="陈建国")
    person.email = "jg@example.com"
    person.name = "程建国"
    await session.flush()
    keys = await _keys(session, "person", person.id)
    assert "email:jg@example.com" in keys
    assert "程建国" in keys
    assert "陈建国" not in keys


async def test_an_unrelated_change_leaves_the_keys_alone(session: AsyncSession) -> None:
    person = await factories.person(session, name="陈建国")
    ids = set(
        (await session.execute(select(name_key.c.id).where(name_key.c.entity_id == person.id)))
        .scalars()
        .all()
    )
    person.city = "Fuzhou"
    await session.flush()
    after = await session.execute(select(name_key.c.id).where(name_key.c.entity_id == person.id))
    assert set(after.scalars().all()) == ids


async def test_deleting_a_record_deletes_its_keys(session: AsyncSession) -> None:
    organization = await factories.organization(session, name="中国科学院", aliases=["CAS"])
    assert "cas" in await _keys(session, "organization", organization.id)
    await session.delete(organization)
    await session.flush()
    assert await _keys(session, "organization", organization.id) == {}


async def test_rebuilding_derives_the_same_keys_as_the_listener(session: AsyncSession) -> None:
    person = await factories.person(session, name="王小明", name_latin="Kenneth Wong")
    organization = await factories.organization(session, name="牛津大学中国校友会")
    before = (
        await _keys(session, "person", person.id),
        await _keys(session, "organization", organization.id),
    )
    await rebuild_name_keys(session)
    after = (
        await _keys(session, "person", person.id),
        await _keys(session, "organization", organization.id),
    )
    assert after == before


@pytest.mark.parametrize(
    "module", ["crm.db.name_index", "crm.resolvers.search", "crm.resolvers.duplicates"]
)
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0
    assert result.failed == 0
