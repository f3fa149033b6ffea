"""Influencers: the centre of a star leads by every metric; disconnected graphs work."""

from __future__ import annotations

import pytest

from crm.graph.build import apply_changes
from crm.graph.influence import Metric, eigenvector_scores, influencer_scores, pagerank_scores
from tests.graph.networks import star
from tests.graph.records import TODAY, people, relationship

METRICS: list[Metric] = ["pagerank", "eigenvector", "degree", "betweenness"]


@pytest.mark.parametrize("metric", METRICS)
def test_the_centre_of_a_star_is_the_top_influencer(metric: Metric) -> None:
    scores = influencer_scores(star(), metric)
    assert scores[0].key == "Person:0"
    assert scores[0].label == "中心"
    assert scores[0].score > scores[1].score
    assert len(scores) == 9


@pytest.mark.parametrize("metric", METRICS)
def test_metrics_work_on_a_disconnected_graph(metric: Metric) -> None:
    graph = star()
    apply_changes(
        graph,
        people("Person:90", "Person:91", "Person:92"),
        [relationship("Person:90", "Person:91", 1.0)],
        today=TODAY,
    )
    scores = {s.key: s.score for s in influencer_scores(graph, metric, first=None)}
    assert max(scores, key=lambda k: scores[k]) == "Person:0"
    assert scores["Person:92"] == min(scores.values())


def test_eigenvector_scales_each_component_by_its_leading_eigenvalue() -> None:
    graph = star()
    apply_changes(
        graph,
        people("Person:90", "Person:91"),
        [relationship("Person:90", "Person:91", 0.5)],
        today=TODAY,
    )
    scores = eigenvector_scores(graph)
    # star of 8 leaves with weight 0.5: λ = 0.5·√8; the pair: λ = 0.5
    assert scores["Person:90"] == pytest.approx(2**-0.5 * (0.5 / (0.5 * 8**0.5)), rel=1e-3)
    assert scores["Person:0"] == pytest.approx(2**-0.5, rel=1e-3)


def test_pagerank_sums_to_one() -> None:
    assert sum(pagerank_scores(star()).values()) == pytest.approx(1.0)


def test_first_limits_the_list() -> None:
    assert len(influencer_scores(star(), "degree", first=3)) == 3
