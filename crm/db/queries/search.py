"""Look-ups in the name keys: exact, prefix, substring and trigram-similar keys, and blocks.

Substring and similarity use a trigram index on both databases: pg_trgm's GIN index on
PostgreSQL (`LIKE '%…%'` and `%`), the FTS5 trigram table on SQLite (`MATCH`). Each
function returns at most `limit` rows, so a common key never floods the caller.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    bindparam,
    func,
    literal_column,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement

from crm.db.models import NameKey, NameKeyKind, Person
from crm.db.name_index import FTS_TABLE
from crm.db.queries import search_postgresql as postgresql
from crm.db.queries.common import table_of
from crm.db.queries.conditions import like_pattern
from crm.names.normalize import han_part
from crm.names.spelling import describe, is_reading_key

name_key = table_of(NameKey)
person = table_of(Person)

#: exact hits of a better kind come first
KIND_ORDER: tuple[NameKeyKind, ...] = (
    NameKeyKind.NAME,
    NameKeyKind.LATIN,
    NameKeyKind.FULL,
    NameKeyKind.ALIAS,
    NameKeyKind.FORMER,
    NameKeyKind.GIVEN,
    NameKeyKind.WESTERN,
    NameKeyKind.INITIALS,
    NameKeyKind.SURNAME,
    NameKeyKind.PART,
)
_ENTITIES = frozenset({"person", "organization"})
#: above every character a key can hold, so [prefix, prefix + _TOP) is "starts with prefix"
_TOP = "\U0010ffff"
#: trigram similarity below this is not worth showing (pg_trgm's default is 0.3)
SIMILARITY_FLOOR = 0.3
#: Substring and trigram matches are looked for among the keys that spell a name out
#: whole (as written, own Latin spelling, full forms, aliases, former names, Western
#: names), through a trigram index over those alone (PostgreSQL: migration 0008; SQLite's
#: FTS5 table holds only those: migration 0009). The
#: fragment keys (surnames in every spelling, given names, initials, words, blocking
#: keys: five in six keys) are reached by exact and prefix lookups; in the trigram index
#: they only lengthened every posting list. Written out (not bound) so the planner
#: matches the partial index's predicate.
_SPELLED_OUT = text("name_key.kind IN ('name', 'latin', 'full', 'alias', 'former', 'western')")
#: SQLite's SIMILAR skips a trigram held by this many keys or more (see `_trigram_keys`)
_COMMON_TRIGRAM = 1_000
#: PostgreSQL: substring and similarity matches read per row asked for, before ranking
_SAMPLE_FACTOR = 20
#: typo variants with substituted and inserted letters only for queries up to this long
_EDIT_ALPHABET_LENGTH = 30
_LETTERS = "abcdefghijklmnopqrstuvwxyz -"


@dataclass(frozen=True, slots=True)
class KeyHit:
    entity: str
    entity_id: int
    key: str
    kind: NameKeyKind


class _unindexed(FunctionElement[str]):  # noqa: N801 - reads as SQL
    """A column that must not choose the index: `+column` on SQLite, the column elsewhere.

    Without statistics SQLite's planner takes `entity IN (…)` for the more selective
    term and walks the whole (entity, entity_id, key) unique index, 100–300 ms at 20,000
    people, instead of the key index (well under a millisecond); the unary `+` is
    SQLite's documented way to keep a term from choosing an index. PostgreSQL keeps
    statistics and needs no hint.
    """

    type = String()
    inherit_cache = True
    name = "unindexed"


@compiles(_unindexed)
def _unindexed_default(element: _unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(_unindexed, "sqlite")
def _unindexed_sqlite(element: _unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.clauses, **kw))


def _searchable(entities: Sequence[str]) -> list[ColumnElement[bool]]:
    return [
        _unindexed(name_key.c.entity).in_(list(entities)),
        name_key.c.kind != NameKeyKind.BLOCK,
    ]


def _hits(rows: Sequence[Any]) -> list[KeyHit]:
    """Rows as hits. A record's reading keys (crm.names.spelling) become one hit that names
    the spelling systems they are in ("陈 lak-sai (Hokkien, Teochew)"): the `matched` a
    search hit shows, so a liaison officer sees which spelling found the person."""
    hits: list[KeyHit] = []
    readings: dict[tuple[str, int, str], tuple[int, list[str]]] = {}
    for r in rows:
        if is_reading_key(r.key):
            found = readings.get((r.entity, r.entity_id, r.kind))
            if found is not None:
                found[1].append(r.key)
                continue
            readings[(r.entity, r.entity_id, r.kind)] = (len(hits), [r.key])
        hits.append(KeyHit(r.entity, r.entity_id, r.key, NameKeyKind(r.kind)))
    for position, keys in readings.values():
        hits[position] = replace(hits[position], key=describe(*keys))
    return hits


def _columns() -> Select[Any]:
    return select(name_key.c.entity, name_key.c.entity_id, name_key.c.key, name_key.c.kind)


async def exact_keys(
    session: AsyncSession, *, keys: Sequence[str], entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys equal to one of `keys`, the best kinds first.

    One branch per key and kind, each a range of the (key, kind, entity, entity_id)
    index read in order and cut at `limit`, so a key thousands of people share (a
    surname, one Han character) costs `limit` index entries, not a sort of all of them.
    """
    if not keys:
        return []
    distinct = sorted(set(keys))
    # Reading keys ("陈 lak-sai (闽)", crm.names.spelling) are dozens per Latin query, all
    # of kind full, each held by a few people: looked up on their own, the rest by kind.
    readings = [key for key in distinct if is_reading_key(key)]
    plain = [key for key in distinct if not is_reading_key(key)]
    on_postgresql = await _dialect(session) == "postgresql"
    rows: list[Any] = []
    if plain and on_postgresql:
        # One statement whatever the number of keys: PostgreSQL plans it once per
        # connection (a prepared statement) instead of a union of dozens of branches.
        params = {
            "keys": plain,
            "kinds": [kind.value for kind in KIND_ORDER],
            "entities": sorted(entities),
            "cut": limit,
        }
        rows.extend((await session.execute(postgresql.EXACT, params)).all())
    elif plain:
        statement = _exact_statement(len(plain), tuple(entities), limit)
        values = {f"key_{index}": key for index, key in enumerate(plain)}
        rows.extend((await session.execute(statement, values)).all())
    if readings and on_postgresql:
        params = {"keys": readings, "entities": sorted(entities), "cut": limit}
        rows.extend((await session.execute(postgresql.READING, params)).all())
    elif readings:
        # One IN list: SQLite allows 500 branches in a compound SELECT.
        statement = (
            _columns()
            .where(
                name_key.c.key.in_(readings),
                name_key.c.kind == NameKeyKind.FULL,
                _unindexed(name_key.c.entity).in_(list(entities)),
            )
            .order_by(name_key.c.entity, name_key.c.entity_id)
            .limit(limit)
        )
        rows.extend((await session.execute(statement)).all())
    if plain and readings:
        rank = {kind.value: index for index, kind in enumerate(KIND_ORDER)}
        rows.sort(key=lambda r: (rank[r.kind], r.entity, r.entity_id))
    return _hits(rows[:limit])


@functools.lru_cache(maxsize=256)
def _exact_statement(key_count: int, entities: tuple[str, ...], limit: int) -> Select[Any]:
    """The statement of `exact_keys` for this many keys, built once: building a union of
    a few dozen branches costs more than running it. The entities and the limit are
    written into the SQL (they are part of the cache key), which spares expanding a few
    dozen IN lists and LIMITs on every call."""
    if not set(entities) <= _ENTITIES:
        raise ValueError(f"unknown entities {entities}")
    written: list[ColumnElement[Any]] = [literal_column(f"'{entity}'") for entity in entities]
    cut: ColumnElement[Any] = literal_column(str(int(limit)))
    branches = [
        _columns()
        .add_columns(literal_column(str(rank)).label("rank"))
        .where(
            name_key.c.key == bindparam(f"key_{index}"),
            name_key.c.kind == kind,
            _unindexed(name_key.c.entity).in_(written),
        )
        .order_by(name_key.c.entity, name_key.c.entity_id)
        .limit(cut)
        .subquery()
        for index in range(key_count)
        for rank, kind in enumerate(KIND_ORDER)
    ]
    found = union_all(*(select(branch) for branch in branches)).subquery()
    return (
        select(found.c.entity, found.c.entity_id, found.c.key, found.c.kind)
        .order_by(found.c.rank, found.c.entity, found.c.entity_id)
        .limit(cut)
    )


async def prefix_keys(
    session: AsyncSession, *, prefix: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys that start with `prefix` (a range on the key index), in key order."""
    statement = (
        _columns()
        .where(
            name_key.c.key >= prefix,
            name_key.c.key < prefix + _TOP,
            name_key.c.key != prefix,
            *_searchable(entities),
        )
        .order_by(name_key.c.key, name_key.c.entity, name_key.c.entity_id)
        .limit(limit)
    )
    return _hits((await session.execute(statement)).all())


async def substring_keys(
    session: AsyncSession, *, fragment: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys that contain `fragment` (three characters or more), shortest first."""
    if len(fragment) < 3:
        return []
    if await _dialect(session) == "postgresql":
        # A common fragment ("zhang") is in a third of all keys: ordering every match by
        # length reads them all. Take a bounded sample of matches from the index first.
        sample = (
            select(name_key.c.id)
            .where(
                name_key.c.key.like(like_pattern(fragment), escape="\\"),
                _SPELLED_OUT,
                *_searchable(entities),
            )
            .limit(limit * _SAMPLE_FACTOR)
        )
        found = name_key.c.id.in_(sample.scalar_subquery())
    else:
        found = name_key.c.id.in_(_fts_match(_phrase(fragment)))
    statement = (
        _columns()
        .where(found, *_searchable(entities))
        .order_by(func.length(name_key.c.key), name_key.c.entity, name_key.c.entity_id)
        .limit(limit)
    )
    return _hits((await session.execute(statement)).all())


async def similar_keys(
    session: AsyncSession, *, text_: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys one typo away from `text_`, or else keys sharing many of its trigrams.

    Two looks, both on an index: the keys one edit away (a letter missing, extra,
    swapped or wrong: `one_edit`), looked up exactly, longest first (a letter the query
    lost outranks one it added, as the edit similarity has it); only when there are
    none, the trigram index (`_trigram_keys`). At most `limit` rows, unranked: the
    caller ranks them.
    """
    if len(text_) < 3:
        return []
    variants = sorted(one_edit(text_))
    if await _dialect(session) == "postgresql":
        # Several hundred variants as one array parameter, each an index probe cut at
        # `limit`: a plain `key = ANY(…)` looks to the planner like tens of thousands of
        # rows (a surname key is shared by thousands) and gets a parallel plan whose
        # workers take longer to start than the probes take to run.
        params = {"variants": variants, "entities": sorted(entities), "cut": limit}
        found = await session.execute(postgresql.ONE_EDIT, params)
        near = _hits(found.all())
        if near:
            return near
        return await _trigram_keys(session, text_=text_, entities=entities, limit=limit)
    near_key = name_key.c.key.in_(variants)
    statement = (
        _columns()
        .where(near_key, *_searchable(entities))
        .order_by(func.length(name_key.c.key).desc(), name_key.c.entity, name_key.c.entity_id)
        .limit(limit)
    )
    near = _hits((await session.execute(statement)).all())
    if near:
        # One typo away is as near as it gets below an exact match; the trigram look
        # (100–200 ms on PostgreSQL at 3 million keys) is for what is further off.
        return near
    return await _trigram_keys(session, text_=text_, entities=entities, limit=limit)


def one_edit(text_: str) -> set[str]:
    """Every text of three characters or more one deletion, transposition, substitution or
    insertion away from a Latin `text_` (letters a–z, space, hyphen); none for Han text.

    Han names are not typed letter by letter, and a Han name one character short is a
    fragment key of many other names (陈建华 → 建华). A query over
    `_EDIT_ALPHABET_LENGTH` characters gets deletions and transpositions only.

    >>> sorted(key for key in one_edit("abcd") if len(key) == 3)
    ['abc', 'abd', 'acd', 'bcd']
    >>> "chen jianguo" in one_edit("chen jiangou") and "meijun" in one_edit("meijn")
    True
    >>> one_edit("陈建华")
    set()
    """
    if han_part(text_):
        return set()
    splits = [(text_[:i], text_[i:]) for i in range(len(text_) + 1)]
    found = {left + right[1:] for left, right in splits if right}
    found |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    if len(text_) <= _EDIT_ALPHABET_LENGTH:
        found |= {left + c + right[1:] for left, right in splits if right for c in _LETTERS}
        found |= {left + c + right for left, right in splits for c in _LETTERS}
    found.discard(text_)
    return {key for key in found if len(key) >= 3 and key.strip(" -") == key}


async def _trigram_keys(
    session: AsyncSession, *, text_: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys sharing many trigrams with `text_`, most first.

    PostgreSQL: pg_trgm's `%` (similarity at least `pg_trgm.similarity_threshold`, 0.3)
    on the GIN index, most similar first. SQLite: FTS5 has no similarity, and ranking an
    OR of every trigram (bm25) reads each trigram's whole list, 300 ms at 20,000 people;
    so only the query's uncommon trigrams (held by fewer than `_COMMON_TRIGRAM` keys,
    counted with a LIMIT, so a common one costs no more than that) vote, and the keys
    holding most of them come first. Typo tolerance does not depend on it: `one_edit`
    finds the nearest keys whatever their trigrams.
    """
    if await _dialect(session) == "postgresql":
        # As for substrings: a bounded sample of the keys over the threshold, then ranked.
        sample = (
            select(name_key.c.id)
            .where(name_key.c.key.op("%")(text_), _SPELLED_OUT, *_searchable(entities))
            .limit(limit * _SAMPLE_FACTOR)
        )
        similarity = func.similarity(name_key.c.key, text_)
        statement = (
            _columns()
            .where(name_key.c.id.in_(sample.scalar_subquery()))
            .order_by(similarity.desc(), name_key.c.entity, name_key.c.entity_id)
            .limit(limit)
        )
        return _hits((await session.execute(statement)).all())
    grams = sorted({text_[i : i + 3] for i in range(len(text_) - 2)})
    counted = select(
        *(
            select(func.count())
            .select_from(_fts_match(_phrase(gram)).limit(_COMMON_TRIGRAM).subquery())
            .scalar_subquery()
            for gram in grams
        )
    )
    counts = (await session.execute(counted)).one()
    rare = [gram for gram, count in zip(grams, counts, strict=True) if count < _COMMON_TRIGRAM]
    if not rare:
        return []
    votes = union_all(*(_fts_match(_phrase(gram)) for gram in rare)).subquery()
    shared = func.count().label("shared")
    voted = (
        select(votes.c.rowid.label("id"), shared)
        .group_by(votes.c.rowid)
        .order_by(shared.desc(), votes.c.rowid)
        .limit(limit)
        .subquery()
    )
    statement = (
        _columns()
        .join(voted, name_key.c.id == voted.c.id)
        .where(*_searchable(entities))
        .order_by(voted.c.shared.desc(), name_key.c.entity, name_key.c.entity_id)
    )
    return _hits((await session.execute(statement)).all())


async def block_keys(session: AsyncSession, *, keys: Sequence[str], limit: int) -> list[int]:
    """People that share a blocking key with `keys`."""
    if not keys:
        return []
    statement = (
        select(name_key.c.entity_id)
        .where(
            name_key.c.key.in_(sorted(set(keys))),
            _unindexed(name_key.c.entity) == "person",
            name_key.c.kind == NameKeyKind.BLOCK,
        )
        .distinct()
        .order_by(name_key.c.entity_id)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def person_names(session: AsyncSession, *, ids: Sequence[int]) -> list[Any]:
    """id, name and Latin name of these people."""
    if not ids:
        return []
    statement = select(person.c.id, person.c.name, person.c.name_latin).where(
        person.c.id.in_(list(ids))
    )
    return list((await session.execute(statement)).all())


def _fts_match(query: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(literal_column(FTS_TABLE).op("MATCH")(query))
    )


def _phrase(fragment: str) -> str:
    """An FTS5 string literal: the fragment as one phrase, quotes doubled."""
    return '"' + fragment.replace('"', '""') + '"'


async def _dialect(session: AsyncSession) -> str:
    connection = await session.connection()
    return connection.dialect.name
