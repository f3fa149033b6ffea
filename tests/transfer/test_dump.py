"""Export → load into an empty database → export gives the identical dump (both databases)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import enums, models
from crm.db.engine import create_engine, create_session_factory
from crm.db.revision import current_revision
from crm.settings import Settings
from crm.transfer import dump as dumping
from crm.transfer.dump import DumpError
from tests.conftest import DatabaseFactory

Factory = async_sessionmaker[AsyncSession]
AT = datetime(2023, 12, 21, 9, 30, 15, 123456, tzinfo=UTC)


async def fill_every_table(db: Factory) -> None:
    """A small data set with at least one row in every table a dump holds."""
    async with db() as session, session.begin():
        add = session.add_all
        admin = models.User(
            username="admin",
            display_name="管理员",
            role=enums.UserRole.ADMIN,
            password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        )
        add([admin])
        await session.flush()
        add(
            [
                models.ApiToken(
                    user_id=admin.id,
                    name="ci",
                    token_hash="a" * 64,
                    prefix="crm_abcd",
                    scopes=["Person"],
                    expires_at=datetime(2099, 1, 1, tzinfo=UTC),
                )
            ]
        )
        # A child with a lower key than its parent: the load must order them.
        child = models.Organization(
            name="中国科学院福建物质结构研究所",
            kind=enums.OrganizationKind.RESEARCH_INSTITUTE,
            country="CN",
        )
        add([child])
        await session.flush()
        parent = models.Organization(
            name="中国科学院",
            name_en="Chinese Academy of Sciences",
            aliases=["中科院", "CAS"],
            kind=enums.OrganizationKind.RESEARCH_INSTITUTE,
            country="CN",
            is_state_owned=True,
            founded_on=date(1949, 11, 1),
            owner_id=admin.id,
        )
        fund = models.Organization(
            name="海外人才基金",
            kind=enums.OrganizationKind.FUND,
            fund_target_amount=Decimal("1000000000.00"),
            fund_committed_amount=Decimal("0.10"),
        )
        add([parent, fund])
        await session.flush()
        child.parent_id = parent.id
        session_event = models.Event(name="人工智能专场", kind=enums.EventKind.SESSION)
        add([session_event])
        await session.flush()
        conference = models.Event(
            name="首届海外华侨华人人才发展大会",
            kind=enums.EventKind.CONFERENCE,
            starts_on=date(2023, 12, 21),
            ends_on=date(2023, 12, 22),
            city="福州",
            organizer_id=parent.id,
            reported_participants=1023,
        )
        add([conference])
        await session.flush()
        session_event.parent_id = conference.id
        chan = models.Person(
            name="陳建國",
            name_latin="Kin-Kwok Chan",
            gender=enums.Gender.MALE,
            birth_year=1968,
            country="GB",
            expertise=["人工智能", "芯片"],
            honours=["talent_wall"],
            email="kk@example.org",
            phone="+447911123456",
            contact_cadence_days=90,
            last_contacted_at=AT,
            source_event_id=conference.id,
            notes='第一行\n第二行 "引号"',
        )
        wei = models.Person(name="李伟", birth_year=1975, country="US")
        absorbed = models.Person(name="李偉", birth_year=1975)
        add([chan, wei, absorbed])
        await session.flush()
        project = models.Project(
            name="海洋芯片",
            kind=enums.ProjectKind.ENTREPRENEURIAL,
            stage=enums.ProjectStage.NEGOTIATING,
            intended_amount=Decimal("150000000.00"),
            event_id=conference.id,
        )
        position = models.Position(
            organization_id=parent.id, title="研究员", openings=3, event_id=conference.id
        )
        add([project, position])
        await session.flush()
        agreement = models.Agreement(
            title="芯片投资",
            kind=enums.AgreementKind.INVESTMENT,
            status=enums.AgreementStatus.SIGNED,
            signed_on=date(2023, 12, 22),
            amount=Decimal("5000000.00"),
            currency="USD",
            project_id=project.id,
            event_id=conference.id,
        )
        add([agreement])
        await session.flush()
        application = models.Application(person_id=wei.id, position_id=position.id, submitted_at=AT)
        interaction = models.Interaction(
            kind=enums.InteractionKind.MEETING,
            occurred_at=AT,
            summary="面谈",
            owner_id=admin.id,
            organization_id=parent.id,
        )
        add([application, interaction])
        await session.flush()
        introduction = models.Introduction(
            seeker_id=wei.id,
            target_person_id=chan.id,
            requested_by_id=admin.id,
            purpose="芯片合作",
            path=["UGVyc29uOjE=", "UGVyc29uOjI="],
        )
        add(
            [
                models.Affiliation(
                    person_id=chan.id,
                    organization_id=child.id,
                    role=enums.AffiliationRole.ALUMNUS,
                    degree=enums.Degree.DOCTORATE,
                    starts_on=date(2010, 9, 1),
                    ends_on=date(2014, 7, 1),
                ),
                models.Relationship(
                    person_a_id=chan.id,
                    person_b_id=wei.id,
                    kind=enums.RelationshipKind.COLLEAGUE,
                    strength=0.1,
                    since=date(2015, 1, 1),
                ),
                models.Attendance(
                    person_id=chan.id, event_id=session_event.id, role=enums.AttendanceRole.SPEAKER
                ),
                models.Participation(
                    project_id=project.id,
                    organization_id=parent.id,
                    role=enums.ParticipationRole.HOST,
                ),
                models.Participation(
                    project_id=project.id, person_id=chan.id, role=enums.ParticipationRole.LEAD
                ),
                models.AgreementParty(agreement_id=agreement.id, organization_id=fund.id),
                models.InteractionParticipant(interaction_id=interaction.id, person_id=chan.id),
                models.Consent(
                    person_id=chan.id,
                    purpose=enums.ConsentPurpose.PROCESSING,
                    channel=next(iter(enums.ConsentChannel)),
                    notice_version="2024-01",
                    given_at=AT,
                ),
                models.ComputedMetric(
                    node_type="person",
                    node_id=chan.id,
                    metric="pagerank",
                    value=0.123456789,
                    graph_revision=7,
                    computed_at=AT,
                ),
                models.AuditEntry(
                    at=AT,
                    actor_id=admin.id,
                    actor_label="admin",
                    action=next(iter(enums.AuditAction)),
                    entity="person",
                    entity_id=chan.id,
                    changes={"city": [None, "伦敦"]},
                ),
                models.MergeRecord(
                    entity="person",
                    absorbed_id=absorbed.id + 100,
                    survivor_id=wei.id,
                    absorbed_name="李偉",
                    summary={"moved": {"affiliation": 0}},
                ),
                introduction,
            ]
        )
        await session.delete(absorbed)
        await session.flush()
        for name in ("PersonShare", "Erasure", "ErasureKey"):
            model = getattr(models, name, None)
            if model is None:
                continue
            if name == "PersonShare":
                add([model(person_id=chan.id, user_id=admin.id)])
            elif name == "Erasure":
                add([model(erased_at=AT, erased_by_id=admin.id, reason="request 2026-114")])
            else:
                await session.flush()
                erasure = (await session.execute(select(models.Erasure))).scalar_one()  # type: ignore[attr-defined]
                add([model(erasure_id=erasure.id, key_hash="b" * 64)])
        await session.flush()
        talent_wall = models.List(name="人才墙", kind="person", owner_id=admin.id)
        add([talent_wall])
        await session.flush()
        add([models.ListMember(list_id=talent_wall.id, person_id=chan.id, added_by_id=admin.id)])
        add([models.ListShare(list_id=talent_wall.id, user_id=admin.id, can_edit=True)])
        await session.flush()


async def export(db: Factory) -> str:
    async with db() as session, session.begin():
        return dumping.dumps(await dumping.export_dump(session))


@pytest.fixture
def target_url(backend: str, databases: DatabaseFactory) -> str:
    """A new, migrated, empty database of the same backend."""
    return databases.create(backend)


@pytest.fixture
async def target(target_url: str) -> AsyncIterator[Factory]:
    engine = create_engine(Settings(database_url=target_url))
    yield create_session_factory(engine)
    await engine.dispose()


async def test_export_load_export_is_identical(
    db: Factory, target: Factory, tmp_path: Path
) -> None:
    await fill_every_table(db)
    first = await export(db)
    dump = dumping.loads(first)
    empty = sorted(name for name, table in dump["tables"].items() if not table["rows"])
    assert empty == [], f"the data set leaves tables empty: {empty}"
    assert set(dump["tables"]) == {t.name for t in dumping.dump_tables()}

    async with target() as session, session.begin():
        before = await current_revision(session)
        counts = await dumping.load_dump(session, dump)
    assert sum(counts.values()) == sum(len(t["rows"]) for t in dump["tables"].values())
    second = await export(target)
    assert second == first

    keys = select(
        models.NameKey.entity, models.NameKey.entity_id, models.NameKey.key, models.NameKey.kind
    )
    async with db() as source_session, target() as target_session:
        assert {tuple(r) for r in await source_session.execute(keys)} == {
            tuple(r) for r in await target_session.execute(keys)
        }
        assert await current_revision(target_session) == before + 1
    # New records continue after the loaded keys (PostgreSQL's sequences were reset).
    async with target() as session, session.begin():
        highest = (await session.execute(select(func.max(models.Person.id)))).scalar_one()
        person = models.Person(name="新人")
        session.add(person)
        await session.flush()
        assert person.id is not None
        assert person.id > highest
    # The CSV export keeps relations by key.
    async with db() as session:
        files = await dumping.export_csv(session, tmp_path / "csv")
    assert set(files) == set(dump["tables"])
    header = (tmp_path / "csv" / "affiliation.csv").read_text("utf-8-sig").splitlines()[0]
    assert "person_id" in header.split(",")


async def test_a_dump_loads_only_into_an_empty_database(db: Factory) -> None:
    await fill_every_table(db)
    dump = dumping.loads(await export(db))
    async with db() as session, session.begin():
        with pytest.raises(DumpError, match="only into an empty database"):
            await dumping.load_dump(session, dump)
    with pytest.raises(DumpError, match="schema revision"):
        async with db() as session, session.begin():
            await dumping.load_dump(session, {**dump, "schema_revision": "0001"})
    with pytest.raises(DumpError, match="format version"):
        dumping.loads('{"format": "crm-dump", "version": 99}')
