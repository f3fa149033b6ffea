"""The figures of the seed text, the demo's exact values for them, and how to count them.

`seeds/conference-2023-fuzhou.txt` reports a talent conference in figures ("1,023 guests",
"over 1,500 high-level talents"). `EXPECTATIONS` holds each figure as the text states it
(a bound or an exact value, with the sentence it comes from); `DEMO_FIGURES` holds the
exact value the demo data set reproduces; `measure_figures` counts every figure from the
database with SQL, so the demo (or any real data) can be checked against the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crm.seed.fields import FLEXIBLE_TITLES
from crm.seed.keys import CONFERENCE_NAME, ZHONGGUANCUN_PARK_PARTNERS
from crm.seed.measure import Figure, measure_figures

__all__ = [
    "CONFERENCE_NAME",
    "DEMO_FIGURES",
    "EXPECTATIONS",
    "Expectation",
    "Figure",
    "measure_figures",
]

#: the offline promotion regions of the online platform and the crowds they reported
OFFLINE_PARTICIPANTS_BY_REGION: dict[str, int] = {
    "Fuzhou": 3_126,
    "Putian": 1_482,
    "Ningde": 1_957,
    "Nanping": 1_368,
    "Pingtan": 1_704,
}

# The demo's exact values.
GUESTS = 1_023
ACADEMICIANS = 47
DOMESTIC_ACADEMICIANS = 35
ACFROC_EXPERTS = 106
PROJECT_LEADS = 85
ENTREPRENEURIAL_ITEMS = 205
HIGH_LEVEL_DEMANDS = 3_600
INTRODUCED_TALENTS = 1_512
INTRODUCED_EMPLOYERS = 100
HIGH_TECH_ACHIEVEMENTS = 45
SIGNED_COOPERATION_PROJECTS = 9
COOPERATION_INTENTIONS = 17
COOPERATION_AMOUNT = Decimal("7019360000.00")
FUND_TARGET_AMOUNT = Decimal("10000000000.00")
FUND_COMMITTED_AMOUNT = Decimal("3000000000.00")
BEIJING_NEGOTIATED_PROJECTS = 10
TALENT_WALL = 132
ONLINE_VISITS = 26_418
RESUMES = 3_642
OVERSEAS_APPLICANTS = 356
PRELIMINARY_INTENTIONS = 1_480
POSITIONS = 20_180
EMPLOYERS = 1_000
FLEXIBLE_POSITIONS = 520
GLOBAL500_EMPLOYERS = 10
STATE_OWNED_EMPLOYERS = 80
EDUCATION_EMPLOYERS = 42
HEALTH_EMPLOYERS = 28


@dataclass(frozen=True)
class Expectation:
    """A figure as the seed text states it: inclusive bounds and the sentence it comes from."""

    name: str
    quote: str
    minimum: Figure | None = None
    maximum: Figure | None = None

    def holds(self, value: Figure) -> bool:
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value <= self.maximum
        )


def _exactly(name: str, value: Figure, quote: str) -> Expectation:
    return Expectation(name, quote, value, value)


_COLLECTED = (
    "A total of 85 project leads, 205 pieces of entrepreneurial information, 3,600 high-level "
    "employment demands were collected at the conference"
)
_INTRODUCED = (
    "over 1,500 high-level talents and 100 employers reached introduction and employment intentions"
)
_ACADEMICIANS = (
    "including 47 domestic and overseas academicians from the Chinese Academy of Sciences "
    "and the Chinese Academy of Engineering"
)
_EXPERTS = (
    "over 100 specially-invited ACFROC experts who are specialized in fields such as "
    "high-energy physics, artificial intelligence and biomedicine"
)
_SIGNED = (
    "leading to the successful signing of agreements on 9 cooperative projects and preliminary "
    "cooperation intentions on 17 projects, with an intended amount of over 7.019 billion yuan"
)
_FUND = (
    "The“Fujian Revitalization Fund of Overseas Chinese Entrepreneurs” was formally established "
    "with a targeted total fund of 10 billion yuan, and an initial fund of 3 billion yuan has "
    "been in place."
)
_BEIJING = (
    "At the Beijing Innovation and Entrepreneurship and Industrial Policies Promotion Conference, "
    "10 projects were negotiated and discussed, and the Beijing Overseas Chinese Federation and "
    "Fujian Overseas Chinese Federation signed an agreement on the“Service Development and "
    "Cooperation Mechanism for Pooling the Wisdom and Strength of Overseas Chinese”."
)
_ZHONGGUANCUN = (
    "The Administrative Commission of Zhongguancun Science Park under Beijing Municipal Science & "
    "Technology Commission established deep connections and had extensive discussions with the "
    "Fujian Provincial Department of Science and Technology and the Sanming Municipal People's "
    "Government to further advance the development of the Sanming·Zhongguancun Park."
)
_WALL = (
    "the conference carefully selected 132 outstanding overseas talents with doctoral and "
    "master's degrees from world-renowned universities such as Oxford, Cambridge and Harvard, "
    "listed them on the“Overseas Talent Wall” and invited them to participate in the talent "
    "recruitment and introduction session."
)
_OFFLINE = (
    "the online talent attraction and introduction platform for“pooling the wisdom of overseas "
    "Chinese talents” was opened to 5 offline promotion regions"
)
_RESUMES = (
    "more than 3,600 resumes were submitted both offline and online, including those from over "
    "350 overseas talents, and a total of 1,480 talents reached preliminary intentions."
)
_POSITIONS = (
    "More than 20,000 targeted and diversified positions were offered by 1,000 organizations "
    "including some Global 500 companies, education and health institutions, state-owned "
    "enterprises, and other entities in the northeastern part of Fujian."
)
_FLEXIBLE = (
    "the conference also provided over 500 flexible and project-based positions such as planners "
    "and AI visual algorithm engineers."
)
_FINANCE = (
    "the conference facilitated the establishment of funds and the collaboration with financial "
    "institutions."
)

EXPECTATIONS: tuple[Expectation, ...] = (
    _exactly("guests", GUESTS, "1,023 guests attended the conference"),
    _exactly("academicians", ACADEMICIANS, _ACADEMICIANS),
    Expectation("domestic_academicians", _ACADEMICIANS, minimum=1),
    Expectation("overseas_academicians", _ACADEMICIANS, minimum=1),
    Expectation("acfroc_experts", _EXPERTS, minimum=101),
    _exactly("acfroc_expert_fields", 3, _EXPERTS),
    _exactly("acfroc_experts_outside_their_fields", 0, _EXPERTS),
    _exactly("project_leads", PROJECT_LEADS, _COLLECTED),
    _exactly("entrepreneurial_items", ENTREPRENEURIAL_ITEMS, _COLLECTED),
    _exactly("high_level_demands", HIGH_LEVEL_DEMANDS, _COLLECTED),
    Expectation("introduced_talents", _INTRODUCED, minimum=1_501),
    _exactly("introduced_employers", INTRODUCED_EMPLOYERS, _INTRODUCED),
    _exactly(
        "high_tech_achievements",
        HIGH_TECH_ACHIEVEMENTS,
        "A total of 45 high-tech achievements were promoted and displayed at the conference",
    ),
    _exactly(
        "high_tech_achievements_displayed",
        HIGH_TECH_ACHIEVEMENTS,
        "A total of 45 high-tech achievements were promoted and displayed at the conference",
    ),
    _exactly("signed_cooperation_projects", SIGNED_COOPERATION_PROJECTS, _SIGNED),
    _exactly("cooperation_intentions", COOPERATION_INTENTIONS, _SIGNED),
    Expectation("cooperation_amount", _SIGNED, Decimal("7019000000.01"), Decimal("7019999999.99")),
    _exactly("cooperation_agreements_without_project_or_parties", 0, _SIGNED),
    _exactly("fund_target_amount", FUND_TARGET_AMOUNT, _FUND),
    _exactly("fund_committed_amount", FUND_COMMITTED_AMOUNT, _FUND),
    _exactly("fund_founded_at_conference", 1, _FUND),
    Expectation("fund_establishment_agreements", _FUND, minimum=1),
    Expectation("fund_financial_institutions", _FINANCE, minimum=1, maximum=2),
    _exactly("beijing_negotiated_projects", BEIJING_NEGOTIATED_PROJECTS, _BEIJING),
    _exactly("mechanism_agreements", 1, _BEIJING),
    _exactly("federations_under_acfroc", 2, _BEIJING),
    _exactly("zhongguancun_park_partners", len(ZHONGGUANCUN_PARK_PARTNERS), _ZHONGGUANCUN),
    _exactly("zhongguancun_commission_under_science_commission", 1, _ZHONGGUANCUN),
    _exactly("talent_wall", TALENT_WALL, _WALL),
    _exactly("talent_wall_with_renowned_degrees", TALENT_WALL, _WALL),
    _exactly("talent_wall_at_recruitment_session", TALENT_WALL, _WALL),
    _exactly("talent_wall_from_oxford_cambridge_harvard", 3, _WALL),
    _exactly("offline_regions", len(OFFLINE_PARTICIPANTS_BY_REGION), _OFFLINE),
    Expectation(
        "offline_participants",
        "With nearly ten thousand participants attracted by offline activities",
        9_000,
        9_999,
    ),
    Expectation("online_visits", "over 26,000 online visits", 26_001, 26_999),
    Expectation("resumes", _RESUMES, minimum=3_601),
    Expectation("overseas_applicants", _RESUMES, minimum=351),
    _exactly("preliminary_intentions", PRELIMINARY_INTENTIONS, _RESUMES),
    Expectation("positions", _POSITIONS, minimum=20_001),
    _exactly("employers", EMPLOYERS, _POSITIONS),
    Expectation("global500_employers", _POSITIONS, minimum=1),
    Expectation("state_owned_employers", _POSITIONS, minimum=1),
    Expectation("education_employers", _POSITIONS, minimum=1),
    Expectation("health_employers", _POSITIONS, minimum=1),
    _exactly("employers_outside_northeastern_fujian", 0, _POSITIONS),
    Expectation("flexible_positions", _FLEXIBLE, minimum=501),
    Expectation("flexible_planner_positions", _FLEXIBLE, minimum=1),
    Expectation("flexible_ai_vision_positions", _FLEXIBLE, minimum=1),
)

#: what the demo data set reproduces, exactly
DEMO_FIGURES: dict[str, Figure] = {
    e.name: e.minimum for e in EXPECTATIONS if e.minimum is not None and e.minimum == e.maximum
} | {
    "domestic_academicians": DOMESTIC_ACADEMICIANS,
    "overseas_academicians": ACADEMICIANS - DOMESTIC_ACADEMICIANS,
    "acfroc_experts": ACFROC_EXPERTS,
    "introduced_talents": INTRODUCED_TALENTS,
    "cooperation_amount": COOPERATION_AMOUNT,
    "fund_establishment_agreements": 1,
    "fund_financial_institutions": 2,
    "offline_participants": sum(OFFLINE_PARTICIPANTS_BY_REGION.values()),
    "online_visits": ONLINE_VISITS,
    "resumes": RESUMES,
    "overseas_applicants": OVERSEAS_APPLICANTS,
    "positions": POSITIONS,
    "global500_employers": GLOBAL500_EMPLOYERS,
    "state_owned_employers": STATE_OWNED_EMPLOYERS,
    "education_employers": EDUCATION_EMPLOYERS,
    "health_employers": HEALTH_EMPLOYERS,
    "flexible_positions": FLEXIBLE_POSITIONS,
    # the flexible titles take turns, so each has an equal share
    "flexible_planner_positions": FLEXIBLE_POSITIONS // len(FLEXIBLE_TITLES),
    "flexible_ai_vision_positions": FLEXIBLE_POSITIONS // len(FLEXIBLE_TITLES),
}
