"""retentionUntil on people, interactions, introductions and applications, and `crm purge`
that removes what is kept past it (people through erasure, with tombstones)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col
from strawberry import relay

from crm.db import models
from crm.db.enums import AuditAction, InteractionKind
from crm.db.queries.erasure import erased_match
from crm.resolvers.purge import purge
from tests import factories
from tests.api.conftest import GraphQLClient
from tests.conftest import _empty_tables

CRM = str(Path(sys.executable).with_name("crm"))
TODAY = date.today()
PAST, FUTURE = TODAY - timedelta(days=1), TODAY + timedelta(days=30)


def gid(type_name: str, key: int | None) -> str:
    return str(relay.GlobalID(type_name, str(key)))


def key(row: Any) -> int:
    assert row.id is not None
    return int(row.id)


async def test_retention_until_is_set_and_read_on_every_kind_of_record(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    async with session_factory() as s, s.begin():
        org = await factories.organization(s)
        position = await factories.add(s, models.Position(organization_id=key(org), title="x"))
    day = "2031-12-31"
    person = (
        await gql.mutate(
            """mutation($input: CreatePersonInput!) { createPerson(input: $input) {
                 person { id version retentionUntil } errors { code } } }""",
            input={"name": "周保存", "retentionUntil": day},
        )
    )["person"]
    assert person["retentionUntil"] == day
    cleared = await gql.mutate(
        """mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
             person { retentionUntil } errors { code } } }""",
        input={"id": person["id"], "expectedVersion": person["version"], "retentionUntil": None},
    )
    assert cleared["person"]["retentionUntil"] is None
    interaction = await gql.mutate(
        """mutation($input: CreateInteractionInput!) { createInteraction(input: $input) {
             interaction { id version retentionUntil } errors { code } } }""",
        input={
            "kind": "CALL",
            "occurredAt": "2026-01-01T09:00:00Z",
            "summary": "call",
            "participants": [person["id"]],
            "retentionUntil": day,
        },
    )
    assert interaction["interaction"]["retentionUntil"] == day
    updated = await gql.mutate(
        """mutation($input: UpdateInteractionInput!) { updateInteraction(input: $input) {
             interaction { retentionUntil } errors { code } } }""",
        input={
            "id": interaction["interaction"]["id"],
            "expectedVersion": interaction["interaction"]["version"],
            "retentionUntil": "2032-01-01",
        },
    )
    assert updated["interaction"]["retentionUntil"] == "2032-01-01"
    other = (
        await gql.mutate(
            """mutation($input: CreatePersonInput!) { createPerson(input: $input) {
                 person { id } errors { code } } }""",
            input={"name": "吴目标"},
        )
    )["person"]
    introduction = await gql.mutate(
        """mutation($input: CreateIntroductionInput!) { createIntroduction(input: $input) {
             introduction { id version retentionUntil } errors { code } } }""",
        input={"seeker": person["id"], "targetPerson": other["id"], "retentionUntil": day},
    )
    assert introduction["introduction"]["retentionUntil"] == day
    updated = await gql.mutate(
        """mutation($input: UpdateIntroductionInput!) { updateIntroduction(input: $input) {
             introduction { retentionUntil } errors { code } } }""",
        input={
            "id": introduction["introduction"]["id"],
            "expectedVersion": introduction["introduction"]["version"],
            "retentionUntil": None,
        },
    )
    assert updated["introduction"]["retentionUntil"] is None
    application = await gql.mutate(
        """mutation($input: CreateApplicationInput!) { createApplication(input: $input) {
             application { id version retentionUntil } errors { code } } }""",
        input={"person": person["id"], "position": gid("Position", key(position)),
               "retentionUntil": day},
    )  # fmt: skip
    assert application["application"]["retentionUntil"] == day
    updated = await gql.mutate(
        """mutation($input: UpdateApplicationInput!) { updateApplication(input: $input) {
             application { retentionUntil } errors { code } } }""",
        input={
            "id": application["application"]["id"],
            "expectedVersion": application["application"]["version"],
            "retentionUntil": "2040-02-29",
        },
    )
    assert updated["application"]["retentionUntil"] == "2040-02-29"
    for bad in ("2031-02-30", "next year", "2031-12-31T00:00:00Z"):
        body = await gql.execute(
            """mutation($input: CreatePersonInput!) { createPerson(input: $input) {
                 person { id } errors { code } } }""",
            input={"name": "无效日期", "retentionUntil": bad},
        )
        assert body.get("data") is None, bad
        assert body["errors"], bad


@dataclass
class Records:
    expired_person: int
    kept_person: int
    interactions: dict[str, int]
    introductions: dict[str, int]
    applications: dict[str, int]


@pytest.fixture
async def records(session_factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[Records]:
    """Of each kind: one expired yesterday, one kept until later, one without a date
    (removed again after the test)."""
    async with session_factory() as s, s.begin():
        gone = await factories.person(
            s, name="过期人", birth_year=1960, email="gone@example.org", retention_until=PAST
        )
        kept = await factories.person(s, name="保留人", retention_until=FUTURE)
        plain = await factories.person(s, name="普通人")
        org = await factories.organization(s)
        interactions, introductions, applications = {}, {}, {}
        for label, until in (("expired", PAST), ("kept", FUTURE), ("none", None)):
            interaction = await factories.add(
                s,
                models.Interaction(
                    kind=InteractionKind.NOTE, occurred_at=datetime(2025, 1, 1, tzinfo=UTC),
                    summary=label, retention_until=until,
                ),
            )  # fmt: skip
            await factories.add(
                s,
                models.InteractionParticipant(interaction_id=key(interaction), person_id=key(kept)),
            )
            interactions[label] = key(interaction)
            introduction = await factories.add(
                s,
                models.Introduction(
                    seeker_id=key(kept), target_person_id=key(plain), retention_until=until
                ),
            )
            introductions[label] = key(introduction)
            position = await factories.add(
                s, models.Position(organization_id=key(org), title=label)
            )
            application = await factories.add(
                s,
                models.Application(
                    person_id=key(plain), position_id=key(position), retention_until=until
                ),
            )
            applications[label] = key(application)
        # the expired person's own link goes with them
        await factories.add(
            s,
            models.InteractionParticipant(interaction_id=interactions["kept"], person_id=key(gone)),
        )
    yield Records(key(gone), key(kept), interactions, introductions, applications)
    await _empty_tables(session_factory)


async def _exists(factory: async_sessionmaker[AsyncSession], model: Any, key: int) -> bool:
    async with factory() as s:
        return await s.get(model, key) is not None


async def test_purge_erases_expired_people_and_deletes_expired_records(
    session_factory: async_sessionmaker[AsyncSession], session: AsyncSession, records: Records
) -> None:
    dry = await purge(session_factory, today=TODAY, dry_run=True)
    assert dry.erased == [records.expired_person]
    expected = {
        "person": 1,
        "interaction_participant": 2,
        "interaction": 1,
        "introduction": 1,
        "application": 1,
    }
    assert dry.removed == expected
    assert await _exists(session_factory, models.Person, records.expired_person)
    assert await _exists(session_factory, models.Interaction, records.interactions["expired"])

    done = await purge(session_factory, today=TODAY)
    assert done.removed == expected
    assert done.expired == {
        "interaction": [records.interactions["expired"]],
        "introduction": [records.introductions["expired"]],
        "application": [records.applications["expired"]],
    }
    assert not await _exists(session_factory, models.Person, records.expired_person)
    assert await _exists(session_factory, models.Person, records.kept_person)
    for model, ids in (
        (models.Interaction, records.interactions),
        (models.Introduction, records.introductions),
        (models.Application, records.applications),
    ):
        assert not await _exists(session_factory, model, ids["expired"])
        assert await _exists(session_factory, model, ids["kept"])
        assert await _exists(session_factory, model, ids["none"])
    assert await erased_match(
        session, name="过期人", name_latin=None, birth_year=1960, email=None, phone=None
    )
    entries = (
        await session.execute(
            select(
                col(models.AuditEntry.action),
                col(models.AuditEntry.entity),
                col(models.AuditEntry.actor_label),
            )
        )
    ).all()
    # One entry per removed row by the command line (the setup's rows are the system's).
    by_cli = {(a.value, e) for a, e, who in entries if who == "cli"}
    assert {
        ("delete", "application"),
        ("delete", "interaction"),
        ("delete", "introduction"),
        ("delete", "person"),
        ("erase", "person"),
    } <= by_cli
    assert {action for action, _ in by_cli} == {"delete", "erase"}
    again = await purge(session_factory, today=TODAY)
    assert again.removed == {}
    assert again.erased == []


async def test_crm_purge_prints_what_it_removes_per_table(
    database_url: str, session_factory: async_sessionmaker[AsyncSession], records: Records
) -> None:
    env = {**os.environ, "CRM_DATABASE_URL": database_url}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [CRM, "purge", *args], env=env, capture_output=True, text=True, timeout=120,
            check=False,
        )  # fmt: skip

    dry = await asyncio.to_thread(run, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    lines = dict(line.split("\t") for line in dry.stdout.splitlines())
    assert lines == {
        "application": "1",
        "interaction": "1",
        "interaction_participant": "2",
        "introduction": "1",
        "person": "1",
    }
    assert "would remove" in dry.stderr
    assert "6 rows" in dry.stderr
    assert await _exists(session_factory, models.Person, records.expired_person)
    done = await asyncio.to_thread(run)
    assert done.returncode == 0, done.stderr
    assert done.stdout == dry.stdout
    assert "removed" in done.stderr
    assert not await _exists(session_factory, models.Person, records.expired_person)
    async with session_factory() as s:
        erasures = (await s.execute(select(func.count()).select_from(models.Erasure))).scalar()
        assert erasures == 1
        kinds = (
            await s.execute(
                select(col(models.AuditEntry.action)).where(
                    col(models.AuditEntry.actor_label) == "cli"
                )
            )
        ).scalars()
        # one ERASE for the person; a DELETE for every row that went (links included)
        counted = Counter(k.value for k in kinds)
        assert counted["erase"] == 1
        assert counted["delete"] >= 4
        assert set(counted) == {"delete", "erase"}
    assert AuditAction.ERASE.value == "erase"
