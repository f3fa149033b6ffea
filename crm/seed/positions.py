"""The positions employers offered through the conference, high-level and flexible ones included.

More than 20,000 positions, of which 3,600 high-level demands and over 500 flexible or
project-based positions (planners, AI visual algorithm engineers).
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from crm.db.enums import OrganizationKind, PositionKind, PositionStatus
from crm.db.models import Position
from crm.seed import figures
from crm.seed.conference import Events
from crm.seed.employers import Employer
from crm.seed.fields import FIELDS, FLEXIBLE_TITLES, HIGH_LEVEL_TITLES, TITLES
from crm.seed.plan import Plan, Ref

__all__ = ["Opening", "build_positions"]

_K = OrganizationKind
#: how often an employer's positions are high-level demands (doctorates, senior experts)
_HIGH_LEVEL_BIAS = {
    _K.UNIVERSITY: 0.7,
    _K.HOSPITAL: 0.5,
    _K.FINANCIAL_INSTITUTION: 0.3,
    _K.SCHOOL: 0.0,
}
_RESEARCH_FIELDS = frozenset(
    {
        "artificial intelligence",
        "biomedicine",
        "high-energy physics",
        "new materials",
        "new energy",
        "integrated circuits",
    }
)


@dataclass(frozen=True)
class Opening:
    """A planned position, with what applicants need to know about it."""

    ref: Ref
    employer: Employer
    event: Ref
    title: str


def build_positions(
    rng: Random, plan: Plan, employers: list[Employer], events: Events
) -> list[Opening]:
    """Add the conference's positions (all in the conference tree) and a few later ones."""
    counts = _shares(figures.POSITIONS, [e.weight for e in employers])
    slots = [
        (employer, n)
        for employer, count in zip(employers, counts, strict=True)
        for n in range(count)
    ]
    scores = [_high_level_score(rng, employer) for employer, _ in slots]
    ranked = sorted(range(len(slots)), key=lambda i: -scores[i])
    high_level = set(ranked[: figures.HIGH_LEVEL_DEMANDS])
    companies = [
        i for i in range(len(slots)) if i not in high_level and slots[i][0].kind == _K.COMPANY
    ]
    flexible = {
        i: n for n, i in enumerate(sorted(rng.sample(companies, figures.FLEXIBLE_POSITIONS)))
    }
    openings = []
    for i, (employer, _) in enumerate(slots):
        field = rng.choice(employer.fields)
        kind = PositionKind.FULL_TIME
        if i in high_level:
            template = rng.choice(HIGH_LEVEL_TITLES)
            title, description = template.zh.format(FIELDS[field]), f"{template.en}, {field}"
            event = events.talent if rng.random() < 0.5 else events.conference
        elif i in flexible:
            # The flexible titles take turns, so planners and AI vision engineers are both there.
            n = flexible[i]
            (title_, field) = FLEXIBLE_TITLES[n % len(FLEXIBLE_TITLES)]
            title, description = title_.zh, title_.en
            kind = PositionKind.FLEXIBLE if n % 2 == 0 else PositionKind.PROJECT_BASED
            event = events.platform
        else:
            choice = rng.choice(TITLES[field])
            title, description = choice.zh, choice.en
            event = events.fairs[employer.city] if rng.random() < 0.5 else events.platform
        openings.append(
            _add(rng, plan, employer, event, title, description, field, kind, high=i in high_level)
        )
    for employer in rng.sample(employers, 60):
        for _ in range(2):
            choice = rng.choice(TITLES[employer.fields[0]])
            kind = PositionKind.PART_TIME if rng.random() < 0.2 else PositionKind.FULL_TIME
            _add(
                rng,
                plan,
                employer,
                events.spring_fair,
                choice.zh,
                choice.en,
                employer.fields[0],
                kind,
                high=False,
            )
    return openings


def _add(
    rng: Random,
    plan: Plan,
    employer: Employer,
    event: Ref,
    title: str,
    description: str,
    field: str,
    kind: PositionKind,
    *,
    high: bool,
) -> Opening:
    status = rng.choices(list(PositionStatus), weights=(85, 8, 7))[0]
    ref = plan.add(
        Position,
        organization_id=employer.ref,
        title=title,
        field=field,
        kind=kind,
        place=employer.city,
        region=employer.city,
        openings=rng.randint(1, 2 if high else 5),
        status=status,
        is_high_level=high,
        event_id=event,
        description=description,
    )
    return Opening(ref, employer, event, title)


def _high_level_score(rng: Random, employer: Employer) -> float:
    bias = _HIGH_LEVEL_BIAS.get(employer.kind)
    if bias is None:
        bias = 0.35 if _RESEARCH_FIELDS & set(employer.fields) else 0.1
    return bias + rng.random()


def _shares(total: int, weights: list[float]) -> list[int]:
    """Split `total` into one share per weight, each at least 1 (largest remainders)."""
    rest = total - len(weights)
    exact = [rest * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: rest - sum(shares)]:
        shares[i] += 1
    return [s + 1 for s in shares]
