"""duplicateCandidates: blocked pairs scored with reasons, best first."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import GraphQLClient

CREATE = """
mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { person { id } errors { field } }
}"""
DUPLICATES = """
query($first: Int, $minScore: Float, $person: ID) {
  duplicateCandidates(first: $first, minScore: $minScore, person: $person) {
    score reasons person { id } other { id }
  }
}"""


async def create(gql: GraphQLClient, **fields: Any) -> str:
    person_id: str = (await gql.mutate(CREATE, input=fields))["person"]["id"]
    return person_id


async def test_records_of_one_person_in_two_scripts_are_candidates_with_reasons(
    gql: GraphQLClient,
) -> None:
    han = await create(gql, name="陳建國", birthYear=1968, email="kk.chan@example.com")
    latin = await create(gql, name="Kin-Kwok Chan", birthYear=1968, email="KK.Chan@example.com")
    other = await create(gql, name="陈建华", birthYear=1990)
    unrelated = await create(gql, name="王小明")
    found = (await gql(DUPLICATES))["duplicateCandidates"]
    pairs = [{c["person"]["id"], c["other"]["id"]} for c in found]
    assert pairs[0] == {han, latin}
    assert found[0]["score"] == 1.0
    assert "same email" in found[0]["reasons"]
    assert "born 1968 both" in found[0]["reasons"]
    assert all(unrelated not in pair for pair in pairs)
    assert {han, other} not in pairs  # same surname, other given name, 22 years apart


async def test_person_narrows_to_one_persons_duplicates_and_min_score_filters(
    gql: GraphQLClient,
) -> None:
    a = await create(gql, name="张伟", birthYear=1980)
    b = await create(gql, name="Zhang Wei", birthYear=1980)
    c = await create(gql, name="張偉", birthYear=1981)
    sound_alike = await create(gql, name="张卫")  # 0.52: same sound, other character
    mine = (await gql(DUPLICATES, person=c))["duplicateCandidates"]
    assert {m["person"]["id"] for m in mine} == {c}
    assert {m["other"]["id"] for m in mine} == {a, b}
    loose = (await gql(DUPLICATES, minScore=0.5))["duplicateCandidates"]
    scores = [m["score"] for m in loose]
    assert scores == sorted(scores, reverse=True)
    assert {a, sound_alike} in [{m["person"]["id"], m["other"]["id"]} for m in loose]
    default = (await gql(DUPLICATES))["duplicateCandidates"]
    assert {a, sound_alike} not in [{m["person"]["id"], m["other"]["id"]} for m in default]


async def test_bad_arguments_are_user_input_errors(gql: GraphQLClient) -> None:
    for variables in ({"first": 0}, {"minScore": 1.5}):
        (error,) = (await gql.execute(DUPLICATES, **variables))["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
