"""crm import on both databases: counts, rejects, duplicates, links, batches and failures."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from crm.db import models
from crm.db.name_index import rebuild_name_keys
from crm.db.revision import current_revision
from crm.transfer import importer
from crm.transfer.importer import CannotImportError, ImportFailedError, import_table
from crm.transfer.reading import read_table
from crm.transfer.writer import Writer
from tests.transfer.generate import HEADERS, people

Factory = async_sessionmaker[AsyncSession]


async def count(db: Factory, model: Any) -> int:
    async with db() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def revision(db: Factory) -> int:
    async with db() as session:
        return await current_revision(session)


async def keys_match_a_rebuild(db: Factory) -> None:
    """The imported name keys are exactly those the write paths' derivation gives."""
    statement = select(
        models.NameKey.entity, models.NameKey.entity_id, models.NameKey.key, models.NameKey.kind
    )
    async with db() as session, session.begin():
        sqlite = session.bind.dialect.name == "sqlite"
        imported = {tuple(row) for row in await session.execute(statement)}
        found = await _fts_matches(session) if sqlite else None
        await rebuild_name_keys(session)
        rebuilt = {tuple(row) for row in await session.execute(statement)}
        if sqlite:
            # the FTS index (filled by the import, not by its trigger) finds the same keys
            assert found == await _fts_matches(session)
            trigger = "SELECT count(*) FROM sqlite_master WHERE name = 'name_key_fts_insert'"
            assert (await session.execute(text(trigger))).scalar() == 1
        await session.rollback()
    assert imported == rebuilt


async def _fts_matches(session: AsyncSession) -> set[tuple[Any, ...]]:
    found: set[tuple[Any, ...]] = set()
    for query in ("chen", "陈建国", "ong", "黄志明", "淑芬"):
        rows = await session.execute(
            text(
                "SELECT n.entity, n.entity_id, n.key FROM name_key_fts f "
                "JOIN name_key n ON n.id = f.rowid WHERE name_key_fts MATCH :q"
            ),
            {"q": f'"{query}"'},
        )
        found |= {(query, *row) for row in rows}
    return found


def table_of(data: str) -> Any:
    return read_table(data.encode(), "file.csv")


async def test_ten_thousand_rows_with_errors(db: Factory) -> None:
    generated = people(10_000)
    before = await revision(db)
    table = read_table(generated.csv("gb18030"), "people.csv")
    report = await import_table(db, table, "person")

    assert report.encoding == "gb18030"
    assert report.rows == 10_000
    assert (report.created, report.updated, report.skipped) == (
        generated.created,
        0,
        len(generated.skipped),
    )
    assert {r.row - 2: r.reason[: len(generated.rejected[r.row - 2])] for r in report.rejected} == (
        generated.rejected
    )
    assert 7_000 < report.created < 9_500  # the generator's mix, as a sanity check
    assert await count(db, models.Person) == generated.created
    assert await revision(db) == before + 1
    await keys_match_a_rebuild(db)
    async with db() as session:  # the key index a first load drops is built again
        sqlite = session.bind.dialect.name == "sqlite"
        index = text(
            "SELECT count(*) FROM sqlite_master WHERE name = 'ix_name_key_key'"
            if sqlite
            else "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_name_key_key'"
        )
        assert (await session.execute(index)).scalar() == 1

    rejects = list(csv.reader(io.StringIO(report.rejects_csv())))
    assert rejects[0] == [*HEADERS, "row", "reason"]
    assert len(rejects) - 1 == len(generated.rejected)
    first = rejects[1]
    index = int(first[-2]) - 2
    assert first[: len(HEADERS)] == generated.rows[index]
    assert first[-1].startswith(generated.rejected[index])


@pytest.mark.parametrize("form", ["utf-8-sig", "big5", "xlsx"])
async def test_every_encoding_gives_the_same_counts(db: Factory, form: str) -> None:
    generated = people(400, seed=9)
    data = generated.xlsx() if form == "xlsx" else generated.csv(form)
    report = await import_table(db, read_table(data, f"people.{form[:4]}"), "person")
    assert report.created == generated.created
    assert report.skipped == len(generated.skipped)
    assert {r.row - 2 for r in report.rejected} == set(generated.rejected)
    await keys_match_a_rebuild(db)


async def test_a_failure_leaves_nothing(db: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = people(5_000, seed=3)
    before = await revision(db)
    calls = 0
    original = Writer.after_created

    async def fail_on_the_second_chunk(self: Any, rows: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("the disk is full")
        await original(self, rows)

    monkeypatch.setattr(Writer, "after_created", fail_on_the_second_chunk)
    with pytest.raises(ImportFailedError, match="the disk is full") as failed:
        await import_table(db, read_table(generated.csv("utf-8"), "p.csv"), "person")
    assert failed.value.report.committed == 0
    assert failed.value.report.resume_at == 2  # the first data row; the header is row 1
    for model in (models.Person, models.NameKey, models.GraphChange, models.Affiliation):
        assert await count(db, model) == 0
    assert await revision(db) == before
    async with db() as session:
        # What a first load drops for the duration (the FTS trigger, the key index) is
        # back after the failure.
        if session.bind.dialect.name == "sqlite":
            found = text("SELECT count(*) FROM sqlite_master WHERE name IN (:a, :b)")
            names = {"a": "name_key_fts_insert", "b": "ix_name_key_key"}
            assert (await session.execute(found, names)).scalar() == 2
        else:
            index = text("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_name_key_key'")
            assert (await session.execute(index)).scalar() == 1


async def test_batches_commit_and_resume(db: Factory, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = people(3_000, seed=4)
    table = read_table(generated.csv("utf-8"), "p.csv")
    original = Writer.finish
    finished = 0

    async def fail_in_the_second_batch(self: Any) -> None:
        nonlocal finished
        finished += 1
        if finished == 2:
            raise RuntimeError("connection lost")
        await original(self)

    monkeypatch.setattr(Writer, "finish", fail_in_the_second_batch)
    with pytest.raises(ImportFailedError) as failed:
        await import_table(db, table, "person", batch_size=1_000)
    report = failed.value.report
    # rows as a spreadsheet numbers them: the header is row 1
    assert (report.committed, report.resume_at) == (1_000, 1_002)
    assert "rows 1002–2001" in (report.failure or "")
    first_batch = await count(db, models.Person)
    assert 0 < first_batch < 1_000
    monkeypatch.setattr(Writer, "finish", original)

    rest = await import_table(db, table, "person", batch_size=1_000, start=report.resume_at)
    assert rest.rows == 2_000
    assert first_batch + rest.created == generated.created
    assert await count(db, models.Person) == generated.created
    await keys_match_a_rebuild(db)


PEOPLE = """姓名,英文名,出生年份,国家,邮箱,电话,城市,单位,职务
陳建國,Kin-Kwok Chan,1968,英国,kk@example.org,+447911123456,London,中国科学院,研究员
张伟,,1980,中国,zw1@example.org,,,,
张伟,,1985,中国,zw2@example.org,,,,
"""
ORGANIZATIONS = """名称,英文名称,类型,国家,上级机构
中国科学院,Chinese Academy of Sciences,研究院,中国,
中国科学院福建物质结构研究所,,研究所,中国,中国科学院
牛津大学中国校友会,,校友会,英国,
"""


async def _load(db: Factory, entity: str, data: str, **options: Any) -> importer.ImportReport:
    return await import_table(db, table_of(data), entity, **options)


async def test_duplicate_policies(db: Factory) -> None:
    await _load(db, "organization", ORGANIZATIONS)
    first = await _load(db, "person", PEOPLE)
    assert (first.created, first.rejected) == (3, [])
    again = "姓名,邮箱,城市\n陈建国,kk@example.org,Cambridge\n"
    skipped = await _load(db, "person", again)
    assert (skipped.created, skipped.skipped) == (0, 1)
    updated = await _load(db, "person", again, on_duplicate="update")
    assert (updated.created, updated.updated) == (0, 1)
    async with db() as session:
        person = (
            await session.execute(
                select(models.Person).where(models.Person.email == "kk@example.org")
            )
        ).scalar_one()
        assert (person.city, person.version, person.name, person.country) == (
            "Cambridge",
            2,
            "陈建国",  # the file's columns win; the ones it leaves out stay
            "GB",
        )
        employer = (
            await session.execute(
                select(models.Affiliation).where(models.Affiliation.person_id == person.id)
            )
        ).scalar_one()
        assert (employer.role, employer.title) == ("employee", "研究员")
    created = await _load(db, "person", again, on_duplicate="create")
    assert created.created == 1
    # Same name and birth year, another email: another person; no email: the same one.
    namesakes = "姓名,出生年份,邮箱\n张伟,1980,zw3@example.org\n张伟,1980,\n"
    result = await _load(db, "person", namesakes)
    assert (result.created, result.skipped) == (1, 1)
    await keys_match_a_rebuild(db)


async def test_links_by_natural_keys(db: Factory) -> None:
    organizations = await _load(db, "organization", ORGANIZATIONS)
    assert organizations.created == 3
    async with db() as session:
        child = (
            await session.execute(
                select(models.Organization).where(
                    models.Organization.name == "中国科学院福建物质结构研究所"
                )
            )
        ).scalar_one()
        assert child.parent_id is not None
    await _load(db, "person", PEOPLE)
    affiliations = """姓名,邮箱,单位,角色,开始日期,结束日期,学位
陈建国,,CAS,顾问,,,
Kin-Kwok Chan,,牛津大学中国校友会,校友,2010,2014,博士
张伟,,中国科学院,会员,,,
张伟,zw2@example.org,中国科学院,会员,,,
Nobody,,中国科学院,会员,,,
陈建国,,Nowhere Institute,会员,,,
陈建国,,CAS,顾问,,,
"""
    report = await _load(db, "affiliation", affiliations)
    assert (report.created, report.skipped) == (3, 1)
    reasons = {r.row: r.reason for r in report.rejected}
    assert reasons[4].startswith("person: '张伟' is ambiguous: 2 persons match")
    assert reasons[6] == "person: no person 'Nobody'"
    assert reasons[7] == "organization: no organisation 'Nowhere Institute'"
    # A relationship is stored with the lower key first; an ID column works too.
    async with db() as session:
        ids = dict(
            [
                tuple(row)
                for row in await session.execute(select(models.Person.email, models.Person.id))
            ]
        )
    relationships = (
        f"person_a_id,person_b,person b email,关系,强度\n"
        f"{ids['zw2@example.org']},陈建国,,同事,0.8\n"
        f"{ids['zw1@example.org']},张伟,zw2@example.org,同学,1.5\n"
    )
    report = await _load(db, "relationship", relationships)
    assert report.created == 1
    assert report.rejected[0].reason == "strength: strength must be between 0 and 1"
    async with db() as session:
        tie = (await session.execute(select(models.Relationship))).scalar_one()
        assert tie.person_a_id < tie.person_b_id
    await keys_match_a_rebuild(db)


async def test_every_kind_of_record(db: Factory) -> None:
    await _load(db, "organization", ORGANIZATIONS)
    await _load(db, "person", PEOPLE)
    events = """活动名称,类型,开始日期,所属活动,主办单位
首届海外华侨华人人才发展大会,大会,2023-12-21,,
人工智能专场,分会场,2023-12-22,首届海外华侨华人人才发展大会,中国科学院
"""
    assert (await _load(db, "event", events)).created == 2
    projects = "项目名称,项目类型,阶段,活动,意向金额\n海洋芯片,创业项目,洽谈,人工智能专场,1.5亿\n"
    assert (await _load(db, "project", projects)).created == 1
    positions = "单位,岗位,人数,岗位类型\n中国科学院,研究员,3,full_time\n"
    assert (await _load(db, "position", positions)).created == 1
    agreements = (
        "协议名称,类型,状态,签约日期,项目\n"
        "海洋芯片合作,cooperation,signed,,海洋芯片\n"
        "芯片投资,investment,signed,2023-12-22,海洋芯片\n"
    )
    report = await _load(db, "agreement", agreements)
    assert report.created == 1
    assert report.rejected[0].reason == "signedOn: a signed agreement needs the date it was signed"
    links = {
        "attendance": "姓名,活动,角色\n陈建国,人工智能专场,演讲嘉宾\n张伟,人工智能专场,嘉宾\n",
        "participation": (
            "项目,单位,姓名,角色\n海洋芯片,中国科学院,,lead\n海洋芯片,,陈建国,adviser\n"
            "海洋芯片,中国科学院,陈建国,host\n"
        ),
        "agreement_party": "协议,单位\n芯片投资,中国科学院\n",
        "application": "姓名,邮箱,岗位,单位,阶段\n张伟,zw1@example.org,研究员,中国科学院,筛选\n",
        "interaction": (
            "类型,时间,摘要,参与人\n会面,2024-01-15 10:00,面谈,陈建国；张伟 \n"
            "电话,2024-01-16T09:00:00+08:00,回访,陈建国\n"
        ),
    }
    expected = {
        "attendance": (1, 1),
        "participation": (2, 1),
        "agreement_party": (1, 0),
        "application": (1, 0),
        "interaction": (1, 1),
    }
    for entity, data in links.items():
        report = await _load(db, entity, data)
        assert (report.created, len(report.rejected)) == expected[entity], (entity, report)
    async with db() as session:
        history = await session.execute(select(func.count()).select_from(models.ProjectStageChange))
        assert history.scalar_one() == 1
        stage = await session.execute(select(models.ApplicationStageChange.to_stage))
        assert stage.scalar_one() == "screening"
        contacted = await session.execute(
            select(models.Person.last_contacted_at).where(models.Person.name == "陳建國")
        )
        assert contacted.scalar_one() is not None


async def test_dry_run_changes_nothing(db: Factory) -> None:
    before = await revision(db)
    report = await _load(db, "person", PEOPLE, dry_run=True)
    assert (report.created, report.dry_run) == (2, True)
    # no organisations yet: the employer cannot be found
    assert [r.reason for r in report.rejected] == ["organization: no organisation '中国科学院'"]
    assert await count(db, models.Person) == 0
    assert await revision(db) == before


async def test_a_file_without_a_needed_column_is_refused(db: Factory) -> None:
    with pytest.raises(CannotImportError, match="no column for name"):
        await _load(db, "person", "邮箱,城市\na@example.org,London\n")
    with pytest.raises(CannotImportError, match="no column for person"):
        await _load(db, "affiliation", "单位\n中国科学院\n")


async def test_an_erased_person_is_not_imported_again(db: Factory) -> None:
    from crm.db.queries.erasure import erasure_key_hashes

    async with db() as session, session.begin():
        erasure = models.Erasure(reason="request 2026-114")
        session.add(erasure)
        await session.flush()
        hashes = erasure_key_hashes(name="陈建国", birth_year=1968, email="kk@example.org")
        session.add_all([models.ErasureKey(erasure_id=erasure.id, key_hash=h) for h in hashes])
    data = "姓名,出生年份,邮箱\n陳建國,1968,\n王芳,1990,\n某人,,KK@example.org\n"
    report = await _load(db, "person", data)
    assert report.created == 1
    assert [r.row for r in report.rejected] == [2, 4]
    assert all("was erased on" in r.reason for r in report.rejected)


async def test_introductions_start_requested_with_their_history(db: Factory) -> None:
    await _load(db, "organization", ORGANIZATIONS)
    await _load(db, "person", PEOPLE)
    introductions = (
        "seeker,seeker_email,target_person,target_person_email,target_organization,broker,"
        "purpose,requested_at\n"
        "张伟,zw1@example.org,,,CAS,陈建国,a research post,2024-01-15T09:00:00+08:00\n"
        "张伟,zw2@example.org,陈建国,,,,advice on a start-up,\n"
        "张伟,zw1@example.org,张伟,zw1@example.org,,,themselves,\n"
        "张伟,zw2@example.org,,,,,no target,\n"
        "张伟,zw2@example.org,陈建国,,CAS,,two targets,\n"
    )
    before = await revision(db)
    report = await _load(db, "introduction", introductions)
    assert report.created == 2
    assert sorted(r.row for r in report.rejected) == [4, 5, 6]
    async with db() as session:
        rows = (await session.execute(select(models.Introduction))).scalars().all()
        assert {r.status for r in rows} == {"requested"}
        assert {r.purpose for r in rows} == {"a research post", "advice on a start-up"}
        history = (await session.execute(select(models.IntroductionStatusChange))).scalars()
        moves = sorted((h.introduction_id, h.from_status, h.to_status) for h in history)
        assert moves == sorted((r.id, None, "requested") for r in rows)
    assert await revision(db) == before + 1  # the network has new edges
