"""Community detection recovers planted communities (LFR benchmark) and describes them."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Mapping

import networkx as nx
import pytest

from crm.graph.communities import community_index, detect_communities
from tests.graph.networks import CONNECTOR, GROUP_A, GROUP_B, barbell


def normalized_mutual_information(
    truth: Mapping[str, Hashable], found: Mapping[str, Hashable]
) -> float:
    """NMI with the arithmetic-mean normalisation: 2·I(X; Y) / (H(X) + H(Y))."""
    n = len(truth)
    x, y = Counter(truth.values()), Counter(found[k] for k in truth)
    joint = Counter((truth[k], found[k]) for k in truth)

    def entropy(counts: Counter[Hashable]) -> float:
        return -sum(c / n * math.log(c / n) for c in counts.values())

    mutual = sum(c / n * math.log(c * n / (x[a] * y[b])) for (a, b), c in joint.items())
    denominator = entropy(x) + entropy(y)
    return 1.0 if denominator == 0 else 2 * mutual / denominator


def test_nmi_is_one_for_the_same_partition_and_zero_for_independent_ones() -> None:
    same = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert normalized_mutual_information(same, {"a": 9, "b": 9, "c": 8, "d": 8}) == pytest.approx(1)
    assert normalized_mutual_information(same, {"a": 1, "b": 2, "c": 1, "d": 2}) == pytest.approx(0)


def lfr(mixing: float, seed: int) -> tuple[nx.Graph, dict[str, int]]:
    graph = nx.LFR_benchmark_graph(
        1000,
        3,
        1.5,
        mixing,
        min_degree=5,
        max_degree=50,
        min_community=20,
        max_community=100,
        seed=seed,
    )
    planted = {frozenset(graph.nodes[v]["community"]) for v in graph}
    truth = {f"Person:{v}": i for i, group in enumerate(planted) for v in group}
    plain = nx.relabel_nodes(graph, lambda v: f"Person:{v}")
    for key in plain:
        plain.nodes[key].clear()
    return plain, truth


def recovered(mixing: float, seed: int) -> float:
    graph, truth = lfr(mixing, seed)
    return normalized_mutual_information(truth, community_index(detect_communities(graph)))


@pytest.mark.parametrize("seed", [42, 43])
def test_louvain_recovers_planted_communities_at_low_mixing(seed: int) -> None:
    assert recovered(0.1, seed) >= 0.9


def test_louvain_at_mixing_0_3_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    value = recovered(0.3, 42)
    with capsys.disabled():
        print(f"\nLFR n=1000 mixing 0.3 seed 42: NMI {value:.3f}")
    assert value >= 0.75  # 0.893 with the igraph engine (docs/analysis.md); a guard


def test_detection_is_repeatable_with_the_same_seed() -> None:
    graph, _ = lfr(0.3, 42)
    first = [c.members for c in detect_communities(graph, seed=1)]
    assert first == [c.members for c in detect_communities(graph, seed=1)]


def test_communities_are_described_by_leaders_organisations_fields_and_countries() -> None:
    communities = detect_communities(barbell())
    assert [c.id for c in communities] == list(range(len(communities)))
    assert sum(c.size for c in communities) == 15
    groups = {c.id: c for c in communities}
    index = community_index(communities)
    oxford = groups[index[GROUP_A[3]]]
    assert oxford.dominant_organizations[0] == ("Organization:1", 6)
    assert oxford.countries[0] == ("GB", 6)
    assert oxford.fields == (("AI", 6),)
    assert set(oxford.leading_members) <= set(GROUP_A) | {CONNECTOR}
    cambridge = groups[index[GROUP_B[3]]]
    assert cambridge.countries[0] == ("US", 6)
    assert len(oxford.leading_members) == 5
