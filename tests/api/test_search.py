"""search: people and organisations by every form of their names, on both databases."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import GraphQLClient

SEARCH = """
query($text: String!, $first: Int, $types: [SearchType!]) {
  search(text: $text, first: $first, types: $types) {
    score match matched keyKind
    record { __typename ... on Person { id name } ... on Organization { id name } }
  }
}"""
CREATE_PERSON = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id name version } errors { field message } }
}"""
CREATE_ORGANIZATION = """
mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id name } errors { field message } }
}"""
UPDATE_PERSON = """
mutation($input: UpdatePersonInput!) {
  updatePerson(input: $input) { person { id } errors { field message } }
}"""
DELETE_PERSON = """
mutation($input: DeletePersonInput!) { deletePerson(input: $input) { deletedId errors { field } } }
"""

PEOPLE: dict[str, dict[str, Any]] = {
    "jianguo": {"name": "陳建國", "nameLatin": "Kin-Kwok Chan", "birthYear": 1968},
    "jianhua": {"name": "陈建华"},
    "xiaoming": {"name": "王小明", "nameLatin": "Kenneth Wong"},
    "zhiming": {"name": "黄志明"},
    "meiling": {"name": "林美玲", "nameLatin": "Lim Bee Ling"},
}
ORGANIZATIONS: dict[str, dict[str, Any]] = {
    "cas": {"name": "中国科学院", "nameEn": "Chinese Academy of Sciences", "kind": "OTHER"},
    "oxford": {
        "name": "牛津大学中国校友会",
        "nameEn": "Oxford University China Alumni Association",
        "kind": "ALUMNI_ASSOCIATION",
    },
}


@pytest.fixture
async def records(gql: GraphQLClient) -> dict[str, str]:
    """Global IDs of the people and organisations above, by short name."""
    ids = {}
    for key, fields in PEOPLE.items():
        ids[key] = (await gql.mutate(CREATE_PERSON, input=fields))["person"]["id"]
    for key, fields in ORGANIZATIONS.items():
        payload = await gql.mutate(CREATE_ORGANIZATION, input=fields)
        ids[key] = payload["organization"]["id"]
    return ids


async def search(gql: GraphQLClient, text: str, **variables: Any) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = (await gql(SEARCH, text=text, **variables))["search"]
    return hits


async def top(gql: GraphQLClient, text: str) -> tuple[str, str]:
    """The ID of the best hit and how it matched."""
    hits = await search(gql, text)
    assert hits, f"nothing found for {text!r}"
    return hits[0]["record"]["id"], hits[0]["match"]


async def found_ids(gql: GraphQLClient, text: str, **variables: Any) -> list[str]:
    return [hit["record"]["id"] for hit in await search(gql, text, **variables)]


@pytest.mark.parametrize(
    ("text", "expected", "match"),
    [
        ("陳建國", "jianguo", "EXACT"),  # traditional, as written
        ("陈建国", "jianguo", "EXACT"),  # simplified
        ("Chen Jianguo", "jianguo", "EXACT"),  # pinyin
        ("chen jian guo", "jianguo", "EXACT"),  # pinyin, syllables apart
        ("Jianguo Chen", "jianguo", "EXACT"),  # reversed order
        ("CJG", "jianguo", "EXACT"),  # pinyin initials
        ("Kin-Kwok Chan", "jianguo", "EXACT"),  # own Cantonese spelling
        ("Chan Kin Kwok", "jianguo", "EXACT"),  # reversed, without the hyphen
        ("Kenneth Wong", "xiaoming", "EXACT"),  # Western first name + surname
        ("Wong Xiaoming", "xiaoming", "SOUNDS_LIKE"),  # dialect surname + pinyin given
        ("Bee Ling Lim", "meiling", "EXACT"),  # Hokkien, given name first
        ("Wong Chi Ming", "zhiming", "EXACT"),  # Cantonese of 黄志明, none on file
        ("jiangu", "jianguo", "PREFIX"),  # partial pinyin
        ("kin-kw", "jianguo", "PREFIX"),  # partial own spelling
        ("anguo", "jianguo", "SUBSTRING"),  # the middle of a name
        ("Chen Jiangou", "jianguo", "SIMILAR"),  # a typo
        ("建国", "jianguo", "EXACT"),  # two Han characters
        ("小明", "xiaoming", "EXACT"),
        ("玲", "meiling", "EXACT"),  # one Han character
    ],
)
async def test_finds_a_person_by_any_form_of_the_name(
    gql: GraphQLClient, records: dict[str, str], text: str, expected: str, match: str
) -> None:
    assert await top(gql, text) == (records[expected], match)


async def test_a_dialect_surname_finds_everyone_of_that_surname(
    gql: GraphQLClient, records: dict[str, str]
) -> None:
    # Tan is the Hokkien/Teochew spelling of 陈; Wong the Cantonese of 王 and 黄.
    assert set(await found_ids(gql, "Tan")) == {records["jianguo"], records["jianhua"]}
    assert set(await found_ids(gql, "Wong")) == {records["xiaoming"], records["zhiming"]}


async def test_a_single_han_character_finds_every_name_holding_it(
    gql: GraphQLClient, records: dict[str, str]
) -> None:
    assert set(await found_ids(gql, "建")) == {records["jianguo"], records["jianhua"]}
    assert set(await found_ids(gql, "陳")) == {records["jianguo"], records["jianhua"]}


async def test_the_full_name_outranks_a_shared_surname(
    gql: GraphQLClient, records: dict[str, str]
) -> None:
    hits = await search(gql, "陈建国")
    assert [h["record"]["id"] for h in hits][:1] == [records["jianguo"]]
    assert hits[0]["score"] == 1.0
    assert hits[0]["keyKind"] == "NAME"
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "text", ["CAS", "中国科学院", "中科院", "Chinese Academy of Sciences", "the chinese academy"]
)
async def test_finds_an_organisation_by_name_alias_or_acronym(
    gql: GraphQLClient, records: dict[str, str], text: str
) -> None:
    hit = (await search(gql, text))[0]
    assert hit["record"] == {
        "__typename": "Organization",
        "id": records["cas"],
        "name": "中国科学院",
    }


async def test_finds_an_organisation_by_part_of_its_name(
    gql: GraphQLClient, records: dict[str, str]
) -> None:
    assert await found_ids(gql, "牛津") == [records["oxford"]]
    assert await found_ids(gql, "alumni association") == [records["oxford"]]
    assert (await top(gql, "OUCAA"))[0] == records["oxford"]  # acronym of the English name


async def test_types_limit_the_kinds_of_records(
    gql: GraphQLClient, records: dict[str, str]
) -> None:
    assert await found_ids(gql, "中", types=["PERSON"]) == []
    found = await found_ids(gql, "中", types=["ORGANIZATION"])
    assert sorted(found) == sorted([records["oxford"], records["cas"]])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kenneth wongg", "xiaoming"),  # a letter too many
        ("kennet wong", "xiaoming"),  # a letter missing
        ("lim bee lnig", "meiling"),  # two letters swapped
    ],
)
async def test_a_key_one_typo_away_is_the_best_similar_hit(
    gql: GraphQLClient, records: dict[str, str], text: str, expected: str
) -> None:
    # Looked up exactly among the one-edit variants of the query, whatever its trigrams.
    hits = await search(gql, text)
    assert (hits[0]["record"]["id"], hits[0]["match"]) == (records[expected], "SIMILAR")


DIALECT_PEOPLE = {
    "larksye": "陳六使",  # the person searched for
    "larkhup": "陈六合",  # same surname and first given character
    "taiming": "陈大明",  # same surname only
    "linliushi": "林六使",  # same given name, another surname
    "kinghey": "馮景禧",
    "kingwah": "冯景华",
    "chaochung": "丁肇中",
    "chaohua": "丁肇华",
}


@pytest.mark.parametrize(
    ("text", "expected", "spelling"),
    [
        ("Tan Lark Sye", "larksye", "Hokkien"),
        ("Lark Sye Tan", "larksye", "Hokkien"),
        ("Fung King Hey", "kinghey", "Cantonese"),
        ("Ting Chao-chung", "chaochung", "Wade–Giles"),
        ("Ting Chao Chung", "chaochung", "Wade–Giles"),
        ("Chao-chung Ting", "chaochung", "Wade–Giles"),
        ("Samuel C. C. Ting", "chaochung", "丁 c.c."),
    ],
)
async def test_a_whole_name_in_a_dialect_spelling_outranks_people_sharing_part_of_it(
    gql: GraphQLClient, text: str, expected: str, spelling: str
) -> None:
    ids = {}
    for key, name in DIALECT_PEOPLE.items():
        ids[key] = (await gql.mutate(CREATE_PERSON, input={"name": name}))["person"]["id"]
    hits = await search(gql, text)
    best, *others = hits
    assert best["record"]["id"] == ids[expected]
    assert (best["match"], best["keyKind"]) == ("EXACT", "FULL")
    assert spelling in best["matched"]  # which spelling matched: "陈 lak-sai (Hokkien)"
    assert all(hit["score"] < best["score"] for hit in others)


async def test_first_caps_the_list(gql: GraphQLClient, records: dict[str, str]) -> None:
    assert len(await search(gql, "Chan", first=1)) == 1


async def test_renaming_or_deleting_a_person_updates_what_search_finds(
    gql: GraphQLClient, records: dict[str, str]
) -> None:
    update = {"id": records["jianhua"], "expectedVersion": 1, "name": "程建华"}
    await gql.mutate(UPDATE_PERSON, input=update)
    assert records["jianhua"] not in await found_ids(gql, "陈建华")
    assert (await top(gql, "程建华"))[0] == records["jianhua"]
    await gql.mutate(DELETE_PERSON, input={"id": records["jianhua"], "expectedVersion": 2})
    assert await found_ids(gql, "程建华") == []


@pytest.mark.parametrize(
    ("text", "first", "message"),
    [
        ("", None, "at least one letter"),
        (" ,. ", None, "at least one letter"),
        ("x" * 101, None, "at most 100 characters"),
        ("chen", 0, "`first` must be between"),
    ],
)
async def test_bad_arguments_are_user_input_errors(
    gql: GraphQLClient, text: str, first: int | None, message: str
) -> None:
    body = await gql.execute(SEARCH, text=text, first=first)
    (error,) = body["errors"]
    assert message in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
