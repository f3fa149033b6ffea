"""The README's GraphQL examples are valid against the schema (the runnable ones with
demo data live in docs/api.md and run in test_api_examples)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import parse, validate

from crm.schema.schema import schema
from crm.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _documents() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    # a block may hold several documents separated by a "# then …" comment line
    return [doc for block in blocks for doc in re.split(r"\n# then[^\n]*\n", block)]


def test_readme_has_examples() -> None:
    assert len(_documents()) >= 3


@pytest.mark.parametrize("document", _documents())
def test_readme_example_is_valid(document: str) -> None:
    errors = validate(schema._schema, parse(document))
    assert [e.message for e in errors] == []


def test_the_configuration_table_lists_every_setting() -> None:
    section = README.read_text(encoding="utf-8").split("## Configuration", 1)[1]
    rows = [line.split("|")[1] for line in section.splitlines() if line.startswith("| `CRM_")]
    listed = {name for row in rows for name in re.findall(r"`(CRM_[A-Z0-9_]+)`", row)}
    settings = {f"CRM_{name.upper()}" for name in Settings.model_fields}
    assert sorted(settings - listed) == []
    assert sorted(listed - settings) == []  # nor one that no longer exists
