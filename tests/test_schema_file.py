"""The committed schema.graphql is exactly what the code exports (`make schema`)."""

from __future__ import annotations

from pathlib import Path

from strawberry.printer import print_schema

from crm.schema.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    exported = print_schema(schema).rstrip() + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == exported, (
        "schema.graphql is out of date: run `make schema` and commit the result"
    )
