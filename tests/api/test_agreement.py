"""Agreements and their parties through GraphQL: create, read, filter, order, update, delete."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from strawberry.relay import to_base64

from crm.db import models
from crm.db.enums import ProjectKind
from tests import factories
from tests.api.conftest import GraphQLClient
from tests.api.test_position import organization, person

ERRORS = "errors { field message code currentVersion }"
FIELDS = "id version title kind status amount currency signedOn description"
CREATE = f"""
mutation($input: CreateAgreementInput!) {{
  createAgreement(input: $input) {{
    agreement {{ {FIELDS} event {{ id }} project {{ id name }} }} {ERRORS}
  }}
}}"""
UPDATE = f"""
mutation($input: UpdateAgreementInput!) {{
  updateAgreement(input: $input) {{ agreement {{ {FIELDS} }} {ERRORS} }}
}}"""
DELETE = f"""
mutation($input: DeleteAgreementInput!) {{
  deleteAgreement(input: $input) {{ deletedId {ERRORS} }}
}}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Agreement {{ {FIELDS} }} }} }}"
LIST = """query($f: AgreementFilter, $o: [AgreementOrder!]) {
  agreements(filter: $f, orderBy: $o) { totalCount edges { node { title } } } }"""
ADD_PARTY = f"""
mutation($input: CreateAgreementPartyInput!) {{
  createAgreementParty(input: $input) {{
    agreementParty {{
      id version role agreement {{ id }} organization {{ id }} person {{ id name }}
    }}
    {ERRORS}
  }}
}}"""
UPDATE_PARTY = f"""
mutation($input: UpdateAgreementPartyInput!) {{
  updateAgreementParty(input: $input) {{ agreementParty {{ id version role }} {ERRORS} }}
}}"""
DELETE_PARTY = f"""
mutation($input: DeleteAgreementPartyInput!) {{
  deleteAgreementParty(input: $input) {{ deletedId {ERRORS} }}
}}"""
PARTIES = """query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on Agreement {
    parties(first: $first, after: $after, last: $last, before: $before) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { role organization { id } person { id } } } } } } }"""


async def event(session_factory: async_sessionmaker[AsyncSession]) -> str:
    async with session_factory() as session, session.begin():
        row = await factories.event(session)
    return to_base64("Event", row.id)


async def project(session_factory: async_sessionmaker[AsyncSession]) -> str:
    async with session_factory() as session, session.begin():
        row = await factories.add(
            session, models.Project(name="新能源电池项目", kind=ProjectKind.INVESTMENT)
        )
    return to_base64("Project", row.id)


async def create_agreement(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    fields.setdefault("title", "人才合作框架协议")
    fields.setdefault("kind", "COOPERATION")
    agreement: dict[str, Any] = (await gql.mutate(CREATE, input=fields))["agreement"]
    return agreement


async def errors_of(gql: GraphQLClient, query: str, **variables: Any) -> dict[tuple[str, ...], str]:
    (payload,) = (await gql(query, **variables)).values()
    assert all(v is None for k, v in payload.items() if k != "errors")
    return {tuple(e["field"]): e["code"] for e in payload["errors"]}


async def count(gql: GraphQLClient) -> int:
    return int((await gql("{ agreements { totalCount } }"))["agreements"]["totalCount"])


async def test_create_cleans_input_and_links_event_and_project(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    ev, pr = await event(session_factory), await project(session_factory)
    agreement = await create_agreement(
        gql,
        title="  新能源投资协议 ",
        kind="INVESTMENT",
        status="SIGNED",
        signedOn="2025-06-18",
        amount="120000000.5",
        currency="usd",
        event=ev,
        project=pr,
    )
    assert agreement["title"] == "新能源投资协议"
    assert (agreement["kind"], agreement["status"]) == ("INVESTMENT", "SIGNED")
    assert (agreement["amount"], agreement["currency"]) == ("120000000.50", "USD")
    assert agreement["signedOn"] == "2025-06-18"
    assert agreement["event"] == {"id": ev}
    assert agreement["project"] == {"id": pr, "name": "新能源电池项目"}
    node = (await gql(NODE, id=agreement["id"]))["node"]
    assert node == {k: v for k, v in agreement.items() if k not in ("event", "project")}


async def test_defaults_apply_when_left_out(gql: GraphQLClient) -> None:
    agreement = await create_agreement(gql)
    assert (agreement["status"], agreement["currency"], agreement["version"]) == (
        "INTENTION",
        "CNY",
        1,
    )
    assert (agreement["amount"], agreement["signedOn"], agreement["project"]) == (None, None, None)


async def test_bad_input_returns_every_problem_and_creates_nothing(gql: GraphQLClient) -> None:
    bad = {"title": " ", "kind": "COOPERATION", "amount": "-1", "currency": "yuan"}
    assert await errors_of(gql, CREATE, input=bad) == {
        ("title",): "VALIDATION",
        ("amount",): "VALIDATION",
        ("currency",): "VALIDATION",
    }
    signed = {"title": "协议", "kind": "EMPLOYMENT", "status": "SIGNED"}
    assert await errors_of(gql, CREATE, input=signed) == {("signedOn",): "VALIDATION"}
    assert await count(gql) == 0


async def test_references_of_wrong_type_are_validation_and_missing_ones_not_found(
    gql: GraphQLClient,
) -> None:
    org = await organization(gql)
    wrong = {"title": "协议", "kind": "MECHANISM", "event": org, "project": org}
    assert await errors_of(gql, CREATE, input=wrong) == {
        ("event",): "VALIDATION",
        ("project",): "VALIDATION",
    }
    missing = {**wrong, "event": to_base64("Event", 999_999), "project": to_base64("Project", 9)}
    assert await errors_of(gql, CREATE, input=missing) == {
        ("event",): "NOT_FOUND",
        ("project",): "NOT_FOUND",
    }
    assert await count(gql) == 0


async def test_update_changes_only_sent_fields_and_checks_the_version(gql: GraphQLClient) -> None:
    agreement = await create_agreement(gql, amount="100", description="草案")
    update = {"id": agreement["id"], "expectedVersion": 1}
    payload = await gql.mutate(
        UPDATE, input={**update, "status": "SIGNED", "signedOn": "2025-01-02"}
    )
    changed = payload["agreement"]
    assert (changed["version"], changed["status"], changed["signedOn"]) == (
        2,
        "SIGNED",
        "2025-01-02",
    )
    assert (changed["amount"], changed["description"]) == ("100.00", "草案")
    data = await gql(UPDATE, input={**update, "title": "新标题"})
    (error,) = data["updateAgreement"]["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    assert (await gql(NODE, id=agreement["id"]))["node"]["title"] == "人才合作框架协议"


async def test_update_keeps_a_signed_agreement_dated(gql: GraphQLClient) -> None:
    agreement = await create_agreement(gql)
    update = {"id": agreement["id"], "expectedVersion": 1}
    # The date is neither sent nor stored: the database's rule reports the same field.
    assert await errors_of(gql, UPDATE, input={**update, "status": "SIGNED"}) == {
        ("signedOn",): "VALIDATION"
    }
    both = {**update, "status": "SIGNED", "signedOn": None, "amount": "-5"}
    assert await errors_of(gql, UPDATE, input=both) == {
        ("signedOn",): "VALIDATION",
        ("amount",): "VALIDATION",
    }
    signed = {**update, "status": "SIGNED", "signedOn": "2025-03-01"}
    await gql.mutate(UPDATE, input=signed)
    cleared = {"id": agreement["id"], "expectedVersion": 2, "signedOn": None}
    assert await errors_of(gql, UPDATE, input=cleared) == {("signedOn",): "VALIDATION"}
    node = (await gql(NODE, id=agreement["id"]))["node"]
    assert (node["version"], node["status"], node["signedOn"]) == (2, "SIGNED", "2025-03-01")


async def test_delete_checks_the_version_and_takes_the_parties(gql: GraphQLClient) -> None:
    agreement = await create_agreement(gql)
    party = {"agreement": agreement["id"], "person": await person(gql)}
    party_id = (await gql.mutate(ADD_PARTY, input=party))["agreementParty"]["id"]
    data = await gql(DELETE, input={"id": agreement["id"], "expectedVersion": 2})
    assert data["deleteAgreement"]["errors"][0]["code"] == "CONFLICT"
    assert (await gql(NODE, id=agreement["id"]))["node"] is not None
    payload = await gql.mutate(DELETE, input={"id": agreement["id"], "expectedVersion": 1})
    assert payload["deletedId"] == agreement["id"]
    assert (await gql(NODE, id=agreement["id"]))["node"] is None
    assert (await gql("query($id: ID!) { node(id: $id) { id } }", id=party_id))["node"] is None


async def test_filters_combine_with_and_or_not(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    fair, pr = await event(session_factory), await project(session_factory)
    org, someone = await organization(gql), await person(gql)
    a = await create_agreement(
        gql, title="甲协议", status="SIGNED", signedOn="2024-05-01", amount="500", event=fair
    )
    b = await create_agreement(
        gql,
        title="乙协议",
        kind="INVESTMENT",
        status="SIGNED",
        signedOn="2025-05-01",
        amount="5000",
    )
    await create_agreement(gql, title="丙备忘录", project=pr)
    await gql.mutate(ADD_PARTY, input={"agreement": a["id"], "organization": org})
    await gql.mutate(ADD_PARTY, input={"agreement": b["id"], "person": someone})

    async def titles(f: dict[str, Any]) -> list[str]:
        data = await gql(LIST, f=f)
        assert data["agreements"]["totalCount"] == len(data["agreements"]["edges"])
        return sorted(e["node"]["title"] for e in data["agreements"]["edges"])

    assert await titles({"titleContains": "协议"}) == ["乙协议", "甲协议"]
    assert await titles({"kind": ["INVESTMENT"]}) == ["乙协议"]
    assert await titles({"status": ["INTENTION"]}) == ["丙备忘录"]
    assert await titles({"event": [fair]}) == ["甲协议"]
    assert await titles({"project": [pr]}) == ["丙备忘录"]
    assert await titles({"signedAfter": "2025-01-01"}) == ["乙协议"]
    assert await titles({"signedBefore": "2024-05-01"}) == ["甲协议"]
    assert await titles({"minAmount": "500", "maxAmount": "4999.99"}) == ["甲协议"]
    assert await titles({"party": [org]}) == ["甲协议"]
    assert await titles({"party": [org, someone]}) == ["乙协议", "甲协议"]
    assert await titles({"or": [{"party": [someone]}, {"project": [pr]}]}) == ["丙备忘录", "乙协议"]
    assert await titles({"not": {"minAmount": "1000"}}) == ["丙备忘录", "甲协议"]
    body = await gql.execute(LIST, f={"party": [fair]})
    assert "party" in body["errors"][0]["message"]


async def test_order_by_fields_and_directions(gql: GraphQLClient) -> None:
    await create_agreement(gql, title="乙", amount="30", status="SIGNED", signedOn="2025-02-01")
    await create_agreement(gql, title="甲", amount="10")
    await create_agreement(gql, title="丙", status="SIGNED", signedOn="2024-02-01")

    async def titles(order: list[dict[str, str]]) -> list[str]:
        return [e["node"]["title"] for e in (await gql(LIST, o=order))["agreements"]["edges"]]

    assert await titles([{"field": "SIGNED_ON"}]) == ["丙", "乙", "甲"]
    assert await titles([{"field": "SIGNED_ON", "direction": "DESC"}]) == ["乙", "丙", "甲"]
    assert await titles([{"field": "AMOUNT"}]) == ["甲", "乙", "丙"]
    assert await titles([{"field": "CREATED_AT", "direction": "DESC"}]) == ["丙", "甲", "乙"]


async def test_party_lifecycle(gql: GraphQLClient) -> None:
    agreement, someone = await create_agreement(gql), await person(gql)
    party = (
        await gql.mutate(
            ADD_PARTY, input={"agreement": agreement["id"], "person": someone, "role": "WITNESS"}
        )
    )["agreementParty"]
    assert party["role"] == "WITNESS"
    assert party["agreement"] == {"id": agreement["id"]}
    assert (party["organization"], party["person"]) == (None, {"id": someone, "name": "陈建国"})

    update = {"id": party["id"], "expectedVersion": 1, "role": "GUARANTOR"}
    payload = await gql.mutate(UPDATE_PARTY, input=update)
    assert payload["agreementParty"] == {"id": party["id"], "version": 2, "role": "GUARANTOR"}
    data = await gql(UPDATE_PARTY, input=update)
    (error,) = data["updateAgreementParty"]["errors"]
    assert (error["code"], error["currentVersion"]) == ("CONFLICT", 2)
    stale = {**update, "expectedVersion": 2, "role": None}
    assert await errors_of(gql, UPDATE_PARTY, input=stale) == {("role",): "VALIDATION"}

    deleted = await gql.mutate(DELETE_PARTY, input={"id": party["id"], "expectedVersion": 2})
    assert deleted["deletedId"] == party["id"]
    assert (await gql(PARTIES, id=agreement["id"]))["node"]["parties"]["totalCount"] == 0


async def test_a_party_is_exactly_one_person_or_organisation(gql: GraphQLClient) -> None:
    agreement, org, someone = (
        await create_agreement(gql),
        await organization(gql),
        await person(gql),
    )
    both = {"agreement": agreement["id"], "person": someone, "organization": org}
    neither = {"agreement": agreement["id"]}
    # As for participations: neither is an error on `person`, both one on `organization`.
    assert await errors_of(gql, ADD_PARTY, input=both) == {("organization",): "VALIDATION"}
    assert await errors_of(gql, ADD_PARTY, input=neither) == {("person",): "VALIDATION"}
    assert (await gql(PARTIES, id=agreement["id"]))["node"]["parties"]["totalCount"] == 0


async def test_party_references_and_duplicates(gql: GraphQLClient) -> None:
    agreement, org, someone = (
        await create_agreement(gql),
        await organization(gql),
        await person(gql),
    )
    wrong = {"agreement": org, "person": org}
    assert await errors_of(gql, ADD_PARTY, input=wrong) == {
        ("agreement",): "VALIDATION",
        ("person",): "VALIDATION",
    }
    missing = {"agreement": to_base64("Agreement", 999_999), "organization": org}
    assert await errors_of(gql, ADD_PARTY, input=missing) == {("agreement",): "NOT_FOUND"}
    for field, party in (("organization", org), ("person", someone)):
        await gql.mutate(ADD_PARTY, input={"agreement": agreement["id"], field: party})
        again = {"agreement": agreement["id"], field: party, "role": "WITNESS"}
        assert await errors_of(gql, ADD_PARTY, input=again) == {(field,): "DUPLICATE"}
    assert (await gql(PARTIES, id=agreement["id"]))["node"]["parties"]["totalCount"] == 2


async def test_agreement_parties_are_a_paged_connection(gql: GraphQLClient) -> None:
    agreement, other = await create_agreement(gql), await create_agreement(gql, title="其他")
    organizations = [await organization(gql, f"机构{i}") for i in range(3)]
    for org in organizations:
        await gql.mutate(ADD_PARTY, input={"agreement": agreement["id"], "organization": org})
    await gql.mutate(ADD_PARTY, input={"agreement": other["id"], "organization": organizations[0]})

    first = (await gql(PARTIES, id=agreement["id"], first=2))["node"]["parties"]
    assert first["totalCount"] == 3
    assert [e["node"]["organization"]["id"] for e in first["edges"]] == organizations[:2]
    assert first["edges"][0]["node"]["person"] is None
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = (await gql(PARTIES, id=agreement["id"], first=2, after=after))["node"]["parties"]
    assert [e["node"]["organization"]["id"] for e in rest["edges"]] == organizations[2:]
    assert rest["pageInfo"]["hasNextPage"] is False
    before = rest["pageInfo"]["startCursor"]
    back = (await gql(PARTIES, id=agreement["id"], last=1, before=before))["node"]["parties"]
    assert [e["node"]["organization"]["id"] for e in back["edges"]] == organizations[1:2]
    assert back["pageInfo"]["hasPreviousPage"] is True

    query = "{ agreements { edges { node { title parties(first: 1) { totalCount } } } } }"
    data = await gql(query)
    counts = {
        e["node"]["title"]: e["node"]["parties"]["totalCount"] for e in data["agreements"]["edges"]
    }
    assert counts == {"人才合作框架协议": 3, "其他": 1}
