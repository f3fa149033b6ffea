"""auditLog: every filter (actor, action, entity, record, from, to), pages newest first
through cursors, the page-size cap; contact reads by an administrator are logged too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry import relay

from crm.db.enums import UserRole
from tests.accounts import make_user
from tests.api.conftest import GraphQLClient

LOG = """query($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id at action entity entityId actorLabel actor { id } changes } }
  }
}"""
CREATE = """mutation($name: String!) {
  createPerson(input: {name: $name, email: "someone@example.org"}) {
    person { id } errors { code } } }"""
EMAILS = "{ people(first: 10) { edges { node { email phone } } } }"


async def _log(gql: GraphQLClient, **variables: Any) -> dict[str, Any]:
    log: dict[str, Any] = (await gql(LOG, **variables))["auditLog"]
    return log


async def test_the_log_filters_and_pages_newest_first(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    liaison_key, liaison_token = await make_user(
        session_factory, UserRole.LIAISON, username="liaison-log"
    )
    liaison_id = str(relay.GlobalID("User", str(liaison_key)))
    liaison = gql.as_user(liaison_token)
    mine = await liaison.mutate(CREATE, name="陈建国")
    for name in ("李伟", "王芳", "黄志明"):
        await gql.mutate(CREATE, name=name)
    # an administrator reading contact channels is logged like anyone else
    assert len((await gql(EMAILS))["people"]["edges"]) == 4

    everything = await _log(gql, first=100)
    assert everything["totalCount"] == len(everything["edges"]) >= 8
    moments = [edge["node"]["at"] for edge in everything["edges"]]
    assert moments == sorted(moments, reverse=True)  # newest first
    assert everything["edges"][0]["node"]["action"] == "READ_CONTACT"

    by_liaison = await _log(gql, filter={"actor": liaison_id})
    assert {e["node"]["actorLabel"] for e in by_liaison["edges"]} == {"liaison-log"}
    assert {e["node"]["actor"]["id"] for e in by_liaison["edges"]} == {liaison_id}
    assert {e["node"]["entity"] for e in by_liaison["edges"]} == {"person"}

    reads = await _log(gql, filter={"action": ["READ_CONTACT"]})
    assert reads["totalCount"] == 4  # one per person read, in one request
    assert {tuple(e["node"]["changes"]["fields"]) for e in reads["edges"]} == {("email",)}
    both = await _log(gql, filter={"action": ["READ_CONTACT", "CREATE"], "entity": "person"})
    assert both["totalCount"] == 8
    assert (await _log(gql, filter={"entity": "organization"}))["totalCount"] == 0
    record = await _log(gql, filter={"record": mine["person"]["id"]})
    assert [e["node"]["action"] for e in record["edges"]] == ["READ_CONTACT", "CREATE"]

    now = datetime.now(UTC)
    later = (now + timedelta(minutes=5)).isoformat()
    earlier = (now - timedelta(hours=1)).isoformat()
    assert (await _log(gql, filter={"from": later}))["totalCount"] == 0
    assert (await _log(gql, filter={"to": earlier}))["totalCount"] == 0
    window = await _log(gql, filter={"from": earlier, "to": later})
    assert window["totalCount"] == everything["totalCount"]

    # pages of three through cursors: the same entries, in the same order, once each
    seen: list[str] = []
    after = None
    while True:
        page = await _log(gql, first=3, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [edge["node"]["id"] for edge in everything["edges"]]

    too_many = await gql.execute(LOG, first=1000)
    assert "at most" in too_many["errors"][0]["message"]
    bad = await gql.execute(LOG, filter={"actor": mine["person"]["id"]})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
