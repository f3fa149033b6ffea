"""Duplicate detection on the labelled pairs: precision, recall and blocking recall."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from crm.names.match import DEFAULT_THRESHOLD, blocking_keys, person_similarity
from tests.names.pairs import CATEGORY_COUNTS, HELD_OUT, PAIRS, LabelledPair


def _figures(pairs: Sequence[LabelledPair]) -> tuple[float, float, float]:
    predicted = [person_similarity(pair.a, pair.b).score >= DEFAULT_THRESHOLD for pair in pairs]
    hits = sum(guess and pair.same for guess, pair in zip(predicted, pairs, strict=True))
    precision = hits / max(sum(predicted), 1)
    recall = hits / max(sum(pair.same for pair in pairs), 1)
    same = [pair for pair in pairs if pair.same]
    blocked = sum(bool(blocking_keys(pair.a) & blocking_keys(pair.b)) for pair in same)
    return precision, recall, blocked / max(len(same), 1)


def test_labelled_set_is_large_and_covers_both_labels() -> None:
    assert len(PAIRS) + len(HELD_OUT) >= 300
    assert sum(not pair.same for pair in PAIRS) >= 100
    assert {category for category, same in CATEGORY_COUNTS if not same} >= {
        "similar surname",
        "same name, conflicting evidence",
        "same name, different organisations",
    }


def test_precision_and_recall_at_the_default_threshold(capsys: pytest.CaptureFixture[str]) -> None:
    every = (*PAIRS, *HELD_OUT)
    lines = [f"threshold {DEFAULT_THRESHOLD}"]
    for label, pairs in (("development", PAIRS), ("held-out", HELD_OUT), ("all", every)):
        precision, recall, blocked = _figures(pairs)
        positives = sum(pair.same for pair in pairs)
        lines.append(
            f"{label:>11}: {len(pairs)} pairs ({positives} same, {len(pairs) - positives} "
            f"different)  precision {precision:.3f}  recall {recall:.3f}  "
            f"blocking recall {blocked:.3f}"
        )
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    precision, recall, blocked = _figures(every)
    assert precision >= 0.98
    assert recall >= 0.95
    assert blocked >= 0.95


@pytest.mark.parametrize("pair", [p for p in (*PAIRS, *HELD_OUT) if not p.same], ids=str)
def test_hard_negative_scores_are_symmetric(pair: LabelledPair) -> None:
    forward = person_similarity(pair.a, pair.b).score
    assert forward == person_similarity(pair.b, pair.a).score
