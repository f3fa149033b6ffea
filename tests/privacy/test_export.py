"""exportPersonData: everything held about a person, for administrators only, audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from crm.db import models
from crm.db.enums import AuditAction, UserRole
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient
from tests.privacy.people import EMAIL, NAME, TRADITIONAL, World, gid

EXPORT = "query($id: ID!) { exportPersonData(id: $id) { data errors { field code message } } }"


async def test_the_export_holds_every_row_about_the_person(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession], world: World
) -> None:
    result = (await gql(EXPORT, id=gid("Person", world.person)))["exportPersonData"]
    assert result["errors"] == []
    data = result["data"]
    assert data["person"]["name"] == NAME
    assert data["person"]["email"] == EMAIL
    assert data["person"]["id"] == world.person
    counts = {section: len(rows) for section, rows in data.items() if isinstance(rows, list)}
    assert counts == {
        "affiliations": 1,
        "relationships": 2,
        "attendances": 1,
        "participations": 1,
        "agreement_parties": 1,
        "applications": 1,
        "introductions": 3,  # as the seeker, the target and the broker
        "interactions": 2,
        "consents": 1,
        "metrics": 3,
        "merge_records": 1,
        "shares": 1,
        "audit_entries": counts["audit_entries"],
    }
    assert data["affiliations"][0]["organization_name"] == "剑桥大学中国学联"
    assert data["applications"][0]["position_title"] == "研究员"
    assert [h["to_stage"] for h in data["applications"][0]["stage_history"]] == ["submitted"]
    roles = sorted(role for i in data["introductions"] for role in i["as"])
    assert roles == ["broker", "seeker", "target"]
    assert all("status_history" in i for i in data["introductions"])
    assert data["merge_records"][0]["absorbed_name"] == TRADITIONAL
    assert {m["metric"] for m in data["metrics"]} == {"pagerank", "betweenness", "community"}
    assert data["exported_at"]
    async with session_factory() as s:
        actions = (
            await s.execute(
                select(col(models.AuditEntry.action)).where(
                    col(models.AuditEntry.entity) == "person",
                    col(models.AuditEntry.entity_id) == world.person,
                )
            )
        ).scalars()
        assert AuditAction.EXPORT in list(actions)


async def test_only_an_administrator_exports(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession], world: World
) -> None:
    person = gid("Person", world.person)
    for role in (UserRole.LIAISON, UserRole.ANALYST, UserRole.APP):
        _, token = await make_user(session_factory, role, scopes=["Person"])
        body = await gql.as_user(token).execute(EXPORT, id=person)
        refusal = body.get("errors") or body["data"]["exportPersonData"]["errors"]
        assert refusal, role
        codes = {e.get("code") or e.get("extensions", {}).get("code") for e in refusal}
        assert codes == {"FORBIDDEN"}, (role, refusal)
        if body.get("data") and body["data"]["exportPersonData"]:  # null: refused
            assert body["data"]["exportPersonData"]["data"] is None
    missing = (await gql(EXPORT, id=gid("Person", 10**8)))["exportPersonData"]
    assert missing["data"] is None
    assert missing["errors"][0]["code"] == "NOT_FOUND"
    wrong = (await gql(EXPORT, id=gid("Event", 1)))["exportPersonData"]
    assert wrong["errors"][0]["code"] == "VALIDATION"
