"""The constant PostgreSQL statements of `crm.db.queries.search`.

Constant texts with array parameters: psycopg prepares a statement it sees repeatedly on
a connection, so each is planned once per connection, whatever the number of keys.
"""

from __future__ import annotations

from sqlalchemy import text

__all__ = ["EXACT", "ONE_EDIT", "READING"]

#: `exact_keys` on PostgreSQL: for each key and kind (in KIND_ORDER), the first `cut`
#: entries of the (key, kind, entity, entity_id) index, then the best `cut` of them
EXACT = text(
    """
    SELECT hit.entity, hit.entity_id, hit.key, hit.kind
    FROM unnest(CAST(:keys AS text[])) AS q(key)
    CROSS JOIN unnest(CAST(:kinds AS text[])) WITH ORDINALITY AS k(kind, rank)
    CROSS JOIN LATERAL (
        SELECT n.entity, n.entity_id, n.key, n.kind
        FROM name_key AS n
        WHERE n.key = q.key COLLATE "C"
          AND n.kind = k.kind
          AND n.entity = ANY(CAST(:entities AS text[]))
        ORDER BY n.entity, n.entity_id
        LIMIT :cut
    ) AS hit
    ORDER BY k.rank, hit.entity, hit.entity_id
    LIMIT :cut
    """
)


#: `exact_keys` on PostgreSQL for reading keys: one index probe per key, kind full only
READING = text(
    """
    SELECT hit.entity, hit.entity_id, hit.key, hit.kind
    FROM unnest(CAST(:keys AS text[])) AS q(key)
    CROSS JOIN LATERAL (
        SELECT n.entity, n.entity_id, n.key, n.kind
        FROM name_key AS n
        WHERE n.key = q.key COLLATE "C"
          AND n.kind = 'full'
          AND n.entity = ANY(CAST(:entities AS text[]))
        ORDER BY n.entity, n.entity_id
        LIMIT :cut
    ) AS hit
    ORDER BY hit.entity, hit.entity_id
    LIMIT :cut
    """
)


#: `similar_keys` on PostgreSQL: the keys equal to one of the one-edit variants, longest
#: first (as on SQLite)
ONE_EDIT = text(
    """
    SELECT hit.entity, hit.entity_id, hit.key, hit.kind
    FROM unnest(CAST(:variants AS text[])) AS q(key)
    CROSS JOIN LATERAL (
        SELECT n.entity, n.entity_id, n.key, n.kind
        FROM name_key AS n
        WHERE n.key = q.key COLLATE "C"
          AND n.kind <> 'block'
          AND n.entity = ANY(CAST(:entities AS text[]))
        ORDER BY n.kind, n.entity, n.entity_id
        LIMIT :cut
    ) AS hit
    ORDER BY length(hit.key) DESC, hit.entity, hit.entity_id
    LIMIT :cut
    """
)
