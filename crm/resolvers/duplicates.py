"""duplicateCandidates: pairs of person records that are probably one person, with reasons.

Blocking (`crm.names.blocking_keys`, stored as BLOCK name keys) picks the pairs worth
comparing: same surname family and first given syllable in any spelling, same surname and
birth year, same email, same phone. `crm.names.person_similarity` scores each pair with
the names, birth years, contacts and organisations, and says why.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass

from crm.db.queries import duplicates as q
from crm.errors import bad_input
from crm.names import DEFAULT_THRESHOLD, PersonName, person_similarity
from crm.resolvers.context import Context

__all__ = ["MAX_BLOCK", "MAX_PAIRS", "DuplicateCandidate", "duplicate_candidates"]

#: blocks shared by more people are skipped (see candidate_pairs)
MAX_BLOCK = 100
#: pairs scored per request, the ones sharing the most blocks first
MAX_PAIRS = 2_000
DEFAULT_FIRST = 20


@dataclass(frozen=True, slots=True)
class DuplicateCandidate:
    person_id: int
    other_id: int
    score: float
    reasons: list[str]


async def duplicate_candidates(
    context: Context,
    *,
    first: int | None,
    min_score: float | None,
    person_id: int | None = None,
) -> list[DuplicateCandidate]:
    """The likeliest duplicate pairs, best first; with `person_id`, that person's only."""
    limit = DEFAULT_FIRST if first is None else first
    threshold = DEFAULT_THRESHOLD if min_score is None else min_score
    if not 1 <= limit <= context.settings.max_page_size:
        raise bad_input(f"`first` must be between 1 and {context.settings.max_page_size}")
    if not 0 <= threshold <= 1:
        raise bad_input("`minScore` must be between 0 and 1")
    async with context.db() as session:
        members = await q.block_members(session, person_id=person_id)
        pairs = candidate_pairs(members, person_id=person_id)
        ids = sorted({key for pair in pairs for key in pair})
        rows = {row.id: row for row in await q.people_for_scoring(session, ids=ids)}
        organizations = await q.organization_names(session, ids=ids)
    names = {
        key: PersonName(
            name=row.name,
            latin=row.name_latin,
            birth_year=row.birth_year,
            emails=(row.email,) if row.email else (),
            phones=(row.phone,) if row.phone else (),
            organizations=tuple(organizations.get(key, ())),
        )
        for key, row in rows.items()
    }
    # Scoring is CPU work (about a millisecond a pair): keep the event loop free.
    found = await asyncio.to_thread(_score, pairs, names, threshold, person_id)
    return found[:limit]


def _score(
    pairs: list[tuple[int, int]],
    names: dict[int, PersonName],
    threshold: float,
    person_id: int | None,
) -> list[DuplicateCandidate]:
    found = []
    for left, right in pairs:
        if left not in names or right not in names:
            continue  # deleted meanwhile
        match = person_similarity(names[left], names[right])
        if match.score >= threshold:
            first, second = (right, left) if right == person_id else (left, right)
            found.append(DuplicateCandidate(first, second, match.score, match.reasons))
    found.sort(key=lambda c: (-c.score, c.person_id, c.other_id))
    return found


def candidate_pairs(
    members: dict[str, list[int]], *, person_id: int | None = None
) -> list[tuple[int, int]]:
    """Pairs sharing a block of at most MAX_BLOCK people, most shared blocks first.

    A block that many people share (a common surname and birth year) says little and would
    make the pairs grow with its square. At most MAX_PAIRS pairs are returned.

    >>> candidate_pairs({"a": [1, 2, 3], "b": [2, 3], "c": [4]})
    [(2, 3), (1, 2), (1, 3)]
    """
    shared: Counter[tuple[int, int]] = Counter()
    for people in members.values():
        if not 2 <= len(people) <= MAX_BLOCK:
            continue
        people = sorted(set(people))
        shared.update(
            (a, b)
            for i, a in enumerate(people)
            for b in people[i + 1 :]
            if person_id is None or person_id in (a, b)
        )
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))
    return [pair for pair, _ in ranked[:MAX_PAIRS]]
