"""Fields of expertise in one controlled vocabulary, whichever language they came in."""

from __future__ import annotations

from crm.reference.expertise import VOCABULARY, field_key, field_keys, field_name_zh
from crm.seed.fields import FIELDS


def test_chinese_english_traditional_and_abbreviations_map_to_one_term() -> None:
    for written in (
        "人工智能",
        "人工智慧",
        "artificial intelligence",
        "AI",
        "Artificial  Intelligence",
    ):
        assert field_key(written) == "artificial intelligence"
    assert field_key("高能物理") == field_key("High-Energy Physics") == "high-energy physics"


def test_terms_outside_the_vocabulary_are_kept_as_written() -> None:
    assert field_key("  量子光学 ") == "量子光学"


def test_several_fields_drop_repeats_across_languages() -> None:
    assert field_keys(["人工智能", "AI", "生物医药", "biomedicine"]) == [
        "artificial intelligence",
        "biomedicine",
    ]


def test_every_demo_field_is_a_term_with_the_demos_chinese_name() -> None:
    for term, zh in FIELDS.items():
        assert field_key(term) == term
        assert field_key(zh) == term
        assert field_name_zh(term) == zh


def test_no_written_form_names_two_terms() -> None:
    seen: dict[str, str] = {}
    for field in VOCABULARY:
        for written in (field.key, field.zh, *field.also):
            key = field_key(written)
            assert seen.setdefault(written.casefold(), key) == key
            assert key == field.key, written
