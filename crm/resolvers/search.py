"""search: one ranked list of people and organisations for any form of a name.

Tiers, each asked only while the list is short of `first` records (the costlier
SOUNDS_LIKE and SIMILAR only when nothing better was found), so a better tier's hit is
never pushed out by a worse one:

1. EXACT: a stored key equals one of the query's keys (the name as written, pinyin in
   either order, initials, a dialect surname, a Western name, an alias or acronym, a 1–2
   character Han fragment).
2. PREFIX: a key starts with the query ("jiang" → "jianguo").
3. SOUNDS_LIKE (people): a record sharing a blocking key with the query whose name the
   duplicate scorer accepts ("Kin-Kwok Chan" → 陳建國 with no Latin name on file).
4. SUBSTRING: a key contains the query (three characters or more, trigram index).
5. SIMILAR: a key one typo away from the query, or sharing enough trigrams with it.

`score` = (4 − tier + quality) / 5, quality in 0..1 within a tier: for EXACT the kind of
key (the name as written beats a surname), for PREFIX and SUBSTRING how much of the key
the query covers, for SOUNDS_LIKE the scorer's score, for SIMILAR the edit similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.models import NameKeyKind
from crm.db.queries import search as q
from crm.errors import bad_input
from crm.names import DEFAULT_THRESHOLD, PersonName, blocking_keys, person_similarity
from crm.names.keys import person_keys
from crm.names.normalize import han_part, normalize
from crm.names.organization import ORGANIZATION_ALIASES, organization_alias
from crm.resolvers.context import Context

__all__ = ["MAX_QUERY_LENGTH", "MatchKind", "SearchHit", "query_keys", "search"]

MAX_QUERY_LENGTH = 100
DEFAULT_FIRST = 10
#: rows read per tier for each record asked for: one record often matches several keys
_ROWS_PER_RECORD = 6
_SOUNDS_LIKE_CANDIDATES = 50
_SIMILAR_FLOOR = 0.6

KIND_QUALITY: dict[NameKeyKind, float] = {
    NameKeyKind.NAME: 1.0,
    NameKeyKind.LATIN: 1.0,
    NameKeyKind.FULL: 0.95,
    NameKeyKind.ALIAS: 0.9,
    NameKeyKind.FORMER: 0.85,
    NameKeyKind.GIVEN: 0.7,
    NameKeyKind.WESTERN: 0.65,
    NameKeyKind.INITIALS: 0.6,
    NameKeyKind.SURNAME: 0.5,
    NameKeyKind.PART: 0.4,
}


class MatchKind(StrEnum):
    EXACT = "exact"
    PREFIX = "prefix"
    SOUNDS_LIKE = "sounds_like"
    SUBSTRING = "substring"
    SIMILAR = "similar"


_TIER = {kind: index for index, kind in enumerate(MatchKind)}


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One record found, how, and by which stored key (normalised) or name."""

    entity: str
    entity_id: int
    score: float
    match: MatchKind
    matched: str
    key_kind: NameKeyKind | None


def _hit(
    entity: str,
    entity_id: int,
    match: MatchKind,
    quality: float,
    matched: str,
    kind: NameKeyKind | None,
) -> SearchHit:
    quality = min(1.0, max(0.0, quality))
    score = round((4 - _TIER[match] + quality) / 5, 4)
    return SearchHit(entity, entity_id, score, match, matched, kind)


def query_keys(text: str) -> set[str]:
    """The keys a query is looked up by exactly.

    >>> {"chan kin kwok", "chan kinkwok", "kinkwok chan"} <= query_keys("Chan Kin Kwok")
    True
    >>> "中国科学院" in query_keys("CAS")
    True
    """
    normalized = normalize(text)
    keys = {normalized, normalized.replace(" ", ""), normalized.replace("-", "")}
    derived = person_keys(normalized)
    keys |= derived.full
    if derived.simplified:
        keys.add(derived.simplified)
    canonical = normalized.replace("-", " ")
    keys.add(canonical[4:] if canonical.startswith("the ") else canonical)
    alias = organization_alias(text)
    if alias:
        keys.update(normalize(name) for name in ORGANIZATION_ALIASES[alias])
    return {key for key in keys if key}


def _check(text: str, first: int, max_first: int) -> str:
    if len(text) > MAX_QUERY_LENGTH:
        raise bad_input(f"`text` must be at most {MAX_QUERY_LENGTH} characters")
    normalized = normalize(text)
    if not normalized:
        raise bad_input("`text` must hold at least one letter or character")
    if not 1 <= first <= max_first:
        raise bad_input(f"`first` must be between 1 and {max_first}")
    return normalized


async def search(
    context: Context, text: str, *, first: int | None, entities: Sequence[str]
) -> list[SearchHit]:
    """The records best matching `text`, best first (see the module docstring)."""
    limit = DEFAULT_FIRST if first is None else first
    normalized = _check(text, limit, context.settings.max_page_size)
    found: dict[tuple[str, int], SearchHit] = {}
    rows = limit * _ROWS_PER_RECORD

    def keep(hit: SearchHit) -> None:
        current = found.get((hit.entity, hit.entity_id))
        if current is None or hit.score > current.score:
            found[(hit.entity, hit.entity_id)] = hit

    def short() -> bool:
        return len(found) < limit

    async with context.db() as session:
        for key_hit in await q.exact_keys(
            session, keys=sorted(query_keys(text)), entities=entities, limit=rows
        ):
            quality = KIND_QUALITY.get(key_hit.kind, 0.4)
            keep(_hit(*_of(key_hit), MatchKind.EXACT, quality, key_hit.key, key_hit.kind))
        if short():
            for key_hit in await q.prefix_keys(
                session, prefix=normalized, entities=entities, limit=rows
            ):
                quality = len(normalized) / len(key_hit.key)
                keep(_hit(*_of(key_hit), MatchKind.PREFIX, quality, key_hit.key, key_hit.kind))
        # The fallbacks below cost more; they run only when nothing better was found.
        if not found and "person" in entities:
            for hit in await _sounds_like(session, text, normalized):
                keep(hit)
        if short():
            for key_hit in await q.substring_keys(
                session, fragment=normalized, entities=entities, limit=rows
            ):
                quality = len(normalized) / len(key_hit.key)
                keep(_hit(*_of(key_hit), MatchKind.SUBSTRING, quality, key_hit.key, key_hit.kind))
        if not found:
            for key_hit in await q.similar_keys(
                session, text_=normalized, entities=entities, limit=rows
            ):
                quality = fuzz.ratio(normalized, key_hit.key) / 100
                if quality >= _SIMILAR_FLOOR:
                    keep(_hit(*_of(key_hit), MatchKind.SIMILAR, quality, key_hit.key, key_hit.kind))
    ranked = sorted(found.values(), key=lambda h: (-h.score, h.entity, h.entity_id))
    return ranked[:limit]


async def _sounds_like(session: AsyncSession, text: str, normalized: str) -> list[SearchHit]:
    """People whose name the duplicate scorer takes for the query's name."""
    query = PersonName(name=text) if han_part(normalized) else PersonName(latin=text)
    blocks = [key for key in blocking_keys(query) if key.startswith("name:")]
    ids = await q.block_keys(session, keys=blocks, limit=_SOUNDS_LIKE_CANDIDATES)
    hits = []
    for row in await q.person_names(session, ids=ids):
        match = person_similarity(query, PersonName(name=row.name, latin=row.name_latin))
        if match.score >= DEFAULT_THRESHOLD:
            matched = row.name if not row.name_latin else f"{row.name} ({row.name_latin})"
            hits.append(_hit("person", row.id, MatchKind.SOUNDS_LIKE, match.score, matched, None))
    return hits


def _of(hit: q.KeyHit) -> tuple[str, int]:
    return hit.entity, hit.entity_id
