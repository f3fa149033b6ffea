"""Countries, ancestral hometowns and fields of expertise through GraphQL: written any
way people write them, stored one way, counted together (issue #19)."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQLClient

CREATE = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) {
    person { id name country nationality hometown hometownProvince hometownCity
             hometownCounty expertise expertiseAsWritten }
    errors { field message code }
  }
}"""
PEOPLE = "query($f: PersonFilter) { people(filter: $f) { edges { node { name } } } }"


async def create(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    data = await gql(CREATE, input={"name": "陈建国", **fields})
    payload: dict[str, Any] = data["createPerson"]
    return payload


async def names(gql: GraphQLClient, f: dict[str, Any]) -> list[str]:
    data = await gql(PEOPLE, f=f)
    return sorted(e["node"]["name"] for e in data["people"]["edges"])


async def test_country_names_in_any_language_become_iso_codes(gql: GraphQLClient) -> None:
    for written, code in [("英国", "GB"), ("United Kingdom", "GB"), ("UK", "GB"),
                          ("美國", "US"), ("中国", "CN"), ("sg", "SG")]:  # fmt: skip
        payload = await create(gql, country=written, nationality=written)
        assert payload["errors"] == []
        assert (payload["person"]["country"], payload["person"]["nationality"]) == (code, code)


async def test_user_assigned_codes_are_not_countries(gql: GraphQLClient) -> None:
    for code in ("XX", "ZZ", "QQ"):
        payload = await create(gql, country=code)
        assert payload["person"] is None
        (error,) = payload["errors"]
        assert (error["field"], error["code"]) == (["country"], "VALIDATION")
        assert f"'{code}' is not a country" in error["message"]
        assert "中国" in error["message"]  # says how to write one


async def test_country_filter_takes_names_and_lists_what_it_did_not_understand(
    gql: GraphQLClient,
) -> None:
    await create(gql, name="林一", country="GB")
    await create(gql, name="林二", country="US")
    assert await names(gql, {"country": ["英国"]}) == ["林一"]
    assert await names(gql, {"country": ["United Kingdom", "美國"]}) == ["林一", "林二"]
    response = await gql.execute(PEOPLE, f={"country": ["英国", "Atlantis", "XX"]})
    (error,) = response["errors"]
    assert "'Atlantis', 'XX'" in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_hometown_as_written_is_parsed_into_official_divisions(gql: GraphQLClient) -> None:
    cases = {
        "福建福清": ("福建省", "福州市", "福清市"),
        "福建晋江": ("福建省", "泉州市", "晋江市"),
        "福建省福州市长乐区": ("福建省", "福州市", "长乐区"),
        "福建": ("福建省", None, None),
    }
    for written, parts in cases.items():
        person = (await create(gql, name=written, hometown=written))["person"]
        assert person["hometown"] == written
        assert (person["hometownProvince"], person["hometownCity"], person["hometownCounty"]) == (
            parts
        )
    # one province, however it was written
    assert len(await names(gql, {"hometownProvince": ["福建"]})) == 4
    assert len(await names(gql, {"hometownProvince": ["福建省"]})) == 4


async def test_hometown_parts_are_normalised_and_unknown_ones_refused(gql: GraphQLClient) -> None:
    person = (await create(gql, hometownProvince="广东", hometownCounty="台山"))["person"]
    assert (person["hometownProvince"], person["hometownCity"], person["hometownCounty"]) == (
        "广东省",
        "江门市",
        "台山市",
    )
    assert person["hometown"] == "广东台山"
    payload = await create(gql, hometown="火星")
    (error,) = payload["errors"]
    assert (error["field"], error["code"]) == (["hometown"], "VALIDATION")
    assert "火星" in error["message"]
    payload = await create(gql, hometownProvince="福建", hometownCounty="火星")
    (error,) = payload["errors"]
    assert error["field"] == ["hometownProvince"]
    assert "'火星'" in error["message"]


async def test_expertise_in_either_language_is_one_term(gql: GraphQLClient) -> None:
    zh = (await create(gql, name="甲", expertise=["人工智能", "量子光学"]))["person"]
    assert zh["expertise"] == ["artificial intelligence", "量子光学"]
    assert zh["expertiseAsWritten"] == ["人工智能", "量子光学"]
    en = (await create(gql, name="乙", expertise=["artificial intelligence", "AI"]))["person"]
    assert en["expertise"] == ["artificial intelligence"]
    assert await names(gql, {"expertise": ["人工智能"]}) == ["乙", "甲"]
    assert await names(gql, {"expertise": ["Artificial Intelligence"]}) == ["乙", "甲"]


async def test_clearing_one_hometown_part_keeps_the_others(gql: GraphQLClient) -> None:
    person = (await create(gql, hometown="福建晋江"))["person"]
    update = """mutation($input: UpdatePersonInput!) { updatePerson(input: $input) {
      person { hometown hometownProvince hometownCity hometownCounty } errors { message } } }"""
    data = await gql(
        update, input={"id": person["id"], "expectedVersion": 1, "hometownCounty": None}
    )
    changed = data["updatePerson"]["person"]
    assert (changed["hometownProvince"], changed["hometownCity"], changed["hometownCounty"]) == (
        "福建省",
        "泉州市",
        None,
    )
    data = await gql(
        update, input={"id": person["id"], "expectedVersion": 2, "hometown": "广东台山"}
    )
    assert data["updatePerson"]["person"] == {
        "hometown": "广东台山",
        "hometownProvince": "广东省",
        "hometownCity": "江门市",
        "hometownCounty": "台山市",
    }
