"""The demo plan: the same rows from the same seed, and figures consistent with the text."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm.db.enums import RelationshipKind
from crm.db.models import Person, Relationship
from crm.seed.figures import DEMO_FIGURES, EXPECTATIONS, Expectation
from crm.seed.plan import Plan
from crm.seed.world import build_demo_plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return build_demo_plan()


def test_the_same_seed_plans_the_same_rows(plan: Plan) -> None:
    again = build_demo_plan()
    assert {m: len(rows) for m, rows in again.rows.items()} == {
        m: len(rows) for m, rows in plan.rows.items()
    }
    assert again.rows[Person] == plan.rows[Person]
    assert again.rows[Relationship] == plan.rows[Relationship]


def test_another_process_plans_the_same_data(plan: Plan) -> None:
    # Another hash seed reorders sets and dicts of strings: nothing may depend on that order.
    code = "from crm.seed.world import build_demo_plan; print(build_demo_plan().digest())"
    env = {**os.environ, "PYTHONHASHSEED": "1234"}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=root, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == plan.digest()


def test_another_seed_plans_other_people(plan: Plan) -> None:
    other = build_demo_plan(seed=1)
    assert [r["name"] for r in other.rows[Person][:50]] != [
        r["name"] for r in plan.rows[Person][:50]
    ]


@pytest.mark.parametrize("expectation", EXPECTATIONS, ids=lambda e: e.name)
def test_the_demo_values_meet_the_seed_text(expectation: Expectation) -> None:
    assert expectation.holds(DEMO_FIGURES[expectation.name])


def test_each_pair_of_people_has_at_most_one_tie_of_a_kind(plan: Plan) -> None:
    pairs = [
        (r["kind"], *sorted((r["person_a_id"].index, r["person_b_id"].index)))
        for r in plan.rows[Relationship]
    ]
    assert len(pairs) == len(set(pairs))
    assert all(r["person_a_id"] != r["person_b_id"] for r in plan.rows[Relationship])
    assert {r["kind"] for r in plan.rows[Relationship]} == set(RelationshipKind)
