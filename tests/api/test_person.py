"""People through GraphQL: create, read by node and in lists, update with versions, delete."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQLClient

CREATE = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) {
    person { id version name nameLatin country email phone honours expertise }
    errors { field message code currentVersion }
  }
}"""
UPDATE = """
mutation($input: UpdatePersonInput!) {
  updatePerson(input: $input) {
    person { id version name city }
    errors { field message code currentVersion }
  }
}"""
DELETE = """
mutation($input: DeletePersonInput!) {
  deletePerson(input: $input) { deletedId errors { field message code currentVersion } }
}"""
NODE = "query($id: ID!) { node(id: $id) { id ... on Person { name version } } }"


async def create_person(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    fields.setdefault("name", "陈建国")
    payload = await gql.mutate(CREATE, input=fields)
    person: dict[str, Any] = payload["person"]
    return person


async def test_create_cleans_and_normalises_input(gql: GraphQLClient) -> None:
    person = await create_person(
        gql,
        name="  陳建國 ",
        nameLatin="Kin-Kwok Chan",
        country="gb",
        email="K.Chan@Example.COM",
        phone="+44 20 7946 0958",
        honours=["CAS_ACADEMICIAN", "CAS_ACADEMICIAN"],
        expertise=[" high-energy physics ", "", "high-energy physics"],
    )
    assert person["name"] == "陳建國"
    assert person["country"] == "GB"
    assert person["email"] == "K.Chan@example.com"
    assert person["phone"] == "+442079460958"
    assert person["honours"] == ["CAS_ACADEMICIAN"]
    assert person["expertise"] == ["high-energy physics"]
    assert person["version"] == 1


async def test_node_resolves_a_created_person(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    data = await gql(NODE, id=person["id"])
    assert data["node"] == {"id": person["id"], "name": "陈建国", "version": 1}


async def test_node_of_unknown_id_is_null(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    await gql.mutate(DELETE, input={"id": person["id"], "expectedVersion": 1})
    assert (await gql(NODE, id=person["id"]))["node"] is None


async def test_update_changes_only_sent_fields_and_bumps_version(gql: GraphQLClient) -> None:
    person = await create_person(gql, nameLatin="Chen Jianguo")
    payload = await gql.mutate(
        UPDATE, input={"id": person["id"], "expectedVersion": 1, "city": "Fuzhou"}
    )
    assert payload["person"] == {
        "id": person["id"],
        "version": 2,
        "name": "陈建国",
        "city": "Fuzhou",
    }


async def test_stale_version_is_a_conflict_with_the_current_version(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    await gql.mutate(UPDATE, input={"id": person["id"], "expectedVersion": 1, "city": "Fuzhou"})
    data = await gql(UPDATE, input={"id": person["id"], "expectedVersion": 1, "city": "Oxford"})
    payload = data["updatePerson"]
    assert payload["person"] is None
    (error,) = payload["errors"]
    assert error["code"] == "CONFLICT"
    assert error["currentVersion"] == 2
    assert (await gql(NODE, id=person["id"]))["node"]["version"] == 2


async def test_bad_input_returns_every_problem_and_creates_nothing(gql: GraphQLClient) -> None:
    data = await gql(
        CREATE,
        input={"name": " ", "email": "not-an-email", "phone": "12345", "country": "XX"},
    )
    payload = data["createPerson"]
    assert payload["person"] is None
    fields = {tuple(e["field"]): e["code"] for e in payload["errors"]}
    assert fields == {
        ("name",): "VALIDATION",
        ("email",): "VALIDATION",
        ("phone",): "VALIDATION",
        ("country",): "VALIDATION",
    }
    assert (await gql("{ people { totalCount } }"))["people"]["totalCount"] == 0


async def test_birth_year_out_of_range_is_a_validation_error(gql: GraphQLClient) -> None:
    data = await gql(CREATE, input={"name": "李伟", "birthYear": 1850})
    (error,) = data["createPerson"]["errors"]
    assert (error["field"], error["code"]) == (["birthYear"], "VALIDATION")


async def test_reference_of_the_wrong_type_is_a_validation_error(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    data = await gql(CREATE, input={"name": "李伟", "sourceEvent": person["id"]})
    (error,) = data["createPerson"]["errors"]
    assert (error["field"], error["code"]) == (["sourceEvent"], "VALIDATION")


async def test_reference_to_a_missing_record_is_not_found(gql: GraphQLClient) -> None:
    missing_event = "RXZlbnQ6OTk5OTk5"  # Event:999999
    data = await gql(CREATE, input={"name": "李伟", "sourceEvent": missing_event})
    (error,) = data["createPerson"]["errors"]
    assert (error["field"], error["code"]) == (["sourceEvent"], "NOT_FOUND")


async def test_delete_with_stale_version_keeps_the_person(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    data = await gql(DELETE, input={"id": person["id"], "expectedVersion": 7})
    assert data["deletePerson"]["deletedId"] is None
    assert data["deletePerson"]["errors"][0]["code"] == "CONFLICT"
    assert (await gql(NODE, id=person["id"]))["node"] is not None


async def test_delete_of_unknown_person_is_not_found(gql: GraphQLClient) -> None:
    data = await gql(DELETE, input={"id": "UGVyc29uOjk5OTk5OQ==", "expectedVersion": 1})
    assert data["deletePerson"]["errors"][0]["code"] == "NOT_FOUND"


async def test_filters_combine_with_and_or_not(gql: GraphQLClient) -> None:
    await create_person(gql, name="陈一", country="GB", honours=["CAS_ACADEMICIAN"])
    await create_person(gql, name="陈二", country="US", honours=["ACFROC_EXPERT"])
    await create_person(gql, name="林三", country="GB", expertise=["biomedicine"])
    query = "query($f: PersonFilter) { people(filter: $f) { totalCount edges { node { name } } } }"

    async def names(f: dict[str, Any]) -> list[str]:
        data = await gql(query, f=f)
        return sorted(e["node"]["name"] for e in data["people"]["edges"])

    assert await names({"country": ["gb"]}) == ["林三", "陈一"]
    assert await names({"nameContains": "陈", "country": ["GB"]}) == ["陈一"]
    assert await names({"or": [{"honour": ["ACFROC_EXPERT"]}, {"expertise": ["biomedicine"]}]}) == [
        "林三",
        "陈二",
    ]
    assert await names({"not": {"nameContains": "陈"}}) == ["林三"]
    assert await names({"honour": ["CAS_ACADEMICIAN", "ACFROC_EXPERT"]}) == ["陈一", "陈二"]


async def test_order_by_fields_and_directions(gql: GraphQLClient) -> None:
    for name, year in (("甲", 1980), ("乙", None), ("丙", 1970)):
        await create_person(gql, name=name, birthYear=year)
    query = """query($o: [PersonOrder!]) {
      people(orderBy: $o) { edges { node { name } } } }"""
    data = await gql(query, o=[{"field": "BIRTH_YEAR", "direction": "ASC"}])
    assert [e["node"]["name"] for e in data["people"]["edges"]] == ["丙", "甲", "乙"]
    data = await gql(query, o=[{"field": "BIRTH_YEAR", "direction": "DESC"}])
    assert [e["node"]["name"] for e in data["people"]["edges"]] == ["甲", "丙", "乙"]


async def test_filter_by_id_of_wrong_type_is_a_clear_error(gql: GraphQLClient) -> None:
    person = await create_person(gql)
    body = await gql.execute(
        "query($f: PersonFilter) { people(filter: $f) { totalCount } }",
        f={"memberOf": [person["id"]]},
    )
    assert "memberOf" in body["errors"][0]["message"]


async def test_page_size_above_the_maximum_is_refused(gql: GraphQLClient) -> None:
    body = await gql.execute("{ people(first: 101) { totalCount } }")
    assert "at most 100" in body["errors"][0]["message"]
