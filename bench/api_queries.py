"""The three queries of `make bench-api`, as each server spells them, and their rows.

Q1: a page of 50 people, 4 fields. Q2: 50 people, 5 affiliations each, with the
organisation. Q3: a person's page: the person and 10 relationships with both names.
Both servers are asked for the same rows in the same order (people by name, our
default; affiliations oldest first and relationships newest first, by key: PostGraphile
orders by indexed columns only), and `rows_of` reduces each answer to plain
tuples, so the harness can check the two agree before it measures anything.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

__all__ = ["QUERIES", "Query", "rows_of"]

CRM_Q1 = """query Q1($first: Int!) {
  people(first: $first) {
    edges { node { id name nameLatin country } }
  }
}"""
PGL_Q1 = """query Q1($first: Int!) {
  allPeople(first: $first, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) {
    nodes { id name nameLatin country }
  }
}"""

CRM_Q2 = """query Q2($first: Int!) {
  people(first: $first) {
    edges { node {
      id name
      affiliations(first: 5, orderBy: [{field: CREATED_AT}]) {
        edges { node { role organization { id name } } }
      }
    } }
  }
}"""
PGL_Q2 = """query Q2($first: Int!) {
  allPeople(first: $first, orderBy: [NAME_ASC, PRIMARY_KEY_ASC]) {
    nodes {
      id name
      affiliationsByPersonId(first: 5, orderBy: [PRIMARY_KEY_ASC]) {
        nodes { role organizationByOrganizationId { id name } }
      }
    }
  }
}"""

CRM_Q3 = """query Q3($id: ID!) {
  node(id: $id) {
    ... on Person {
      id name nameLatin country city
      relationships(first: 10, orderBy: [{field: CREATED_AT, direction: DESC}]) {
        edges { node { kind strength personA { name } personB { name } } }
      }
    }
  }
}"""
PGL_Q3 = """query Q3($key: Int!) {
  personByRowId(rowId: $key) {
    id name nameLatin country city
    relationshipsByPersonAId(first: 10, orderBy: [PRIMARY_KEY_DESC]) {
      nodes { kind strength personByPersonAId { name } personByPersonBId { name } }
    }
  }
}"""


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    crm: str
    pgl: str


QUERIES = {
    "Q1": Query("Q1", "50 people, 4 fields", CRM_Q1, PGL_Q1),
    "Q2": Query("Q2", "50 people → 5 affiliations → organisation", CRM_Q2, PGL_Q2),
    "Q3": Query("Q3", "a person's page, 10 relationships with both names", CRM_Q3, PGL_Q3),
}


def crm_variables(name: str, person_key: int) -> dict[str, Any]:
    if name == "Q3":
        return {"id": base64.b64encode(f"Person:{person_key}".encode()).decode()}
    return {"first": 50}


def pgl_variables(name: str, person_key: int) -> dict[str, Any]:
    return {"key": person_key} if name == "Q3" else {"first": 50}


def _key(global_id: str) -> int:
    """The table key inside either server's global ID ("Person:1" or '["Person",1]')."""
    text = base64.b64decode(global_id).decode()
    if text.startswith("["):
        return int(json.loads(text)[1])
    return int(text.rsplit(":", 1)[1])


def _lower(value: str | None) -> str | None:
    return value.lower() if value is not None else None


def rows_of(server: str, name: str, data: dict[str, Any]) -> list[tuple[Any, ...]]:
    """An answer reduced to plain rows (enum spellings and global IDs made comparable)."""
    crm = server == "crm"
    if name == "Q3":
        person = data["node"] if crm else data["personByRowId"]
        links = person["relationships"] if crm else person["relationshipsByPersonAId"]
        head = (_key(person["id"]), person["name"], person["nameLatin"], person["country"])
        rows: list[tuple[Any, ...]] = [(*head, person["city"])]
        for link in [e["node"] for e in links["edges"]] if crm else links["nodes"]:
            a = link["personA"] if crm else link["personByPersonAId"]
            b = link["personB"] if crm else link["personByPersonBId"]
            rows.append((_lower(link["kind"]), link["strength"], a["name"], b["name"]))
        return rows
    people = [e["node"] for e in data["people"]["edges"]] if crm else data["allPeople"]["nodes"]
    rows = []
    for person in people:
        if name == "Q1":
            rows.append(
                (_key(person["id"]), person["name"], person["nameLatin"], person["country"])
            )
            continue
        links = person["affiliations"] if crm else person["affiliationsByPersonId"]
        rows.append((_key(person["id"]), person["name"]))
        for link in [e["node"] for e in links["edges"]] if crm else links["nodes"]:
            org = link["organization"] if crm else link["organizationByOrganizationId"]
            rows.append((_lower(link["role"]), _key(org["id"]), org["name"]))
    return rows
