"""Evidence sentences: each kind of tie reads as a sentence in the names as written."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from crm.graph.build import build_graph
from crm.graph.evidence import hop_evidence
from crm.graph.paths import introduction_paths
from crm.graph.records import LinkRecord
from tests.graph.records import (
    TODAY,
    affiliation,
    attendance,
    event,
    link,
    org,
    person,
    project,
    relationship,
)

LI, WANG, ZHANG = "Person:1", "Person:2", "Person:3"
OXFORD, FEDERATION, BRANCH = "Organization:1", "Organization:2", "Organization:3"
FAIR, LAB = "Event:1", "Project:1"


def network(*links: LinkRecord) -> nx.Graph:
    nodes = [
        person(LI, "李伟"),
        person(WANG, "王芳"),
        person(ZHANG, "张强"),
        org(OXFORD, "Oxford Chinese Alumni Association"),
        org(FEDERATION, "全美华人协会"),
        org(BRANCH, "福州分会"),
        event(FAIR, "人才招引对接会", starts_on=date(2023, 12, 22)),
        project(LAB, "海水淡化膜"),
    ]
    return build_graph(nodes, links, today=TODAY)


def evidence(graph: nx.Graph, *nodes: str, index: int = 0) -> str:
    return hop_evidence(graph, list(nodes), index, TODAY)


def test_a_relationship_reads_as_its_kind_year_and_strength() -> None:
    graph = network(relationship(LI, WANG, 0.8, kind="classmate", since=date(2010, 9, 1)))
    assert evidence(graph, LI, WANG) == "classmates since 2010 (strength 0.8)"


def test_a_mentor_is_named() -> None:
    graph = network(relationship(LI, WANG, 0.7, kind="mentor", since=date(2015, 1, 1)))
    assert evidence(graph, WANG, LI) == "李伟 is the mentor of 王芳 since 2015 (strength 0.7)"


def test_an_introduction_names_its_broker_and_date() -> None:
    made = link("introduction", LI, WANG, status="made", made_on=date(2023, 12, 22), broker="张强")
    assert evidence(network(made), LI, WANG) == "introduced by 张强 on 2023-12-22"


def test_shared_interactions_are_counted_with_the_latest() -> None:
    graph = network(
        *(
            link("interaction", LI, WANG, key=f"i{m}", occurred_at=date(2025, m, 1))
            for m in (1, 3, 5)
        )
    )
    assert evidence(graph, LI, WANG) == "in contact 3 times, last on 2025-05-01"
    single = network(link("interaction", LI, WANG, occurred_at=date(2025, 2, 3)))
    assert evidence(single, LI, WANG) == "in contact on 2025-02-03"


def test_a_membership_hop_reads_in_terms_of_the_organisation() -> None:
    graph = network(
        affiliation(LI, OXFORD, starts_on=date(2012, 1, 1)),
        affiliation(LI, OXFORD, "officer", starts_on=date(2019, 1, 1)),
        affiliation(WANG, OXFORD, starts_on=date(2015, 3, 1)),
    )
    assert evidence(graph, LI, OXFORD, WANG) == (
        "李伟 is a member of Oxford Chinese Alumni Association since 2012 (officer since 2019)"
    )
    assert evidence(graph, LI, OXFORD, WANG, index=1) == (
        "both members of Oxford Chinese Alumni Association since 2015"
    )
    assert (
        evidence(graph, OXFORD, WANG)
        == "王芳 is a member of Oxford Chinese Alumni Association since 2015"
    )


def test_past_roles_read_in_the_past() -> None:
    graph = network(
        affiliation(LI, OXFORD, "president", starts_on=date(2010, 1, 1), ends_on=date(2014, 1, 1))
    )
    assert (
        evidence(graph, LI, OXFORD)
        == "李伟 was the president of Oxford Chinese Alumni Association, 2010–2014"
    )


def test_alumni_read_as_study_with_degree_and_years() -> None:
    graph = network(
        affiliation(
            LI,
            OXFORD,
            "alumnus",
            starts_on=date(1990, 9, 1),
            ends_on=date(1994, 7, 1),
            degree="doctorate",
            field_of_study="化学",
        ),
        affiliation(WANG, OXFORD, "alumnus", starts_on=date(2012, 9, 1)),
    )
    assert evidence(graph, LI, OXFORD) == (
        "李伟 studied 化学 at Oxford Chinese Alumni Association (doctorate, 1990–1994)"
    )
    assert evidence(graph, LI, OXFORD, WANG, index=1) == (
        "both studied at Oxford Chinese Alumni Association (李伟 from 1990, 王芳 from 2012)"
    )


def test_a_cohort_reads_as_studying_together() -> None:
    graph = network(
        affiliation(LI, OXFORD, "alumnus", starts_on=date(2010, 9, 1), field_of_study="physics"),
        affiliation(
            WANG,
            OXFORD,
            "alumnus",
            starts_on=date(2011, 9, 1),
            ends_on=date(2014, 7, 1),
            field_of_study="physics",
        ),
    )
    assert (
        evidence(graph, LI, WANG)
        == "both studied physics at Oxford Chinese Alumni Association, 2011–2014"
    )


def test_attendance_reads_as_attending_the_event() -> None:
    graph = network(attendance(LI, FAIR, "speaker"), attendance(WANG, FAIR))
    assert evidence(graph, LI, FAIR) == "李伟 attended 人才招引对接会 as speaker on 2023-12-22"
    assert evidence(graph, LI, FAIR, WANG, index=1) == "both attended 人才招引对接会 (2023-12-22)"


def test_participation_reads_as_working_on_the_project() -> None:
    graph = network(
        link("participation", LI, LAB, role="lead"),
        link("participation", WANG, LAB, role="partner"),
    )
    assert evidence(graph, LI, LAB) == "李伟 leads 海水淡化膜"
    assert evidence(graph, LI, LAB, WANG, index=1) == "both work on 海水淡化膜"


def test_agreement_parties_and_hierarchy() -> None:
    graph = network(
        link(
            "agreement_party",
            LI,
            FEDERATION,
            agreement="人才合作协议",
            status="signed",
            signed_on=date(2023, 12, 22),
        ),
        link("parent", BRANCH, FEDERATION),
    )
    assert evidence(graph, LI, FEDERATION) == "both parties to 人才合作协议, signed on 2023-12-22"
    assert evidence(graph, FEDERATION, BRANCH) == "福州分会 is part of 全美华人协会"


def test_an_edge_with_two_kinds_of_fact_gives_both() -> None:
    graph = network(
        relationship(LI, WANG, 0.8, kind="classmate", since=date(2010, 9, 1)),
        link("interaction", LI, WANG, occurred_at=date(2025, 2, 3)),
    )
    assert (
        evidence(graph, LI, WANG)
        == "classmates since 2010 (strength 0.8); in contact on 2025-02-03"
    )


def test_paths_carry_the_evidence_of_every_hop() -> None:
    graph = network(
        relationship(ZHANG, LI, 0.9, kind="colleague"),
        affiliation(LI, OXFORD, starts_on=date(2012, 1, 1)),
        affiliation(WANG, OXFORD, starts_on=date(2012, 1, 1)),
    )
    (path,) = introduction_paths(graph, ZHANG, WANG, first=1)
    assert [h.evidence for h in path.hops] == [
        "colleagues (strength 0.9)",
        "李伟 is a member of Oxford Chinese Alumni Association since 2012",
        "both members of Oxford Chinese Alumni Association since 2012",
    ]
    assert [h.kind for h in path.hops] == ["relationship", "affiliation", "affiliation"]
    assert path.strength == pytest.approx(0.9 * path.hops[1].strength * path.hops[2].strength)
