"""The graph cache follows the database: after a committed change the next analysis
sees it, caught up from the change log, and equal to a graph rebuilt from scratch."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db import models
from crm.db.enums import (
    AffiliationRole,
    AgreementKind,
    ConsentChannel,
    ConsentPurpose,
    InteractionKind,
    RelationshipKind,
)
from crm.db.revision import bump_revision
from crm.network.cache import GraphCache
from crm.network.source import load_graph
from tests import factories
from tests.conftest import _empty_tables
from tests.graph.test_build import snapshot

TODAY = date(2024, 6, 1)


@pytest.fixture
async def cache(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[GraphCache]:
    cache = GraphCache(today=lambda: TODAY)
    yield cache
    cache.close()
    await _empty_tables(session_factory)


async def _fresh(session_factory: async_sessionmaker[AsyncSession]) -> object:
    async with session_factory() as session, session.begin():
        return snapshot(await load_graph(session, today=TODAY))


def _pair(a: models.Person, b: models.Person) -> tuple[int, int]:
    assert a.id is not None
    assert b.id is not None
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


async def test_first_use_builds_then_hits_until_something_changes(
    cache: GraphCache, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        await factories.person(session, name="李伟")
    first = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "rebuild"
    again = await cache.current(session_factory)
    assert cache.last.kind == "hit"
    assert again.graph is first.graph
    assert again.revision == first.revision


async def test_every_kind_of_change_is_caught_up_incrementally_and_equals_a_rebuild(
    cache: GraphCache, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        li = await factories.person(session, name="李伟")
        wang = await factories.person(session, name="王芳")
        zhang = await factories.person(session, name="张强")
        oxford = await factories.organization(session, name="牛津大学中国校友会")
        federation = await factories.organization(session, name="福建省归国华侨联合会")
    await cache.current(session_factory)

    async with session_factory() as session, session.begin():
        a, b = _pair(li, wang)
        session.add(models.Relationship(person_a_id=a, person_b_id=b, kind=RelationshipKind.FRIEND))
        session.add(
            models.Affiliation(
                person_id=li.id, organization_id=oxford.id, role=AffiliationRole.OFFICER
            )
        )
        agreement = models.Agreement(title="合作意向书", kind=AgreementKind.COOPERATION)
        session.add(agreement)
        await session.flush()
        for p in (li, zhang):
            session.add(models.AgreementParty(agreement_id=agreement.id, person_id=p.id))
        session.add(models.AgreementParty(agreement_id=agreement.id, organization_id=oxford.id))
        meeting = models.Interaction(
            kind=InteractionKind.MEETING,
            occurred_at=datetime(2024, 5, 1, tzinfo=UTC),
            summary="coffee",
        )
        session.add(meeting)
        await session.flush()
        for p in (wang, zhang):
            session.add(models.InteractionParticipant(interaction_id=meeting.id, person_id=p.id))
    cached = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "incremental", cache.last
    assert cached.graph.has_edge(f"Person:{li.id}", f"Person:{wang.id}")
    assert cached.graph.has_edge(f"Person:{zhang.id}", f"Organization:{oxford.id}")
    assert snapshot(cached.graph) == await _fresh(session_factory)

    # Changes and removals: a renamed person, a new parent organisation, a party and a
    # participant leaving, a person deleted with everything tied to them.
    async with session_factory() as session, session.begin():
        renamed = await session.get(models.Person, wang.id)
        assert renamed is not None
        renamed.name = "王芳芳"
        org = await session.get(models.Organization, oxford.id)
        assert org is not None
        org.parent_id = federation.id
        party = (
            await session.execute(
                models.AgreementParty.__table__.select().where(  # type: ignore[attr-defined]
                    models.AgreementParty.__table__.c.person_id == zhang.id  # type: ignore[attr-defined]
                )
            )
        ).one()
        await session.delete(await session.get(models.AgreementParty, party.id))
        participant = await session.get(models.Person, li.id)
        await session.delete(participant)
    cached = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "incremental", cache.last
    assert f"Person:{li.id}" not in cached.graph
    assert not cached.graph.has_edge(f"Person:{zhang.id}", f"Organization:{oxford.id}")
    assert cached.graph.has_edge(f"Organization:{oxford.id}", f"Organization:{federation.id}")
    assert snapshot(cached.graph) == await _fresh(session_factory)


async def test_an_update_through_core_sql_is_logged_only_via_the_orm(
    cache: GraphCache, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Writes go through the ORM (the resolvers do), whose flush logs them. A bulk
    change in core SQL bumps the revision without a log, which makes every cache
    rebuild rather than miss it."""
    async with session_factory() as session, session.begin():
        person = await factories.person(session, name="李伟")
    await cache.current(session_factory)
    async with session_factory() as session, session.begin():
        await session.execute(
            update(models.Person).where(col(models.Person.id) == person.id).values(name="李伟伟")
        )
        await session.run_sync(bump_revision)
    cached = await cache.current(session_factory)
    assert cache.last is not None
    assert cache.last.kind == "rebuild"
    assert "change log" in cache.last.reason
    assert cached.graph.nodes[f"Person:{person.id}"]["label"] == "李伟伟"


async def test_a_withdrawn_consent_takes_the_person_out_of_the_graph(
    cache: GraphCache, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as session, session.begin():
        li = await factories.person(session, name="李伟")
        wang = await factories.person(session, name="王芳")
        a, b = _pair(li, wang)
        session.add(models.Relationship(person_a_id=a, person_b_id=b, kind=RelationshipKind.FRIEND))
    assert f"Person:{li.id}" in (await cache.current(session_factory)).graph
    async with session_factory() as session, session.begin():
        session.add(
            models.Consent(
                person_id=li.id,
                purpose=ConsentPurpose.NETWORK_ANALYSIS,
                channel=ConsentChannel.EMAIL,
                notice_version="2024-01",
                given_at=datetime(2024, 1, 1, tzinfo=UTC),
                withdrawn_at=datetime(2024, 5, 1, tzinfo=UTC),
            )
        )
    cached = await cache.current(session_factory)
    assert f"Person:{li.id}" not in cached.graph
    assert f"Person:{wang.id}" in cached.graph
    assert snapshot(cached.graph) == await _fresh(session_factory)


async def test_a_new_day_rebuilds_and_a_rolled_back_write_changes_nothing(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    days = iter([TODAY, TODAY, date(2024, 6, 2)])
    cache = GraphCache(today=lambda: next(days))
    try:
        async with session_factory() as session, session.begin():
            await factories.person(session, name="李伟")
        await cache.current(session_factory)
        async with session_factory() as session:
            await factories.person(session, name="王芳")
            await session.rollback()
        await cache.current(session_factory)
        assert cache.last is not None
        assert cache.last.kind == "hit"
        await cache.current(session_factory)
        assert cache.last.kind == "rebuild"
        assert "day" in cache.last.reason
    finally:
        cache.close()
        await _empty_tables(session_factory)


async def test_too_many_changes_rebuild_instead(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    cache = GraphCache(today=lambda: TODAY, max_changes=3)
    try:
        await cache.current(session_factory)
        async with session_factory() as session, session.begin():
            for i in range(4):
                await factories.person(session, name=f"李伟{i}")
        cached = await cache.current(session_factory)
        assert cache.last is not None
        assert cache.last.kind == "rebuild"
        assert cached.graph.number_of_nodes() == 4
        async with session_factory() as session, session.begin():
            await session.execute(delete(models.GraphChange))
    finally:
        cache.close()
        await _empty_tables(session_factory)
