"""Organisation keys: aliases, acronyms, suffixes in Chinese and English."""

from __future__ import annotations

import pytest

from crm.names.organization import organization_alias, organization_keys

ALIASES = {
    "cas": ["中国科学院", "中科院", "CAS", "Chinese Academy of Sciences"],
    "cae": ["中国工程院", "CAE", "Chinese Academy of Engineering"],
    "acfroc": ["中国侨联", "ACFROC", "All-China Federation of Returned Overseas Chinese"],
    "pku": ["北京大学", "北大", "PKU", "Peking University", "北京大學"],
    "thu": ["清华大学", "THU", "Tsinghua", "Tsinghua University", "清華大學"],
    "oxford": ["牛津大学", "Oxford", "University of Oxford", "Oxford University"],
    "cambridge": ["剑桥大学", "Cambridge", "University of Cambridge"],
    "harvard": ["哈佛大学", "Harvard", "Harvard University"],
    "hku": ["香港大学", "HKU", "The University of Hong Kong"],
}


@pytest.mark.parametrize(
    ("alias", "name"), [(alias, name) for alias, names in ALIASES.items() for name in names]
)
def test_alias_table_knows_every_name(alias: str, name: str) -> None:
    assert organization_alias(name) == alias
    assert f"alias:{alias}" in organization_keys(name).match


@pytest.mark.parametrize(
    ("name", "acronym"),
    [
        ("Chinese Academy of Sciences", "cas"),
        ("Hong Kong University of Science and Technology", "hkust"),
        ("Western Returned Scholars Association", "wrsa"),
        ("Huawei Technologies Co., Ltd.", "ht"),
    ],
)
def test_english_acronym_is_a_search_key(name: str, acronym: str) -> None:
    assert acronym in organization_keys(name).search


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("University of Malaya", "Malaya University"),
        ("Huawei Technologies Co., Ltd.", "Huawei Technologies Company Limited"),
        ("北京大学校友会", "Peking University Alumni Association"),
        ("北大校友会", "北京大学校友会"),
        ("福建同乡会", "福建同乡会"),
        ("深圳华为技术有限公司", "深圳华为技术公司"),
    ],
)
def test_suffix_forms_share_a_match_key(a: str, b: str) -> None:
    assert organization_keys(a).match & organization_keys(b).match


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("北京大学", "北京协会"),
        ("中国科学院", "中国工程院"),
        ("北京大学", "北京大学校友会"),
        ("Oxford University", "Oxford Brookes University"),
        ("Chinese Academy of Sciences", "Chinese Astronomical Society"),
    ],
)
def test_different_organisations_share_no_match_key(a: str, b: str) -> None:
    assert not organization_keys(a).match & organization_keys(b).match


def test_english_name_and_aliases_add_keys() -> None:
    keys = organization_keys("福建省侨联", name_en="Fujian Federation of Returned Overseas Chinese",
                             aliases=["FFROC"])  # fmt: skip
    assert {"福建省侨联", "ffroc", "fujian federation of returned overseas chinese"} <= keys.all
    assert keys.match & organization_keys("Fujian Federation of Returned Overseas Chinese").match


def test_empty_name_has_no_keys() -> None:
    assert organization_keys("  ").all == frozenset()
