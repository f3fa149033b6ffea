"""Countries by ISO 3166-1 code or by name, in Chinese (simplified, traditional) or English."""

from __future__ import annotations

import pytest

from crm.reference.country import country_code, country_codes, is_country_code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("中国", "CN"), ("中國", "CN"), ("China", "CN"), ("CHN", "CN"), ("cn", "CN"),
        ("英国", "GB"), ("英國", "GB"), ("United Kingdom", "GB"), ("UK", "GB"), ("U.K.", "GB"),
        ("美國", "US"), ("USA", "US"), ("United States", "US"),
        ("韩国", "KR"), ("South Korea", "KR"), ("台湾", "TW"), ("香港", "HK"),
        ("新加坡", "SG"), ("馬來西亞", "MY"), ("Viet Nam", "VN"), ("  new   zealand ", "NZ"),
    ],
)  # fmt: skip
def test_codes_and_names_people_write_are_understood(written: str, code: str) -> None:
    assert country_code(written) == code


@pytest.mark.parametrize("written", ["XX", "ZZ", "QQ", "AA", "Atlantis", "", "中"])
def test_user_assigned_codes_and_unknown_names_are_not_countries(written: str) -> None:
    assert country_code(written) is None


def test_every_assigned_code_and_only_those_is_a_country() -> None:
    assert is_country_code("GB")
    assert is_country_code("TW")
    assert not is_country_code("UK")
    assert not is_country_code("XX")


def test_several_countries_keep_their_order_and_list_the_unknown() -> None:
    assert country_codes(["英国", "UK", "Atlantis", "美国", "XX"]) == (
        ["GB", "US"],
        ["Atlantis", "XX"],
    )
